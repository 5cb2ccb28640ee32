package org.flowmatch.experiments.cli;

import java.io.PrintWriter;
import org.flowmatch.experiments.run.RunFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flowmatch}: one clear line and a non-zero exit on bad input; the stack trace only with
 * {@code --verbose}.
 */
@Command(name = "flowmatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Flow Matching experiments: train, sample, measure and compare.",
    subcommands = {DemoCommand.class, TrainCommand.class, SampleCommand.class, LikelihoodCommand.class,
        AnimateCommand.class, ReproduceCommand.class, EvaluateCommand.class, AblateCommand.class, ListCommand.class,
        BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** Options every command takes. */
  public static final class Common {
    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (0 success, 1 failure, 2 bad usage or config). */
  public static int execute(String... args) {
    return execute(new Main(), "flowmatch", args);
  }

  /**
   * Runs {@code command}'s command line under the project's error policy (also for other launchers such as
   * flowmatch-spark): one line prefixed by {@code name}, the stack trace only with --verbose, exit 2 for bad input
   * (an {@link IllegalArgumentException}) and 1 for any other failure.
   */
  public static int execute(Object command, String name, String... args) {
    CommandLine cli = new CommandLine(command);
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      err.println(name + ": " + message(e));
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return exitCode(e);
    });
    try {
      return cli.execute(args);
    } catch (Error e) {
      // picocli hands exceptions to the handler above but lets errors of the JVM through: the same one line.
      PrintWriter err = cli.getErr();
      err.println(name + ": " + message(e) + (e instanceof StackOverflowError
          ? " (the JVM ran out of stack; --verbose shows where)"
          : e instanceof OutOfMemoryError ? " (the JVM ran out of memory; FLOWMATCH_JAVA_OPTS=-Xmx... gives it more)"
          : ""));
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return 1;
    }
  }

  /** 2 for bad input (also when a run found it only after it began), 1 for any other failure. */
  static int exitCode(Throwable e) {
    boolean badInput = e instanceof IllegalArgumentException || e instanceof RunFailedException f && f.badInput();
    return badInput ? 2 : 1;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** The version from the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"flowmatch " + org.flowmatch.experiments.run.Provenance.version()};
    }
  }
}
