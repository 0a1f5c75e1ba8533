package lab.tagging.grading;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Grades one submission against a pristine kit, as one readable pipeline:
 * find the student's files, compile them with the kit, run the graded tests, attach points.
 */
final class Grader {

  /** What to run and within which limits. */
  record Options(boolean hidden, String step, TestProcess.Limits limits) {}

  private final Kit kit;
  private final List<Path> dependencies;
  private final Path graderLocation;

  Grader(Kit kit) {
    this.kit = kit;
    this.graderLocation = graderLocation();
    this.dependencies = jarsOnClassPath();
  }

  /** Grades the student files found under {@code submission}, working in {@code work}. */
  Grade grade(Path submission, Path work, Options options) {
    long start = System.nanoTime();
    try {
      cleanDirectory(work);
      // 1. Find: the student's version of each file they edit; everything else comes from the kit.
      Submission.Found found = Submission.find(kit, submission);
      if (!found.problems().isEmpty()) {
        return done(Grade.Status.COMPILE_ERROR, List.of(), found.problems(), start, List.of(), options.step());
      }
      Map<Path, String> names = new LinkedHashMap<>();
      found.files().forEach((path, file) -> names.put(file.toAbsolutePath().normalize(), path));

      // 2. Compile: the student's files with the kit's, then the graded tests against them.
      Path classes = work.resolve("classes");
      List<Path> mainSources = new ArrayList<>(kit.fixedMainSources());
      mainSources.addAll(found.files().values());
      List<Compilation.Problem> problems = Compilation.compile(mainSources,
          source -> names.getOrDefault(source.toAbsolutePath().normalize(), "kit file " + kit.relative(source)),
          dependencies, classes);
      if (!problems.isEmpty()) {
        return done(Grade.Status.COMPILE_ERROR, List.of(), problems, start, List.of(), options.step());
      }
      long compiledMain = System.nanoTime();
      Path testClasses = work.resolve("test-classes");
      List<Path> testClasspath = new ArrayList<>(dependencies);
      testClasspath.add(0, classes);
      problems = Compilation.compile(kit.gradedTestSources(options.hidden()),
          source -> "graded test " + kit.relative(source), testClasspath, testClasses);
      if (!problems.isEmpty()) {
        List<Compilation.Problem> explained = new ArrayList<>(problems);
        explained.add(0, new Compilation.Problem("(your code)", 0,
            "the graded tests do not compile against your code: keep every public class, constructor "
                + "and method of the starter files with the same name and parameters"));
        return done(Grade.Status.COMPILE_ERROR, List.of(), explained, start, List.of(), options.step());
      }

      long compiledTests = System.nanoTime();
      if (Boolean.getBoolean("grading.timing")) {
        System.err.printf("compile main %d ms, tests %d ms%n", (compiledMain - start) / 1_000_000,
            (compiledTests - compiledMain) / 1_000_000);
      }
      // 3. Run: a JVM of its own, with the kit's resources and the grader's test runner.
      List<Path> runtime = new ArrayList<>();
      runtime.add(classes);
      runtime.add(testClasses);
      addIfDirectory(runtime, kit.mainResources());
      addIfDirectory(runtime, kit.testResources());
      runtime.add(graderLocation);
      runtime.addAll(dependencies);
      TestProcess.Outcome outcome = TestProcess.run(runtime, testClasses, work, options.hidden(), options.step(),
          options.limits());

      // 4. Report: points from each test's @Points, numbered per step.
      List<Grade.TestResult> results = results(outcome);
      List<String> notes = new ArrayList<>();
      if (outcome.jvmDeaths() > 0) {
        notes.add("The test JVM stopped " + outcome.jvmDeaths() + " time(s); the tests after each stop ran in a new one.");
      }
      Grade.Status status = outcome.timedOut() ? Grade.Status.TIMED_OUT : Grade.Status.GRADED;
      if (results.isEmpty()) {
        notes.add("No graded test ran; the test JVM's log is in " + work.resolve("test-jvm.log"));
      }
      return done(status, results, List.of(), start, notes, options.step());
    } catch (RuntimeException e) {
      return done(Grade.Status.ERROR, List.of(), List.of(new Compilation.Problem("(grader)", 0, String.valueOf(e))),
          start, List.of(), options.step());
    }
  }

