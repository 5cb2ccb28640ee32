/**
 * Extensions written wrongly, each loaded alone from a jar by {@code BrokenExtensionTest} (they are not in the test
 * class path's service file): a module that throws, one that registers a name twice, a tableau without dense output.
 */
package org.flowmatch.experiments.extension.broken;
