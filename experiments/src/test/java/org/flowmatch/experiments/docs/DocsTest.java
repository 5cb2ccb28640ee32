package org.flowmatch.experiments.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a new user copies from the docs works on a fresh clone: every repository path a command names exists (and is
 * not ignored output), every Java recipe of docs/extending.md is compiled as part of a built project, and the
 * example extension's pom shown is the one built.
 */
class DocsTest {
  /** The repository root (tests run in experiments/). */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern FENCE = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern COMMAND_SPAN = Pattern.compile("`((?:\\./flowmatch|mvn|cd|java|cat|ls|python3?) [^`]+)`");
  /** A relative path into the repository: at least one slash or a file extension, starting with a known root. */
  private static final Pattern PATH = Pattern.compile(
      "(?<![\\w./$-])((?:experiments|core|paths|solvers|models|examples|docs|shared)/[\\w./-]*[\\w/])");

  private static List<Path> docs() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /** The commands of a page: its bash/sh/console blocks, unlabelled blocks that start with a command, and spans. */
  private static List<String> commands(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = FENCE.matcher(text);
    while (m.find()) {
      String lang = m.group(1);
      String body = m.group(2);
      if (lang.equals("bash") || lang.equals("sh") || lang.equals("console")
          || (lang.isEmpty() && body.stripLeading().matches("(?s)^(\\./flowmatch|mvn|cd|java|FLOWMATCH_).*"))) {
        body.lines().filter(l -> !l.stripLeading().startsWith("#")).map(l -> l.replaceAll("\\s#.*$", ""))
            .forEach(out::add);
      }
    }
    Matcher s = COMMAND_SPAN.matcher(text);
    while (s.find()) {
      out.add(s.group(1));
    }
    return out;
  }

  @Test
  void everyRepositoryPathInADocumentedCommandExists() throws IOException {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Path doc : docs()) {
      for (String command : commands(Files.readString(doc))) {
        Matcher m = PATH.matcher(command);
        while (m.find()) {
          String path = m.group(1);
          if (path.contains("/target/") || path.matches(".*[A-Z]{3,}.*")) {
            continue; // build output, or a placeholder such as RUN or GRID
          }
          checked++;
          if (!Files.exists(ROOT.resolve(path))) {
            missing.add(ROOT.relativize(doc) + ": " + path + "   in: " + command.strip());
          }
        }
      }
    }
    assertTrue(checked >= 8, "the check found the commands: " + checked);
    assertEquals(List.of(), missing, "paths named in commands that the repository does not have");
  }

  @Test
  void everyJavaRecipeOfTheExtensionGuideIsCompiledSource() throws IOException {
    String page = Files.readString(ROOT.resolve("docs/extending.md"));
    List<String> sources = new ArrayList<>();
    for (Path dir : List.of(ROOT.resolve("examples/extension/src"), ROOT.resolve("experiments/src/test/java"))) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
          sources.add(Files.readString(f));
        }
      }
    }
    Matcher m = FENCE.matcher(page);
    int recipes = 0;
    while (m.find()) {
      if (m.group(1).equals("java")) {
        recipes++;
        String block = m.group(2).strip();
        assertTrue(sources.stream().anyMatch(src -> src.contains(block)),
            "a recipe of docs/extending.md that no compiled source contains:\n" + block);
      }
    }
    assertTrue(recipes >= 6, "recipes found: " + recipes);
  }

  @Test
  void theExampleProjectsPomIsTheOneShown() throws IOException {
    String page = Files.readString(ROOT.resolve("docs/extending.md"));
    Matcher m = FENCE.matcher(page);
    String pom = null;
    while (m.find()) {
      if (m.group(1).equals("xml") && m.group(2).contains("<artifactId>flowmatch-example-extension</artifactId>")) {
        pom = m.group(2);
      }
    }
    assertEquals(Files.readString(ROOT.resolve("examples/extension/pom.xml")), pom);
  }
}
