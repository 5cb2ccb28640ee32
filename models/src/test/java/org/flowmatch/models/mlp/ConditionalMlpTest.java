package org.flowmatch.models.mlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flowmatch.core.ClassifierFreeGuidance;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.Rng;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.testing.NdAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A conditional MLP: its condition features, its VJPs with respect to x, and guidance over it. */
class ConditionalMlpTest {
  private static MlpVelocityModel model(Conditioning c, long seed) {
    MlpSpec spec = new MlpSpec(3, 16, 2, Activation.SILU, TimeEmbedding.fourier(2), DataType.DOUBLE,
        Parameterization.VELOCITY, c);
    return new MlpVelocityModel(MlpNetwork.initialize(spec, Rng.seeded(seed)), null);
  }

  @Test
  void aOneHotClassIsTheFirstLayersColumnBlockAddedToItsPreActivation() {
    MlpVelocityModel labelled = model(Conditioning.classes(4), 1);
    assertEquals(3 + 5 + 4, labelled.spec().inputWidth());
    // Moving class k's weight rows into the first-layer bias gives an unconditional network with v(. | k).
    int k = 2;
    MlpSpec plainSpec = labelled.spec().withConditioning(Conditioning.NONE);
    INDArray w0 = labelled.network().weight(0); // [in, out]
    INDArray params = Nd4j.create(DataType.DOUBLE, 1, MlpNetwork.parameterCount(plainSpec.layerSizes()));
    MlpNetwork plain = MlpNetwork.withParameters(plainSpec, params);
    for (int l = 0; l < labelled.network().layers(); l++) {
      if (l == 0) {
        plain.weight(0).assign(w0.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8),
            org.nd4j.linalg.indexing.NDArrayIndex.all()));
        plain.bias(0).assign(labelled.network().bias(0).add(w0.getRow(8 + k)));
      } else {
        plain.weight(l).assign(labelled.network().weight(l));
        plain.bias(l).assign(labelled.network().bias(l));
      }
    }
    Rng rng = Rng.seeded(2);
    INDArray x = rng.gaussian(5, 3, DataType.DOUBLE);
    INDArray t = rng.uniform(5, 1, DataType.DOUBLE);
    NdAssert.assertClose(new MlpVelocityModel(plain, null).velocity(x, t),
        labelled.velocity(x, t, Conditions.repeat(k, 5, 4)), 1e-12);
  }

  @Test
  void vjpWithRespectToXMatchesCentralDifferencesForLabelsAndVectors() {
    for (Conditioning c : new Conditioning[] {Conditioning.classes(3), Conditioning.vectors(2)}) {
      MlpVelocityModel m = model(c, 3);
      Rng rng = Rng.seeded(4);
      int n = 6;
      INDArray x = rng.gaussian(n, 3, DataType.DOUBLE);
      INDArray t = rng.uniform(n, 1, DataType.DOUBLE);
      Conditions cond = c.kind() == Conditioning.Kind.LABELS
          ? Conditions.labels(new int[] {0, 1, 2, Conditions.NONE, 1, 0}, 3)
          : Conditions.vectors(new double[] {1, 2, 0, 0, -1, 0.5, 3, 3, 0, 1, 2, 2}, 2,
              new boolean[] {true, false, true, true, true, false});
      for (double w : new double[] {0, 1.5}) {
        VelocityModel v = ClassifierFreeGuidance.of(m, cond, w);
        Linearization lin = v.linearize(x, t);
        INDArray u = rng.gaussian(n, 3, DataType.DOUBLE);
        INDArray vjp = lin.vjp(u);
        double h = 1e-6;
        for (int j = 0; j < 3; j++) {
          INDArray plus = x.dup();
          plus.getColumn(j).addi(h);
          INDArray minus = x.dup();
          minus.getColumn(j).subi(h);
          INDArray dv = v.velocity(plus, t).sub(v.velocity(minus, t)).divi(2 * h);
          NdAssert.assertClose(u.mul(dv).sum(true, 1), vjp.getColumn(j, true), 1e-7, c + " w=" + w + " col " + j);
        }
      }
    }
  }

  @Test
  void guidanceCombinesTheConditionalAndUnconditionalFieldsFromOneStackedEvaluation() {
    MlpVelocityModel m = model(Conditioning.classes(3), 5);
    Rng rng = Rng.seeded(6);
    INDArray x = rng.gaussian(4, 3, DataType.DOUBLE);
    INDArray t = rng.uniform(4, 1, DataType.DOUBLE);
    Conditions c = Conditions.labels(new int[] {2, 0, 1, 1}, 3);
    INDArray conditional = m.velocity(x, t, c);
    INDArray unconditional = m.velocity(x, t);
    NdAssert.assertClose(unconditional, m.velocity(x, t, Conditions.none(4)), 0);
    double w = 2;
    NdAssert.assertClose(conditional.mul(1 + w).sub(unconditional.mul(w)),
        ClassifierFreeGuidance.of(m, c, w).velocity(x, t), 1e-12);
    NdAssert.assertClose(conditional, ClassifierFreeGuidance.of(m, c, 0).velocity(x, t), 0);
    // A dropped-finished-rows call sees the conditions of its rows.
    NdAssert.assertClose(m.velocity(x.getRows(3, 0), t.getRows(3, 0), c.rows(new int[] {3, 0})),
        m.given(c).velocity(x.getRows(3, 0), t.getRows(3, 0), new int[] {3, 0}), 0);
  }

  @Test
  void conditionsOfTheWrongKindAreRejected() {
    MlpVelocityModel m = model(Conditioning.classes(3), 5);
    INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 3);
    INDArray t = Nd4j.zeros(DataType.DOUBLE, 2, 1);
    assertThrows(IllegalArgumentException.class, () -> m.velocity(x, t, Conditions.repeat(0, 2, 4)));
    assertThrows(IllegalArgumentException.class, () -> m.velocity(x, t, Conditions.repeat(0, 3, 3)));
    MlpVelocityModel plain = model(Conditioning.NONE, 5);
    assertThrows(IllegalArgumentException.class, () -> plain.predict(x, t, Conditions.repeat(0, 2, 3)));
  }
}
