package org.flowmatch.models.mlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.models.Parallelism;
import org.flowmatch.models.data.GaussianDatasets;
import org.flowmatch.models.ot.IndependentCoupling;
import org.flowmatch.models.training.CfmTrainer;
import org.flowmatch.models.training.LearningRateSchedule;
import org.flowmatch.models.training.TimeSampler;
import org.flowmatch.models.training.TrainConfig;
import org.flowmatch.models.training.TrainingState;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.paths.CondOTScheduler;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Training with the array kernel gives the same bytes in a fresh JVM that only ever runs C1-compiled or interpreted
 * code (where the Vector API is its plain-Java fallback) as in this JVM once C2 has compiled the vector code into
 * machine instructions: the property that the JDK's own vector exp does not have. The forked JVM also runs on a
 * different number of flowmatch threads (1 where this one has several): the row blocks, and so the bytes, do not
 * depend on it.
 */
class FreshJvmReproducibilityTest {
  private static final int STEPS = 30;

  /** The SHA-256 of the float32 parameters after {@code steps} steps of a 3 x 64 network of each activation. */
  static String train(int steps) {
    StringBuilder hashes = new StringBuilder();
    for (Activation activation : new Activation[] {Activation.SELU, Activation.SILU}) {
      Rng rng = Rng.seeded(42);
      MlpSpec spec = new MlpSpec(2, 64, 3, activation, TimeEmbedding.raw(), DataType.FLOAT,
          Parameterization.VELOCITY);
      MlpVelocityModel model = new MlpVelocityModel(MlpNetwork.initialize(spec, rng), null);
      CfmTrainer trainer = new CfmTrainer(new AffineProbabilityPath(new CondOTScheduler()), new StandardGaussian(2),
          GaussianDatasets.eightGaussians(), new IndependentCoupling(), TimeSampler.uniform(),
          new TrainConfig(steps, 256, LearningRateSchedule.constant(1e-2), 0.9, 0.999, 1e-8, 0, 0, 0, 0));
      TrainingState state = trainer.start(model, rng);
      trainer.run(state, org.flowmatch.models.training.TrainingListener.NONE);
      float[] params = model.parameters().dup().data().asFloat();
      ByteBuffer bytes = ByteBuffer.allocate(4 * params.length);
      bytes.asFloatBuffer().put(params);
      try {
        hashes.append(activation).append('=').append(HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(bytes.array()))).append(' ');
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return hashes.toString().strip();
  }

  /** Entry point of the forked JVM: prints the hashes of {@link #train}. */
  public static void main(String[] args) {
    System.out.println("hashes " + train(Integer.parseInt(args[0])));
  }

  @Test
  void aFreshC1OnlyJvmAndAWarmedUpJvmTrainToTheSameBytes() throws IOException, InterruptedException {
    for (int i = 0; i < 10; i++) {
      train(STEPS); // warm-up: C2 compiles the vector loops
    }
    String warm = train(STEPS);

    List<String> command = new ArrayList<>(List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xmx1g", "--add-modules", "jdk.incubator.vector",
        "-D" + Parallelism.PROPERTY + "=" + (Parallelism.shared().threads() == 1 ? 2 : 1),
        "-cp", System.getProperty("java.class.path"), FreshJvmReproducibilityTest.class.getName(),
        Integer.toString(STEPS)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(120, TimeUnit.SECONDS);
    String fresh = output.lines().filter(l -> l.startsWith("hashes ")).map(l -> l.substring(7)).findFirst()
        .orElseThrow(() -> new AssertionError("the forked JVM printed no hashes:\n" + output));
    assertEquals(warm, fresh, "C1-only fresh JVM on another thread count against the warmed-up JVM");
  }
}
