package org.flowmatch.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.flowmatch.models.training.AdamOptimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The posterior network, the generalized KL and Adam against flow_matching's own 2-D discrete recipe, run in
 * PyTorch in float64 on the same weights and batches: {@code notebook-parity.txt}, written by
 * experiments/bench/fixtures/discrete_notebook.py (the notebook's MLP with V = 6, width 5, flow_matching's
 * MixturePathGeneralizedKL, torch.optim.Adam at lr 0.01). Three training steps, each checked on the logits, the
 * loss, every parameter's gradient and every parameter after the Adam step.
 */
class NotebookParityTest {
  static final int V = 6;
  static final int D = 2;
  static final int WIDTH = 5;
  /** torch's parameter of each DL4J one, and whether the torch array is a Linear weight ([out, in]: transposed). */
  static final String[][] NAMES = {
      {"embed_W", "token_embedding.weight", ""}, {"time_W", "time_embedding.weight", "T"},
      {"time_b", "time_embedding.bias", ""}, {"hidden0_W", "main.1.weight", "T"}, {"hidden0_b", "main.1.bias", ""},
      {"hidden1_W", "main.3.weight", "T"}, {"hidden1_b", "main.3.bias", ""}, {"hidden2_W", "main.5.weight", "T"},
      {"hidden2_b", "main.5.bias", ""}, {"out_W", "main.7.weight", "T"}, {"out_b", "main.7.bias", ""}};

  @Test
  void networkLossAndAdamEqualFlowMatchingsNotebook() throws IOException {
    Map<String, double[]> f = fixture();
    PosteriorNetwork net = PosteriorNetwork.initialize(new PosteriorNetwork.Spec(D, V, V,
        PosteriorNetwork.Input.EMBEDDING, WIDTH, WIDTH, 3, DataType.DOUBLE), org.flowmatch.core.Rng.seeded(0));
    for (String[] name : NAMES) {
      INDArray p = net.paramTable().get(name[0]);
      p.assign(torchLayout(f.get("init." + name[1]), p, name[2].equals("T")));
    }
    MixturePath path = new MixturePath(ConvexScheduler.polynomial(2), TokenSource.uniform(), V);
    AdamOptimizer adam = new AdamOptimizer(net.params().length(), DataType.DOUBLE, 0.9, 0.999, 1e-300, 0);
    double worst = 0;
    for (int step = 0; step < 3; step++) {
      String s = "step" + step + ".";
      int[][] x1 = tokens(f.get(s + "x1"));
      int[][] xt = tokens(f.get(s + "xt"));
      double[] t = f.get(s + "t");
      worst = Math.max(worst, compare(f.get(s + "logits"), net.logits(xt, t), s + "logits"));
      double loss = net.lossAndGradient(x1, xt, t, path, DiscreteLoss.generalizedKl());
      worst = Math.max(worst, compare(f.get(s + "loss"), new double[] {loss}, s + "loss"));
      for (String[] name : NAMES) {
        INDArray g = net.gradientTable().get(name[0]);
        worst = Math.max(worst, compare(torchLayout(f.get(s + "grad." + name[1]), g, name[2].equals("T")), g,
            s + "gradient of " + name[0]));
      }
      adam.step(net.params(), net.gradients(), 0.01, step);
      for (String[] name : NAMES) {
        INDArray p = net.paramTable().get(name[0]);
        worst = Math.max(worst, compare(torchLayout(f.get(s + "after." + name[1]), p, name[2].equals("T")), p,
            s + name[0] + " after Adam"));
      }
    }
    System.out.printf("notebook parity: worst absolute difference %.2e over logits, losses, gradients and weights%n",
        worst);
  }

  /** The largest absolute difference, asserted below 1e-10. */
  private static double compare(double[] expected, double[] got, String what) {
    assertEquals(expected.length, got.length, what + " length");
    double worst = 0;
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], got[k], 1e-10, what + "[" + k + "]");
      worst = Math.max(worst, Math.abs(expected[k] - got[k]));
    }
    return worst;
  }

  private static double compare(INDArray expected, INDArray got, String what) {
    return compare(expected.dup('c').data().asDouble(), got.dup('c').data().asDouble(), what);
  }

  /** A torch array in the shape of the DL4J one: a Linear weight [out, in] transposed to [in, out]. */
  private static INDArray torchLayout(double[] values, INDArray like, boolean transposed) {
    long rows = like.rank() == 2 ? like.rows() : 1;
    long cols = like.length() / rows;
    INDArray a = transposed ? Nd4j.create(values, new long[] {cols, rows}, DataType.DOUBLE).transpose()
        : Nd4j.create(values, new long[] {rows, cols}, DataType.DOUBLE);
    return a.reshape(like.shape());
  }

  private static int[][] tokens(double[] flat) {
    int[][] out = new int[flat.length / D][D];
    for (int k = 0; k < flat.length; k++) {
      out[k / D][k % D] = (int) flat[k];
    }
    return out;
  }

  static Map<String, double[]> fixture() throws IOException {
    Map<String, double[]> out = new HashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        NotebookParityTest.class.getResourceAsStream("notebook-parity.txt"), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] parts = line.trim().split(" ");
        double[] values = new double[Integer.parseInt(parts[1])];
        for (int k = 0; k < values.length; k++) {
          values[k] = Double.parseDouble(parts[k + 2]);
        }
        out.put(parts[0], values);
      }
    }
    return out;
  }
}
