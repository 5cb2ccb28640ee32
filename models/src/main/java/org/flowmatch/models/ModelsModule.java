package org.flowmatch.models;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import org.flowmatch.core.ConditionalDistribution;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.config.Context;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.config.Parameters;
import org.flowmatch.models.data.Datasets;
import org.flowmatch.models.files.FileDatasets;
import org.flowmatch.models.mlp.Activation;
import org.flowmatch.models.mlp.MlpNetwork;
import org.flowmatch.models.mlp.MlpSpec;
import org.flowmatch.models.mlp.MlpVelocityModel;
import org.flowmatch.models.mlp.TimeEmbedding;
import org.flowmatch.models.ot.IndependentCoupling;
import org.flowmatch.models.ot.OtCoupling;
import org.flowmatch.models.ot.SinkhornCoupling;
import org.nd4j.linalg.api.buffer.DataType;

/** Registers the models (mlp, gmm-oracle), the datasets and the couplings by name. */
public final class ModelsModule extends AbstractModule {

  @Override
  protected void configure() {
    MapBinder<String, Factory<VelocityModel>> models = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<VelocityModel>>() {});
    models.addBinding("mlp").toInstance(Factory.of("a DL4J MLP on (x, time features), trained by CFM",
        List.of(Key.of("width", 256, "units per hidden layer"),
            Key.of("depth", 3, "hidden layers"),
            Key.of("activation", "silu", "silu, selu, relu or tanh"),
            Key.of("time_embedding", "raw", "raw (t) or fourier (t and sin/cos features)"),
            Key.of("time_frequencies", 4, "octaves of Fourier time features"),
            Key.of("dtype", "float32", "float32 or float64"),
            Key.of("parameterization", "velocity", "what the network predicts: velocity, x1 or epsilon"),
            Key.of("classes", "auto", "auto (condition on the data's labels or condition vectors, if any), 0"
                + " (unconditional) or the data's number of classes")),
        ModelsModule::mlp));
    models.addBinding(GaussianMixtureVelocity.NAME).toInstance(Factory.of(
        "the exact marginal velocity of a Gaussian-mixture dataset (nothing to train)", List.of(),
        ModelsModule::oracle));

