package org.flowmatch.experiments.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.flowmatch.experiments.cli.Main;
import org.flowmatch.experiments.extension.broken.DenselessModule;
import org.flowmatch.experiments.extension.broken.DuplicateModule;
import org.flowmatch.experiments.extension.broken.ThrowingModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An extension written wrongly is one line naming its jar, the component and what to fix, exit 2: each broken
 * module is put in a jar of its own with its service file and loaded as {@code FLOWMATCH_CLASSPATH} would load it.
 */
class BrokenExtensionTest {

  /** Loads the broken package from the jar (child first), everything else from the test class path. */
  private static final class JarFirst extends URLClassLoader {
    JarFirst(Path jar) throws IOException {
      super(new URL[] {jar.toUri().toURL()}, BrokenExtensionTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith(ThrowingModule.class.getPackageName() + ".")) {
        synchronized (getClassLoadingLock(name)) {
          Class<?> c = findLoadedClass(name);
          return c != null ? c : findClass(name);
        }
      }
      return super.loadClass(name, resolve);
    }
  }

  private static Path jar(Path dir, Class<?> module) throws IOException {
    Path jar = dir.resolve(module.getSimpleName().toLowerCase() + ".jar");
    Path classes = Path.of(module.getProtectionDomain().getCodeSource().getLocation().getPath());
    String pkg = module.getPackageName().replace('.', '/');
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("META-INF/services/com.google.inject.Module"));
      out.write((module.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      try (var files = Files.list(classes.resolve(pkg))) {
        for (Path f : files.toList()) {
          out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
          out.write(Files.readAllBytes(f));
        }
      }
    }
    return jar;
  }

  private record Result(int code, String err) {}

  private static Result list(Path jar) throws IOException {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try (JarFirst loader = new JarFirst(jar)) {
      thread.setContextClassLoader(loader);
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      return new Result(Main.execute(new String[] {"list"}), e.toString(StandardCharsets.UTF_8));
    } finally {
      thread.setContextClassLoader(before);
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static void assertOneLine(Result r, Path jar, String... parts) {
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertTrue(r.err().contains(jar.toString()), "names the jar: " + r.err());
    for (String p : parts) {
      assertTrue(r.err().contains(p), p + " in: " + r.err());
    }
  }

  @Test
  void aModuleThatThrowsIsOneLineNamingItsJarAndTheCause(@TempDir Path dir) throws IOException {
    Path jar = jar(dir, ThrowingModule.class);
    assertOneLine(list(jar), jar, ThrowingModule.class.getName(), "configure()", "cannot read my-solver.properties");
  }

  @Test
  void aNameRegisteredTwiceIsOneLineNamingTheNameAndTheModule(@TempDir Path dir) throws IOException {
    Path jar = jar(dir, DuplicateModule.class);
    assertOneLine(list(jar), jar, "\"rk4\"", DuplicateModule.class.getName(), "rename");
  }

  @Test
  void aTableauWithoutDenseOutputIsOneLineSayingWhatToAdd(@TempDir Path dir) throws IOException {
    Path jar = jar(dir, DenselessModule.class);
    assertOneLine(list(jar), jar, DenselessModule.class.getName(), "rk38: no dense-output coefficients",
        "dense[s]");
  }
}
