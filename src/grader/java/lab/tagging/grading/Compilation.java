package lab.tagging.grading;

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
final class Compilation {

  /** A compile error, located in a file as the student knows it. */
  record Problem(String file, long line, String message) {
    String describe() {
      return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
  }

  private Compilation() {}

  /**
   * Compiles {@code sources} into {@code out}; returns the errors, empty when it compiled.
   * {@code names} tells how to call each source in an error (its path in the submission).
   */
  static List<Problem> compile(List<Path> sources, Function<Path, String> names, List<Path> classpath, Path out) {
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
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
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