    MapBinder<String, Factory<Distribution>> datasets = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<Distribution>>() {});
    datasets.addBinding("gaussian").toInstance(Factory.of("the standard normal N(0, I)",
        List.of(Key.of("dim", "", "its dimension (default: the data's)")),
        (p, c) -> new StandardGaussian(p.has("dim") || !c.hasData() ? positive(p, "dim") : c.dim())));
    datasets.addBinding("gaussian-mixture").toInstance(Factory.of(
        "a Gaussian mixture in any dimension, with an exact density",
        List.of(Key.required("weights", "component weights (normalised by their sum)"),
            Key.required("means", "component means, one list per component"),
            Key.required("stds", "one isotropic standard deviation per component")),
        (p, c) -> mixture(p)));
    datasets.addBinding("labelled-mixture").toInstance(Factory.of(
        "a Gaussian mixture whose components carry class labels: exact class densities and conditional velocities",
        List.of(Key.required("weights", "component weights (normalised by their sum)"),
            Key.required("means", "component means, one list per component"),
            Key.required("stds", "one isotropic standard deviation per component"),
            Key.required("labels", "the class 0..K-1 of each component; class c is the mixture of its components")),
        (p, c) -> labelledMixture(p)));

    datasets.addBinding("csv").toInstance(Factory.of("rows of a CSV file, any dimension, optional class labels or"
        + " condition vectors", FileDatasets.csvKeys(), FileDatasets::csv));
    datasets.addBinding("npy").toInstance(Factory.of("a NumPy .npy array (float32/float64/int, C order), optional"
        + " labels .npy", FileDatasets.npyKeys(), FileDatasets::npy));
    datasets.addBinding("idx").toInstance(Factory.of("IDX images and labels (the MNIST format, gzipped or not),"
        + " flattened", FileDatasets.idxKeys(), FileDatasets::idx));
    datasets.addBinding("digits").toInstance(Factory.of("the UCI handwritten digits: 1797 images 8 x 8, 10 classes"
        + " (CC BY 4.0, Alpaydin and Kaynak)", FileDatasets.digitsKeys(), FileDatasets::digits));

    for (String name : Datasets.names()) {
      Distribution dataset = Datasets.byName(name);
      datasets.addBinding(name).toInstance(Factory.of("2-D toy data" + (dataset.hasDensity()
          ? ", a Gaussian mixture with an exact density" : ", no closed-form density"), List.of(), (p, c) -> dataset));
    }
    Datasets.aliases().forEach((alias, name) -> datasets.addBinding(alias).toInstance(Factory.of(
        "alias of " + name + " (as torchcfm or FFJORD name it)", List.of(), (p, c) -> Datasets.byName(name))));

    MapBinder<String, Factory<Coupling>> couplings = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<Coupling>>() {});
    couplings.addBinding("independent").toInstance(Factory.of("x0 and x1 paired as drawn (I-CFM)", List.of(),
        (p, c) -> new IndependentCoupling()));
    couplings.addBinding("ot").toInstance(Factory.of(
        "exact optimal assignment within the batch, squared Euclidean cost (OT-CFM)", List.of(),
        (p, c) -> new OtCoupling()));
    couplings.addBinding("sinkhorn").toInstance(Factory.of(
        "entropic OT plan within the batch (Sinkhorn), each data row's partner drawn from it; with path"
            + " schrodinger-bridge and coupling_reg = 2 sigma^2 this is torchcfm's SB-CFM",
        List.of(Key.of("coupling_reg", 0.05, "the entropic regularisation, in units of squared distance")),
        (p, c) -> new SinkhornCoupling(p.number("coupling_reg", 0.05))));
  }

  private static VelocityModel mlp(Parameters p, Context c) {
    Activation activation = parse(p, "activation", "silu", Activation::fromConfigName);
    String embedding = p.string("time_embedding", "raw");
    TimeEmbedding time = switch (embedding) {
      case "raw" -> TimeEmbedding.raw();
      case "fourier" -> TimeEmbedding.fourier(p.integer("time_frequencies", 4));
      default -> throw p.invalid("time_embedding", "must be raw or fourier");
    };
    DataType type = switch (p.string("dtype", "float32")) {
      case "float32" -> DataType.FLOAT;
      case "float64" -> DataType.DOUBLE;
      default -> throw p.invalid("dtype", "must be float32 or float64");
    };
    Parameterization parameterization = parse(p, "parameterization", "velocity", Parameterization::fromConfigName);
    if (!c.path().converts(parameterization)) {
      throw p.invalid("parameterization", "must be velocity on the path " + c.path()
          + " (its noise makes x1 and epsilon predictions unconvertible)");
    }
    MlpSpec spec = new MlpSpec(c.dim(), positive(p, "width", 256), positive(p, "depth", 3), activation, time, type,
        parameterization, conditioning(p, c));
    checkSize(p, spec);
    return new MlpVelocityModel(MlpNetwork.initialize(spec, c.rng()), c.path());
  }

  /**
   * Refuses a network that no array or memory here holds, before it is allocated (model.width = 2e9 once ended in a
   * NegativeArraySizeException): its parameters must fit one array, and they with their gradient, moving average
   * and Adam's two moments (five copies) must fit in the memory the JVM may use.
   */
  private static void checkSize(Parameters p, MlpSpec spec) {
    long count = spec.parameterCount();
    double bytes = (double) count * (spec.dataType() == DataType.FLOAT ? 4 : 8) * 5; // a long could overflow
    long memory = Runtime.getRuntime().maxMemory();
    if (count > Integer.MAX_VALUE - 8 || bytes > memory) {
      throw p.invalid(spec.width() >= spec.depth() ? "width" : "depth", "the network would have " + count
          + " parameters, needing about " + (long) (bytes / (1L << 20)) + " MiB for them, their gradient, moving average and"
          + " optimizer state; the JVM may use " + memory / (1L << 20) + " MiB (FLOWMATCH_JAVA_OPTS=-Xmx...)");
    }
  }

  /** The model's conditioning: the data's unless model.classes says 0; a stated K must match the data's. */
  private static Conditioning conditioning(Parameters p, Context c) {
    Conditioning data = c.data() instanceof ConditionalDistribution cd ? cd.conditioning() : Conditioning.NONE;
    if (!data.conditional() && !p.has("classes")) {
      return Conditioning.NONE; // not read, so that unconditional runs keep their resolved config
    }
    String classes = p.string("classes", "auto");
    if (classes.equals("auto")) {
      return data;
    }
    int k = p.integer("classes", 0);
    if (k == 0) {
      return Conditioning.NONE;
    }
    if (!Conditioning.classes(Math.max(k, 1)).equals(data) || k < 0) {
      throw p.invalid("classes", "the data '" + c.data().name() + "' has " + (data.kind() == Conditioning.Kind.LABELS
          ? data.size() + " classes" : data.kind() == Conditioning.Kind.VECTORS
          ? "condition vectors of " + data.size() + ", not classes" : "no labels") + "; use auto, 0 or "
          + (data.kind() == Conditioning.Kind.LABELS ? data.size() : "auto"));
    }
    return data;
  }

  private static VelocityModel oracle(Parameters p, Context c) {
    if (!(c.data() instanceof GaussianMixture) && !(c.data() instanceof LabelledGaussianMixture)) {
      throw p.invalid("type", "needs a Gaussian-mixture dataset (data.type: gaussian-mixture, labelled-mixture,"
          + " four-clusters or eight-gaussians), not '" + c.data().name() + "'");
    }
    if (!(c.source() instanceof StandardGaussian)) {
      throw p.invalid("type", "is the velocity for an N(0, I) source, but source.type is '" + c.source().name()
          + "'");
    }
    if (c.data() instanceof LabelledGaussianMixture labelled) {
      return new LabelledMixtureVelocity(labelled, c.path().scheduler().orElseThrow(
          () -> p.invalid("type", "needs an affine path, not '" + c.path().name() + "'")));
    }
    GaussianMixture mixture = (GaussianMixture) c.data();
    return new GaussianMixtureVelocity(mixture, c.path().scheduler().orElseThrow(
        () -> p.invalid("type", "needs an affine path, not '" + c.path().name() + "'")));
  }

  private static GaussianMixture mixture(Parameters p) {
    try {
      return new GaussianMixture(p.numbers("weights"), p.matrix("means"), p.numbers("stds"));
    } catch (IllegalArgumentException e) {
      throw p.invalid(e.getMessage().startsWith("weights") ? "weights"
          : e.getMessage().startsWith("means") ? "means" : "stds", e.getMessage());
    }
  }

  private static LabelledGaussianMixture labelledMixture(Parameters p) {
    GaussianMixture mixture = mixture(p);
    double[] labels = p.numbers("labels");
    int[] classes = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != Math.rint(labels[i]) || labels[i] < 0 || labels[i] > Integer.MAX_VALUE) {
        throw p.invalid("labels", "item " + i + " must be a class number 0, 1, ..., got " + labels[i]);
      }
      classes[i] = (int) labels[i];
    }
    try {
      return new LabelledGaussianMixture(mixture, classes);
    } catch (IllegalArgumentException e) {
      throw p.invalid("labels", e.getMessage());
    }
  }

  private static int positive(Parameters p, String key) {
    if (!p.has(key)) {
      throw p.invalid(key, "is required");
    }
    return positive(p, key, 0);
  }

  private static int positive(Parameters p, String key, int defaultValue) {
    int v = p.integer(key, defaultValue);
    if (v <= 0) {
      throw p.invalid(key, "must be positive");
    }
    return v;
  }

  private static <T> T parse(Parameters p, String key, String defaultValue,
      java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(p.string(key, defaultValue));
    } catch (IllegalArgumentException e) {
      throw p.invalid(key, e.getMessage());
    }
  }
}