  private Grade done(Grade.Status status, List<Grade.TestResult> tests, List<Compilation.Problem> problems,
      long start, List<String> notes, String steps) {
    Map<String, Integer> max = tests.isEmpty() ? kitMax(steps) : Grade.maxByStep(tests);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Grade(status, tests, problems, max, seconds, notes);
  }

  /** The points of {@code steps} (comma-separated; null for all), as labs/steps.txt gives them. */
  Map<String, Integer> kitMax(String steps) {
    List<String> only = steps == null ? null : List.of(steps.split(","));
    Map<String, Integer> max = new LinkedHashMap<>();
    kit.steps().stream().filter(step -> only == null || only.contains(step.id()))
        .forEach(step -> max.put(step.id(), step.points()));
    return max;
  }

  /** A grade for a submission that could not be compiled or run at all. */
  Grade notRun(Grade.Status status, List<Compilation.Problem> problems, String steps, double seconds) {
    return new Grade(status, List.of(), problems, kitMax(steps), seconds, List.of());
  }

  private List<Grade.TestResult> results(TestProcess.Outcome outcome) {
    List<Grade.TestResult> results = new ArrayList<>();
    Map<String, Integer> counters = new LinkedHashMap<>();
    List<TestProcess.Ran> ordered = new ArrayList<>(outcome.tests());
    // Step by step, visible before hidden, classes by name, and each class's tests in the order
    // its source declares them: the order the handouts follow, whatever order JUnit ran them in.
    Map<String, String> sources = new LinkedHashMap<>();
    ordered.sort(Comparator.comparingInt((TestProcess.Ran r) -> stepIndex(step(r.test())))
        .thenComparing(r -> r.test().tags().contains("hidden"))
        .thenComparing(r -> r.test().className())
        .thenComparingInt(r -> declaredAt(sources, r.test())));
    for (TestProcess.Ran ran : ordered) {
      Event test = ran.test();
      String step = step(test);
      int n = counters.merge(step, 1, Integer::sum);
      boolean passed = ran.status().equals("SUCCESSFUL");
      String number = (stepIndex(step) + 1) + "." + n;
      int points = test.points() == null ? 0 : test.points();
      results.add(new Grade.TestResult(step, number, test.classDisplayName(), test.displayName(), points, passed,
          status(ran.status()), passed ? null : ran.message(), ran.output(), test.tags().contains("hidden"),
          ran.millis()));
    }
    return results;
  }

  private int declaredAt(Map<String, String> sources, Event test) {
    String source = sources.computeIfAbsent(test.className(), className -> {
      String rel = className.replace('.', '/') + ".java";
      for (Path root : List.of(kit.testSources(), kit.hiddenSources())) {
        try {
          if (Files.isRegularFile(root.resolve(rel))) {
            return Files.readString(root.resolve(rel));
          }
        } catch (IOException e) {
          return "";
        }
      }
      return "";
    });
    int at = test.method() == null ? -1 : source.indexOf(" " + test.method() + "(");
    return at < 0 ? Integer.MAX_VALUE : at;
  }

  private String step(Event test) {
    return test.tags().stream().filter(tag -> kit.step(tag).isPresent()).findFirst().orElse("other");
  }

  private int stepIndex(String step) {
    for (int i = 0; i < kit.steps().size(); i++) {
      if (kit.steps().get(i).id().equals(step)) {
        return i;
      }
    }
    return kit.steps().size();
  }

  private static String status(String raw) {
    return switch (raw) {
      case "SUCCESSFUL" -> "passed";
      case "TIMED_OUT" -> "timed out";
      case "CRASHED" -> "crashed";
      case "NOT_RUN" -> "not run";
      case "SKIPPED" -> "skipped";
      default -> "failed";
    };
  }

  private static void addIfDirectory(List<Path> list, Path dir) {
    if (Files.isDirectory(dir)) {
      list.add(dir);
    }
  }

  static void cleanDirectory(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // The third-party jars of this JVM's class path: what the kit and its tests compile against.
  private static List<Path> jarsOnClassPath() {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar")) {
        jars.add(Path.of(entry).toAbsolutePath());
      }
    }
    return jars;
  }

  private static Path graderLocation() {
    try {
      return Path.of(TestRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
