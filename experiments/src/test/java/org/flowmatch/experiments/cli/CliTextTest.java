package org.flowmatch.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The command line's own text: whole sentences in help, no file replaced by evaluate, column names as documented. */
class CliTextTest {

  @Test
  void everySummaryIsOneWholeSentenceInTheCommandList() {
    CliTest.Result help = CliTest.run("--help");
    String flat = help.out().replaceAll("\\s+", " ");
    for (CommandLine sub : new CommandLine(new Main()).getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      if (spec.name().equals("help")) {
        continue;
      }
      String summary = spec.usageMessage().description()[0];
      assertTrue(summary.endsWith("."), spec.name() + ": the summary is not a whole sentence: " + summary);
      assertTrue(flat.contains(summary), spec.name() + ": '" + summary + "' is not whole in --help:\n" + help.out());
      // Each further line of a description is one paragraph, wrapped by picocli, ending a sentence.
      for (String paragraph : spec.usageMessage().description()) {
        assertTrue(paragraph.endsWith("."), spec.name() + ": a description line breaks mid-sentence: " + paragraph);
      }
    }
  }

  @Test
  void evaluateNeverReplacesAFile(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("oracle.yaml"), CliTest.ORACLE);
    CliTest.Result r = CliTest.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(0, r.code(), r.err());
    Path run = Path.of(r.lastLine());
    r = CliTest.run("evaluate", run.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(run.resolve("metrics.json").toString(), r.lastLine());
    String first = Files.readString(run.resolve("metrics.json"));
    r = CliTest.run("evaluate", run.toString(), "solver.steps=4");
    assertEquals(0, r.code(), r.err());
    assertEquals(run.resolve("metrics-2.json").toString(), r.lastLine());
    assertEquals(first, Files.readString(run.resolve("metrics.json")), "the first evaluation is kept");

    Path out = Files.writeString(dir.resolve("m.json"), "keep");
    r = CliTest.run("evaluate", run.toString(), "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("exists"), r.err());
    assertEquals("keep", Files.readString(out));
    r = CliTest.run("evaluate", run.toString(), "--out", out.toString(), "--force");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(out).startsWith("{"));
  }

  @Test
  void likelihoodColumnsAreTheDocumentedOnes(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("oracle.yaml"), CliTest.ORACLE);
    Path points = Files.writeString(dir.resolve("p.csv"), "0.5,0.25\n-2,0\n");
    Path out = dir.resolve("ll.csv");
    CliTest.Result r = CliTest.run("likelihood", config.toString(), "--points", points.toString(), "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("dim0,dim1,log_likelihood,nfe,true_log_density", Files.readAllLines(out).get(0));
    assertTrue(Files.readString(Path.of("../docs/likelihood.md")).contains(
        "`dim0, dim1, …`), `log_likelihood` (nats), `nfe`"));
    assertTrue(Files.readString(Path.of("../README.md")).contains("# columns: dim0, dim1, .., log_likelihood, nfe"));
  }
}
