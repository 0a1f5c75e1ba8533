package lab.tagging.grading.trusted;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.tagging.grading.Folders;
import lab.tagging.grading.Kit;
import lab.tagging.grading.compile.Compilation;

/**
 * The graded tests as the grader runs them against sandboxed apps: compiled once from the
 * kit's own sources, with the libraries and the grader's fixture contract only (never a class of
 * a submission), kept in memory, and loaded in the grader's JVM by a loader of their own. No
 * submission can see them, and none can put a class of its own among them.
 */
public final class TrustedTests {

  private final Map<String, byte[]> classes;
  private final ClassLoader loader;

  private TrustedTests(Map<String, byte[]> classes, ClassLoader parent) {
    this.classes = classes;
    this.loader = new Loader(parent);
  }

  /**
   * Compiles the kit's graded tests (with the hidden ones if {@code hidden}) against
   * {@code classpath}; a test that does not compile is the kit's own mistake, so it throws.
   */
  public static TrustedTests compile(Kit kit, boolean hidden, List<Path> classpath) {
    Path out;
    try {
      out = Files.createTempDirectory("tagging-lab-trusted-tests");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      List<Compilation.Problem> problems = Compilation.compile(kit.trustedTestSources(hidden),
          source -> "graded test " + kit.relative(source), classpath, out);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("The kit's graded tests do not compile on their own (they may use only "
            + "the test libraries and the fixture contract): " + problems.get(0).describe());
      }
      Map<String, byte[]> byName = new java.util.TreeMap<>();
      Compilation.readAll(out).forEach((file, bytes) -> {
        if (file.endsWith(".class")) {
          byName.put(file.substring(0, file.length() - ".class".length()).replace('/', '.').replace('\\', '.'), bytes);
        }
      });
      return new TrustedTests(Map.copyOf(byName), TrustedTests.class.getClassLoader());
    } finally {
      Folders.delete(out);
    }
  }

  /**
   * The graded test classes' names, in the order they run: the lab steps' tests by name, then the
   * hidden tests, so that a submission whose JVM keeps stopping loses the hidden tests first.
   */
  public List<String> testClassNames() {
    return classes.keySet().stream()
        .filter(name -> name.matches("lab\\.tagging\\.(lab\\d+|hidden)\\.[^$]*Test"))
        .sorted(java.util.Comparator.comparing((String name) -> name.startsWith("lab.tagging.hidden."))
            .thenComparing(java.util.Comparator.naturalOrder()))
        .toList();
  }

  public ClassLoader loader() {
    return loader;
  }

  // Its own classes first (even where the grader's class path has classes of the same names, as
  // in the kit's own test run), everything else from the grader's loader.
  private final class Loader extends ClassLoader {
    Loader(ClassLoader parent) {
      super("graded-tests", parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          byte[] bytes = classes.get(name);
          loaded = bytes != null ? defineClass(name, bytes, 0, bytes.length) : getParent().loadClass(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
