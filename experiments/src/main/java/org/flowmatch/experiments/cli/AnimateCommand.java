package org.flowmatch.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.flowmatch.core.Dataset;
import org.flowmatch.experiments.run.RunPlots;
import org.flowmatch.experiments.run.Runner;
import org.flowmatch.experiments.run.Trajectories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.nio.file.Files;

@Command(name = "animate", mixinStandardHelpOptions = true,
    description = {"An animated GIF of the flow carrying p0 to p1.",
        "For 2-D data the moving points with their trajectories; for images (data.image_shape) a grid of images "
            + "forming out of noise, a row per class guided by sample.guidance."})
final class AnimateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN|CONFIG", description = "A run directory, or a config of an oracle model.")
  Path target;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides, e.g. eval.frames=90.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "FILE.gif", description = "Where to write it (default: RUN/animation.gif,"
      + " when the run has none; never inside a run directory otherwise).")
  Path out;

  @Option(names = "--force", description = "Overwrite --out if it exists (never a run's file).")
  boolean force;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    Target t = Target.load(target, overrides, "animate");
    if (out == null) {
      if (t.run() == null) {
        throw new IllegalArgumentException("--out is needed when animating a config rather than a run");
      }
      out = t.run().resolve(Runner.ANIMATION);
      if (Files.exists(out)) {
        throw new IllegalArgumentException(out + " exists, and a run's files are never overwritten: write the"
            + " animation elsewhere with --out FILE.gif");
      }
    } else {
      Target.checkOutput(out, force);
    }
    if (t.experiment().data() instanceof Dataset d && d.imageShape().isPresent()) {
      RunPlots.imageAnimation(out, t.experiment(), d, t.model());
      System.out.println(out);
      return 0;
    }
    if (t.experiment().data().dim() != 2) {
      throw new IllegalArgumentException("animate draws 2-D flows and images; the data is "
          + t.experiment().data().dim() + "-dimensional without data.image_shape");
    }
    Trajectories trajectories = Trajectories.sample(t.experiment(), t.model(), t.experiment().eval().trajectories(),
        t.experiment().eval().frames());
    RunPlots.animation(out, t.experiment(), trajectories);
    System.out.println(out);
    return 0;
  }
}
