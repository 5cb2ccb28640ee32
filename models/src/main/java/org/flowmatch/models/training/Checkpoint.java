package org.flowmatch.models.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.flowmatch.core.Rng;
import org.flowmatch.models.files.OutputFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training state on disk: weights, EMA weights, Adam's moments, the step count, the generator's state, the loss
 * of every step, and free-form metadata (the model, path and data configuration).
 *
 * <p>The file is a zip of small entries: {@code checkpoint.properties} (format, step, generator), one entry per
 * array ({@code arrays/NAME}: type, shape, big-endian values) and one per metadata key ({@code meta/KEY}). Entries
 * carry a fixed timestamp so that the same state gives the same bytes, which is what {@code reproduce} compares.
 * Writes go through {@link OutputFiles} (a temporary file moved into place), so a crash never leaves half a
 * checkpoint.
 */
public record Checkpoint(int step, INDArray parameters, INDArray ema, INDArray adamM, INDArray adamV,
    long[] rngState, double[] losses, Map<String, String> metadata) {

  /** The format tag; a file with another one is refused. */
  public static final String FORMAT = "flowmatch-checkpoint-1";
  private static final long ENTRY_TIME = 315_964_800_000L; // 1980-01-06, the earliest time a zip entry can hold

  public Checkpoint {
    metadata = Map.copyOf(metadata);
    rngState = rngState.clone();
    losses = losses.clone();
  }

  /** A copy of {@code state} with {@code metadata}. */
  public static Checkpoint of(TrainingState state, Map<String, String> metadata) {
    return new Checkpoint(state.step(), state.model().parameters().dup(),
        state.ema() == null ? null : state.ema().dup(), state.optimizer().firstMoment(),
        state.optimizer().secondMoment(), state.rng().state(), state.losses(), metadata);
  }

  /**
   * The training state this checkpoint holds, in {@code model} (whose parameters are overwritten), after checking
   * that the model has the checkpoint's parameter count and data type.
   */
  public TrainingState restore(TrainableModel model, TrainConfig config, Path file) {
    INDArray target = model.parameters();
    if (target.length() != parameters.length() || target.dataType() != parameters.dataType()) {
      throw new CheckpointException(file, "it holds " + parameters.length() + " " + parameters.dataType()
          + " parameters but the configured model has " + target.length() + " " + target.dataType());
    }
    if (step > config.steps()) {
      throw new CheckpointException(file, "it is at step " + step + ", past train.steps = " + config.steps());
    }
    target.assign(parameters);
    AdamOptimizer optimizer = new AdamOptimizer(adamM, adamV, config.beta1(), config.beta2(), config.epsilon(),
        config.weightDecay());
    INDArray emaCopy = ema == null ? null : ema.dup();
    if ((emaCopy == null) != (config.emaDecay() == 0)) {
      throw new CheckpointException(file, "its EMA weights " + (ema == null ? "are missing" : "are present")
          + " but train.ema_decay is " + config.emaDecay());
    }
    return new TrainingState(model, emaCopy, optimizer, Rng.fromState(rngState), step, losses);
  }

  /** Writes the checkpoint to {@code file} atomically. */
  public void write(Path file) throws IOException {
    write(file, OutputFiles.DISK);
  }

  /** Writes the checkpoint to {@code file} through {@code files} (atomically: never half a checkpoint). */
  public void write(Path file, OutputFiles files) throws IOException {
    files.write(file, stream -> {
      ZipOutputStream zip = new ZipOutputStream(stream);
      StringBuilder props = new StringBuilder();
      props.append("format=").append(FORMAT).append('\n');
      props.append("step=").append(step).append('\n');
      props.append("rng=").append(String.join(",", Arrays.stream(rngState).mapToObj(Long::toString).toList()))
          .append('\n');
      entry(zip, "checkpoint.properties", props.toString().getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, INDArray> a : arrays().entrySet()) {
        entry(zip, "arrays/" + a.getKey(), encode(a.getValue()));
      }
      ByteArrayOutputStream lossBytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(lossBytes)) {
        out.writeInt(losses.length);
        for (double l : losses) {
          out.writeDouble(l);
        }
      }
      entry(zip, "losses", lossBytes.toByteArray());
      for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
        entry(zip, "meta/" + m.getKey(), m.getValue().getBytes(StandardCharsets.UTF_8));
      }
      zip.finish();
    });
  }

  /** Reads a checkpoint, failing with a {@link CheckpointException} that names the file and what is wrong. */
  public static Checkpoint read(Path file) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, "no such file");
    } catch (EOFException | ZipException e) {
      throw new CheckpointException(file, "it is truncated or corrupt (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new CheckpointException(file, "it cannot be read (" + e + ")");
    }
    byte[] propsBytes = require(entries, file, "checkpoint.properties");
    Map<String, String> props = new LinkedHashMap<>();
    for (String line : new String(propsBytes, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        props.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!FORMAT.equals(props.get("format"))) {
      throw new CheckpointException(file, "its format is '" + props.get("format") + "', expected '" + FORMAT + "'");
    }
    try {
      int step = Integer.parseInt(props.get("step"));
      long[] rng = Arrays.stream(props.get("rng").split(",")).mapToLong(Long::parseLong).toArray();
      INDArray params = decode(require(entries, file, "arrays/parameters"), file, "parameters");
      INDArray m = decode(require(entries, file, "arrays/adam_m"), file, "adam_m");
      INDArray v = decode(require(entries, file, "arrays/adam_v"), file, "adam_v");
      byte[] emaBytes = entries.get("arrays/ema");
      INDArray ema = emaBytes == null ? null : decode(emaBytes, file, "ema");
      for (INDArray a : new INDArray[] {m, v, ema}) {
        if (a != null && a.length() != params.length()) {
          throw new CheckpointException(file, "its optimiser or EMA arrays do not match its " + params.length()
              + " parameters");
        }
      }
      double[] losses;
      try (DataInputStream in = stream(require(entries, file, "losses"))) {
        losses = new double[in.readInt()];
        for (int i = 0; i < losses.length; i++) {
          losses[i] = in.readDouble();
        }
      }
      if (losses.length != step) {
        throw new CheckpointException(file, "it holds " + losses.length + " losses for " + step + " steps");
      }
      Map<String, String> metadata = new TreeMap<>();
      entries.forEach((name, bytes) -> {
        if (name.startsWith("meta/")) {
          metadata.put(name.substring(5), new String(bytes, StandardCharsets.UTF_8));
        }
      });
      return new Checkpoint(step, params, ema, m, v, rng, losses, metadata);
    } catch (IOException | RuntimeException e) {
      if (e instanceof CheckpointException c) {
        throw c;
      }
      throw new CheckpointException(file, "its contents are malformed (" + e + ")");
    }
  }

  private Map<String, INDArray> arrays() {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    arrays.put("parameters", parameters);
    if (ema != null) {
      arrays.put("ema", ema);
    }
    arrays.put("adam_m", adamM);
    arrays.put("adam_v", adamV);
    return arrays;
  }

  private static byte[] require(Map<String, byte[]> entries, Path file, String name) {
    byte[] bytes = entries.get(name);
    if (bytes == null) {
      throw new CheckpointException(file, "it has no entry '" + name + "' (truncated, or not a checkpoint)");
    }
    return bytes;
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(ENTRY_TIME);
    zip.putNextEntry(e);
    zip.write(bytes);
    zip.closeEntry();
  }

  private static byte[] encode(INDArray a) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(a.dataType().name());
      long[] shape = a.shape();
      out.writeInt(shape.length);
      for (long s : shape) {
        out.writeLong(s);
      }
      writeValues(out, a);
    }
    return bytes.toByteArray();
  }

  private static void writeValues(DataOutputStream out, INDArray a) throws IOException {
    INDArray c = a.dup('c');
    if (a.dataType() == DataType.FLOAT) {
      for (float f : c.data().asFloat()) {
        out.writeFloat(f);
      }
    } else {
      for (double d : c.data().asDouble()) {
        out.writeDouble(d);
      }
    }
  }

  private static INDArray decode(byte[] bytes, Path file, String name) throws IOException {
    try (DataInputStream in = stream(bytes)) {
      DataType type = DataType.valueOf(in.readUTF());
      long[] shape = new long[in.readInt()];
      long length = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = in.readLong();
        length *= shape[i];
      }
      if (type != DataType.FLOAT && type != DataType.DOUBLE) {
        throw new CheckpointException(file, "array '" + name + "' has unsupported type " + type);
      }
      int width = type == DataType.FLOAT ? 4 : 8;
      if (length < 0 || in.available() != length * width) {
        throw new CheckpointException(file, "array '" + name + "' is truncated: " + in.available()
            + " bytes for shape " + Arrays.toString(shape));
      }
      if (type == DataType.FLOAT) {
        float[] values = new float[(int) length];
        for (int i = 0; i < values.length; i++) {
          values[i] = in.readFloat();
        }
        return Nd4j.create(values, shape, 'c');
      }
      double[] values = new double[(int) length];
      for (int i = 0; i < values.length; i++) {
        values[i] = in.readDouble();
      }
      return Nd4j.create(values, shape, DataType.DOUBLE);
    }
  }

  private static DataInputStream stream(byte[] bytes) {
    return new DataInputStream(new ByteArrayInputStream(bytes));
  }
}
