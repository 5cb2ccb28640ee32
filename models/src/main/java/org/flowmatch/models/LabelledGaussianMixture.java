package org.flowmatch.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowmatch.core.Checks;
import org.flowmatch.core.ConditionalDistribution;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Gaussian mixture whose components carry class labels: class c is the mixture of its own components, with
 * prior p(c) the sum of their weights, and the marginal p(x) is the whole mixture. So
 * p(x | c) = sum_{k in c} w_k N(x; mu_k, s_k^2 I) / p(c) has a closed form, and so do the conditional velocity
 * and likelihood of every affine path ({@link LabelledMixtureVelocity}), which makes this the exact oracle of
 * conditional sampling, conditional likelihood and classifier-free guidance.
 *
 * <p>Sampling draws exactly what {@link GaussianMixture#sample} draws from the whole mixture (the same random
 * numbers in the same order) and labels each row with the class of its component. Immutable.
 */
public final class LabelledGaussianMixture implements ConditionalDistribution {
  private final GaussianMixture marginal;
  private final int[] componentClass;
  private final GaussianMixture[] classes;
  private final double[] priors;

  /**
   * @param marginal the whole mixture
   * @param componentClass the class 0 .. K - 1 of each component; every class needs at least one component
   * @throws IllegalArgumentException naming the component or class at fault
   */
  public LabelledGaussianMixture(GaussianMixture marginal, int[] componentClass) {
    if (marginal == null || componentClass == null) {
      throw new IllegalArgumentException("marginal and componentClass must not be null");
    }
    if (componentClass.length != marginal.components()) {
      throw new IllegalArgumentException("labels has " + componentClass.length + " entries, expected "
          + marginal.components() + " (one per component)");
    }
    int k = 0;
    for (int i = 0; i < componentClass.length; i++) {
      if (componentClass[i] < 0) {
        throw new IllegalArgumentException("labels[" + i + "] must not be negative, got " + componentClass[i]);
      }
      k = Math.max(k, componentClass[i] + 1);
    }
    this.marginal = marginal;
    this.componentClass = componentClass.clone();
    this.classes = new GaussianMixture[k];
    this.priors = new double[k];
    double[] w = marginal.weights();
    double[][] mu = marginal.means();
    double[] s = marginal.stds();
    for (int c = 0; c < k; c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < componentClass.length; i++) {
        if (componentClass[i] == c) {
          members.add(i);
          priors[c] += w[i];
        }
      }
      if (members.isEmpty()) {
        throw new IllegalArgumentException("class " + c + " has no component (labels " + Arrays.toString(componentClass)
            + " must use every class 0.." + (k - 1) + ")");
      }
      double[] cw = new double[members.size()];
      double[][] cm = new double[members.size()][];
      double[] cs = new double[members.size()];
      for (int j = 0; j < cw.length; j++) {
        cw[j] = w[members.get(j)];
        cm[j] = mu[members.get(j)];
        cs[j] = s[members.get(j)];
      }
      classes[c] = new GaussianMixture(marginal.name() + "[class " + c + "]", cw, cm, cs);
    }
  }

  @Override
  public String name() {
    return marginal.name();
  }

  @Override
  public int dim() {
    return marginal.dim();
  }

  @Override
  public Conditioning conditioning() {
    return Conditioning.classes(classes.length);
  }

  /** The number of classes. */
  public int classCount() {
    return classes.length;
  }

  /** The marginal p(x): the whole mixture. */
  public GaussianMixture marginal() {
    return marginal;
  }

  /** p(x | c), the mixture of class c's components with their weights renormalised. */
  public GaussianMixture classMixture(int c) {
    return classes[checkClass(c)];
  }

  /** p(c), the sum of class c's component weights. */
  public double prior(int c) {
    return priors[checkClass(c)];
  }

  /** The class of each component, a copy. */
  public int[] componentClasses() {
    return componentClass.clone();
  }

  @Override
  public INDArray sample(int n, Rng rng) {
    return marginal.sample(n, rng);
  }

  @Override
  public ConditionalSample sampleWithConditions(int n, Rng rng) {
    int[] drawn = new int[n];
    INDArray x = marginal.sample(n, rng, drawn);
    for (int i = 0; i < n; i++) {
      drawn[i] = componentClass[drawn[i]];
    }
    return new ConditionalSample(x, Conditions.labels(drawn, classes.length));
  }

  @Override
  public INDArray logDensity(INDArray x) {
    return marginal.logDensity(x);
  }

  @Override
  public boolean hasConditionalDensity() {
    return true;
  }

  /** log p(x | c) per row from the class's mixture; log p(x) for rows without a class. */
  @Override
  public INDArray logDensity(INDArray x, Conditions conditions) {
    Checks.matrix(x, "x", conditions.size(), dim());
    conditions.requireFits(conditioning());
    double[] out = NdArrays.toDoubles(marginal.logDensity(x));
    for (int c = 0; c < classes.length; c++) {
      int[] rows = rowsOf(conditions, c);
      if (rows.length > 0) {
        double[] part = NdArrays.toDoubles(classes[c].logDensity(NdArrays.selectRows(x, rows)));
        for (int i = 0; i < rows.length; i++) {
          out[rows[i]] = part[i];
        }
      }
    }
    return NdArrays.matrix(out, x.rows(), 1, x.dataType());
  }

  /** The rows of {@code conditions} whose label is {@code label} ({@link Conditions#NONE} allowed), in order. */
  static int[] rowsOf(Conditions conditions, int label) {
    int n = conditions.size();
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (conditions.label(i) == label) {
        count++;
      }
    }
    int[] rows = new int[count];
    for (int i = 0, j = 0; i < n; i++) {
      if (conditions.label(i) == label) {
        rows[j++] = i;
      }
    }
    return rows;
  }

  private int checkClass(int c) {
    if (c < 0 || c >= classes.length) {
      throw new IllegalArgumentException("class must lie in 0.." + (classes.length - 1) + ", got " + c);
    }
    return c;
  }

  @Override
  public String toString() {
    return "labelled " + marginal + ", classes " + Arrays.toString(componentClass);
  }
}
