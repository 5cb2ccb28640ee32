package org.flowmatch.manifolds;

/**
 * A component that lives on a manifold: wrapped data, the geodesic path, the tangent-projected model, a projected
 * solver. The experiment uses it to check that the components agree (an affine-only solver on a manifold is an
 * error), to plot in the manifold's chart and to measure geodesic distances.
 */
public interface OnManifold {

  Manifold manifold();
}
