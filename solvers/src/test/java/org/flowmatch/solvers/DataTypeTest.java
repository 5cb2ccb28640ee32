package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.StepEvent;
import org.flowmatch.core.VelocityField;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The data type of y0 is the type of the solve: a float32 solve hands the field float32 batches and returns
 * float32 states, which agree with the double solve to float precision (measured: 5e-8 absolute).
 */
class DataTypeTest {

  static Stream<Arguments> solvers() {
    return Stream.of(
        Arguments.of("rk4 fixed", RungeKuttaSolver.fixed(Tableaus.RK4, 50)),
        Arguments.of("dopri5 shared", RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-8, 1e-8, ErrorControl.SHARED)),
        Arguments.of("dopri5 per-row",
            RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-8, 1e-8, ErrorControl.PER_ROW)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("solvers")
  void float32SolvesAgreeWithDoubleSolves(String name, RungeKuttaSolver solver) {
    TestProblem problem = TestProblems.rotation();
    List<DataType> seen = new ArrayList<>();
    VelocityField recording = (x, t) -> {
      seen.add(x.dataType());
      seen.add(t.dataType());
      return problem.velocity(x, t);
    };
    double[] outputs = {0.3, 0.77};
    INDArray y0 = problem.initialStates();
    OdeSolution inDouble = solver.solve(problem, y0, 0, 1, outputs, null);
    List<StepEvent> events = new ArrayList<>();
    OdeSolution inFloat = solver.solve(recording, y0.castTo(DataType.FLOAT), 0, 1, outputs, events::add);

    assertEquals(DataType.FLOAT, inFloat.finalState().dataType());
    assertTrue(inFloat.outputStates().stream().allMatch(s -> s.dataType() == DataType.FLOAT));
    assertTrue(events.stream().allMatch(e -> e.yStart().dataType() == DataType.FLOAT
        && e.yEnd().dataType() == DataType.FLOAT));
    assertTrue(!seen.isEmpty() && seen.stream().allMatch(DataType.FLOAT::equals), "the field saw " + seen);
    assertEquals(DataType.DOUBLE, inDouble.finalState().dataType());

    double difference = relativeDifference(inFloat.finalState(), inDouble.finalState());
    for (int j = 0; j < outputs.length; j++) {
      difference = Math.max(difference,
          relativeDifference(inFloat.outputStates().get(j), inDouble.outputStates().get(j)));
    }
    System.out.printf("float32 %s: largest difference from the double solve %.2e%n", name, difference);
    assertTrue(difference < 1e-5, name + ": float32 and double solves differ by " + difference);
  }

  /** max |a - b| / max(1, |b|). */
  private static double relativeDifference(INDArray a, INDArray b) {
    double[] x = NdArrays.toDoubles(a);
    double[] y = NdArrays.toDoubles(b);
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
    }
    return worst;
  }
}
