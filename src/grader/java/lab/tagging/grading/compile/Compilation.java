package lab.tagging.grading.compile;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles Java sources in this JVM with javax.tools: no build tool run per submission. */
public final class Compilation {

  /** A compile error, located in a file as the student knows it. */
  public record Problem(String file, long line, String message) {
    public String describe() {
      return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
  }

  // One file manager per grading thread, kept across compilations: it keeps the class path's
  // jars open and indexed, which a fresh one reads again every time.
  private static final ThreadLocal<StandardJavaFileManager> FILES = ThreadLocal.withInitial(() -> {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    return javac == null ? null : javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
  });

  private Compilation() {}

  /**
   * Compiles {@code sources} into {@code out}; returns the errors, empty when it compiled.
   * {@code names} tells how to call each source in an error (its path in the submission).
   */
  public static List<Problem> compile(List<Path> sources, Function<Path, String> names, List<Path> classpath, Path out) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("The grader needs a JDK (javac), not just a Java runtime.");
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager files = FILES.get();
    try {
      List<String> options = List.of(
          "--release", "17", "-encoding", "UTF-8", "-proc:none", "-implicit:none", "-nowarn", "-g",
          "-Xmaxerrs", "50",
          "-d", out.toString(),
          "-cp", classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      StringWriter stray = new StringWriter();
      boolean ok = javac.getTask(stray, files, diagnostics, options, null, units).call();
      List<Problem> problems = new ArrayList<>();
      Map<String, Path> byUri = sources.stream().collect(Collectors.toMap(
          p -> p.toAbsolutePath().normalize().toUri().toString(), p -> p, (a, b) -> a));
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() != Diagnostic.Kind.ERROR) {
          continue;
        }
        String file = "(no file)";
        if (d.getSource() != null) {
          Path source = byUri.get(d.getSource().toUri().normalize().toString());
          file = source != null ? names.apply(source) : d.getSource().getName();
        }
        problems.add(new Problem(file, d.getLineNumber(), firstLine(d.getMessage(Locale.ROOT))));
      }
      if (!ok && problems.isEmpty()) {
        problems.add(new Problem("(compiler)", 0, firstLine(stray.toString())));
      }
      return problems;
    } finally {
      try {
        files.flush();
      } catch (IOException ignored) {
        // Nothing is buffered between compilations that a later one depends on.
      }
    }
  }

  /** Every file under {@code dir}, by its path relative to {@code dir}. */
  public static Map<String, byte[]> readAll(Path dir) {
    Map<String, byte[]> files = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(file).toString(), Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Writes {@code files} (relative path to bytes) under {@code dir}. */
  public static void writeAll(Map<String, byte[]> files, Path dir) {
    try {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path target = dir.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstLine(String text) {
    String stripped = text == null ? "" : text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline);
  }
}
