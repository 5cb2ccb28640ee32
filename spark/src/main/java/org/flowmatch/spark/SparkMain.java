package org.flowmatch.spark;

import org.flowmatch.experiments.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code flowmatch-spark}, the main class of the spark-submit jar: one clear line and a non-zero exit on bad input
 * (2 for bad input), the stack trace only with {@code --verbose}.
 */
@Command(name = "flowmatch-spark", mixinStandardHelpOptions = true,
    description = "Run flowmatch ablation grids on Apache Spark.",
    subcommands = {SparkAblateCommand.class, CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (0 success, 1 failure, 2 bad usage or config). */
  public static int execute(String... args) {
    return Main.execute(new SparkMain(), "flowmatch-spark", args);
  }
}
