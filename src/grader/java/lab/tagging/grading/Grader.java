package lab.tagging.grading;

import lab.tagging.grading.local.TestProcess;

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
import lab.tagging.grading.compile.ApiFingerprint;
import lab.tagging.grading.compile.Compilation;
import lab.tagging.grading.compile.Jars;
import lab.tagging.grading.intake.Submission;
import lab.tagging.grading.local.Event;
import lab.tagging.grading.local.TestRunner;

/**
 * Grades one submission against a pristine kit, as one readable pipeline:
 * find the student's files, compile them with the kit, run the graded tests, attach points.
 */
public final class Grader {

  /** What to run and within which limits; {@code jvmOptions} go to the test JVM as they are. */
  public record Options(boolean hidden, String step, TestProcess.Limits limits, List<String> jvmOptions) {
    Options(boolean hidden, String step, TestProcess.Limits limits) {
      this(hidden, step, limits, List.of());
    }
  }

  private static final String GRADER_PACKAGE = Grader.class.getPackageName().replace('.', '/');

  // Kept in memory, not on disk, where a test JVM could reach them; each is well under a megabyte.
  private static final int MAX_COMPILED_TESTS = 64;

  private final Kit kit;
  private final Map<String, Map<String, byte[]>> compiledTests = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Path> dependencies;
  private final Path graderLocation;
  private Path runnerJar;

  public Grader(Kit kit) {
    this.kit = kit;
    this.graderLocation = graderLocation();
    this.dependencies = jarsOnClassPath();
  }

  /** Grades the student files found under {@code submission}, working in {@code work}. */
  public Grade grade(Path submission, Path work, Options options) {
    long start = System.nanoTime();
    try {
      Folders.clean(work);
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
      problems = compileTests(classes, testClasses, options.hidden());
      if (!problems.isEmpty()) {
        List<Compilation.Problem> explained = new ArrayList<>(problems);
        explained.add(0, new Compilation.Problem("(your code)", 0,
            "the graded tests do not compile against your code: keep every public class, constructor "
                + "and method of the starter files with the same name and parameters"));
        return done(Grade.Status.COMPILE_ERROR, List.of(), explained, start, List.of(), options.step());
      }

      long testsReady = System.nanoTime();
      if (Boolean.getBoolean("grading.timing")) {
        System.err.printf("compile main %d ms, tests %d ms%n", (compiledMain - start) / 1_000_000,
            (testsReady - compiledMain) / 1_000_000);
      }
      // 3. Run: a JVM of its own, with the kit's resources and the grader's test runner.
      List<Path> submissionPath = new ArrayList<>();
      submissionPath.add(classes);
      submissionPath.add(testClasses);
      addIfDirectory(submissionPath, kit.mainResources());
      addIfDirectory(submissionPath, kit.testResources());
      TestProcess.Outcome outcome = TestProcess.run(testJvmClassPath(), submissionPath, testClasses, work,
          options.hidden(), options.step(), options.limits(), options.jvmOptions());

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

  // The graded tests compile to the same bytes against every submission whose classes show them
  // the same API (most submissions of a class), so they are compiled once per API and copied.
  private List<Compilation.Problem> compileTests(Path classes, Path testClasses, boolean hidden) {
    String key = hidden + ":" + ApiFingerprint.of(classes);
    Map<String, byte[]> compiled = compiledTests.get(key);
    if (compiled != null) {
      Compilation.writeAll(compiled, testClasses);
      return List.of();
    }
    List<Path> testClasspath = new ArrayList<>(dependencies);
    testClasspath.add(0, classes);
    // The fixture speaks to its app through the grader's target contract (lab.tagging.grading.fixture).
    testClasspath.add(1, runnerJar());
    List<Compilation.Problem> problems = Compilation.compile(kit.gradedTestSources(hidden),
        source -> "graded test " + kit.relative(source), testClasspath, testClasses);
    if (problems.isEmpty() && compiledTests.size() < MAX_COMPILED_TESTS) {
      compiledTests.putIfAbsent(key, Compilation.readAll(testClasses));
    }
    return problems;
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
  public Grade notRun(Grade.Status status, List<Compilation.Problem> problems, String steps, double seconds) {
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

  /**
   * The test JVM's class path: the test runner and the libraries, jars only and the same for every
   * submission, so that test JVMs can share a class-data archive.
   */
  public List<Path> testJvmClassPath() {
    List<Path> jars = new ArrayList<>();
    jars.add(runnerJar());
    jars.addAll(dependencies);
    return jars;
  }

  // The grader's package as a jar: the jar the grader runs from, or its classes packed beside their
  // folder (rewritten only when they change, so an archive made against the jar stays valid). Only
  // the grader's package: where the grader runs from the kit's test classes, the graded tests
  // there must not shadow the ones compiled against the submission.
  private Path runnerJar() {
    if (Files.isRegularFile(graderLocation)) {
      return graderLocation;
    }
    synchronized (Grader.class) {
      if (runnerJar == null) {
        String name = graderLocation.getFileName() + "-runner.jar";
        runnerJar = Jars.packIfChanged(graderLocation, GRADER_PACKAGE, graderLocation.resolveSibling(name));
      }
      return runnerJar;
    }
  }

  private static Path graderLocation() {
    try {
      return Path.of(TestRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
