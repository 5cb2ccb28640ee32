/**
 * Optimal transport within a training batch: the exact linear assignment solver
 * ({@link org.flowmatch.models.ot.LinearAssignment}) and the couplings that pair source and data rows
 * independently (I-CFM) or by the optimal assignment under squared Euclidean cost (OT-CFM).
 */
package org.flowmatch.models.ot;
