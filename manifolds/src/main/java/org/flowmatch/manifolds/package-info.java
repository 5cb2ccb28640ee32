/**
 * Riemannian flow matching (Chen and Lipman 2024): {@link org.flowmatch.manifolds.Manifold}s embedded in an ambient
 * R^n, the geodesic probability path, projected Runge-Kutta solvers on the one engine of {@code solvers}, the
 * tangent-projected MLP and datasets wrapped onto a manifold. Everything is registered by name in
 * {@link org.flowmatch.manifolds.ManifoldsModule}.
 */
package org.flowmatch.manifolds;
