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
import lab.tagging.grading.sandbox.inside.Boot;
import lab.tagging.grading.trusted.Harness;
import lab.tagging.grading.local.RunCache;
import lab.tagging.grading.local.TestRunner;
import lab.tagging.grading.sandbox.ClassData;

/**
 * Grades one submission against a pristine kit, as one readable pipeline: find the student's
 * files, compile them with the kit, run the graded tests, attach points.
 *
 * <p>It runs the tests one of two ways. With a {@link Harness} (an instructor's grading: a class,
 * one submission, Gradescope), the student's classes run in a sandboxed JVM and the graded tests
 * in this one, which the submission's code never enters. Without one (a student's own run), the
 * tests and the student's classes share a JVM of their own, as in an IDE.
 */
public final class Grader {

  /**
   * What to run and within which limits. {@code jvmOptions} go to the JVM of the code under test
   * as they are; {@code writable} are folders a sandboxed JVM may write (the kit's own warm-up only).
   */
  public record Options(boolean hidden, String step, Limits limits, List<String> jvmOptions, List<Path> writable) {
    public Options(boolean hidden, String step, Limits limits) {
      this(hidden, step, limits, List.of(), List.of());
    }
  }

  private static final String GRADER_PACKAGE = Grader.class.getPackageName().replace('.', '/');
  private static final String DRIVER_PACKAGE = Boot.DRIVER.substring(0, Boot.DRIVER.lastIndexOf('.')).replace('.', '/');

  // Kept in memory, not on disk; each is well under a megabyte.
  private static final int MAX_COMPILED = 64;

  private final Kit kit;
  private final Harness harness;
  private final RunCache cache;
  private final Map<String, Map<String, byte[]>> compiled = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Path> dependencies = jarsOnClassPath();
  private static final Path GRADER_LOCATION = graderLocation();
  private static Path runnerJar;

  /** A grader for a student's own run: the tests run in-process with the student's classes. */
  public Grader(Kit kit) {
    this(kit, null);
  }

  /** A grader that runs each submission's code in {@code harness}'s sandbox, the tests on this side. */
  public Grader(Kit kit, Harness harness) {
    this(kit, harness, null);
  }

  private Grader(Kit kit, Harness harness, RunCache cache) {
    this.kit = kit;
    this.harness = harness;
    this.cache = cache;
  }

  /**
   * This grader, reusing across runs what {@code cache} keeps (a student's own run): compiled
   * classes whose sources did not change and the test JVM's class-data archive. It grades exactly
   * as without.
   */
  public Grader reusing(RunCache cache) {
    return new Grader(kit, harness, cache);
  }

  /** Grades the student files found under {@code submission}, working in {@code work}. */
  public Grade grade(Path submission, Path work, Options options) {
    long start = System.nanoTime();
    try {
      Folders.clean(work);
      // 1. Find: the student's version of each file they edit; everything else comes from the kit.
      Submission.Found found = Submission.find(kit, submission);
      if (!found.problems().isEmpty()) {
        return done(found.onlyMissing() ? Grade.Status.MISSING_FILES : Grade.Status.COMPILE_ERROR, List.of(),
            found.problems(), start, List.of(), options);
      }
      return harness == null ? inProcess(found, work, options, start) : sandboxed(found, work, options, start);
    } catch (RuntimeException e) {
      return done(Grade.Status.ERROR, List.of(), List.of(new Compilation.Problem("(grader)", 0, String.valueOf(e))),
          start, List.of(), options);
    }
  }

  private Grade inProcess(Submission.Found found, Path work, Options options, long start) {
    // 2. Compile: the student's files with the kit's, then the graded tests against them.
    Path classes = work.resolve("classes");
    List<Compilation.Problem> problems = compileMainReusing(found, classes);
    if (!problems.isEmpty()) {
      return done(Grade.Status.COMPILE_ERROR, List.of(), problems, start, List.of(), options);
    }
    long mainCompiled = System.nanoTime();
    long cpu1 = cpu();
    Path testClasses = work.resolve("test-classes");
    problems = compileTestsReusing(classes, options.hidden(), testClasses);
    if (!problems.isEmpty()) {
      return done(Grade.Status.COMPILE_ERROR, List.of(), explained(problems), start, List.of(), options);
    }
    long testsCompiled = System.nanoTime();
    long cpu2 = cpu();
    // 3. Run: a JVM of its own, with the kit's resources and the grader's test runner.
    List<Path> submissionPath = new ArrayList<>();
    submissionPath.add(classes);
    submissionPath.add(testClasses);
    addIfDirectory(submissionPath, kit.mainResources());
    addIfDirectory(submissionPath, kit.testResources());
    List<String> jvmOptions = new ArrayList<>(options.jvmOptions());
    ClassData archive = cache == null ? null : cache.archive(options.limits().heap());
    Path dump = work.resolve("test-jvm.jsa");
    boolean dumping = archive != null && !archive.ready();
    jvmOptions.addAll(archive == null ? List.of() : dumping ? archive.dumpOptions(dump) : archive.jvmOptions());
    Outcome outcome = TestProcess.run(testJvmClassPath(), submissionPath, testClasses, work,
        options.hidden(), options.step(), options.limits(), jvmOptions);
    long tested = System.nanoTime();
    if (dumping && !outcome.timedOut()) {
      archive.checkedDump(dump);
    }
    if (Boolean.getBoolean("grading.timing")) {
      System.err.printf("compile: main %d ms (the grader's CPU so far %d ms), tests %d ms (%d ms of CPU); "
              + "test JVM %d ms%s%n",
          (mainCompiled - start) / 1_000_000, cpu1, (testsCompiled - mainCompiled) / 1_000_000, cpu2 - cpu1,
          (tested - testsCompiled) / 1_000_000, dumping ? " writing the archive, checked in "
              + (System.nanoTime() - tested) / 1_000_000 + " ms" : archive == null ? "" : " with the archive");
    }
    return report(outcome, work.resolve("test-jvm.log"), options, start);
  }

  // The student's classes of a run whose main sources (theirs and the kit's) all match an earlier
  // run's are that run's classes: javac makes the same bytes from the same sources and jars.
  private List<Compilation.Problem> compileMainReusing(Submission.Found found, Path classes) {
    if (cache == null) {
      return compileMain(found, classes);
    }
    List<Path> sources = new ArrayList<>(kit.fixedMainSources());
    sources.addAll(found.files().values());
    String key = cache.key("main", sources);
    if (cache.restore("main", key, classes)) {
      return List.of();
    }
    List<Compilation.Problem> problems = compileMain(found, classes);
    if (problems.isEmpty()) {
      cache.keep("main", key, classes);
    }
    return problems;
  }

  // The graded tests compile to the same bytes against any classes with the same API (see
  // ApiFingerprint), so a student who changes method bodies and mappings keeps them.
  private List<Compilation.Problem> compileTestsReusing(Path classes, boolean hidden, Path testClasses) {
    List<Path> sources = kit.gradedTestSources(hidden);
    if (cache == null) {
      return compileAgainst(classes, sources, "tests:" + hidden, testClasses, "graded test ");
    }
    String slot = hidden ? "tests-hidden" : "tests";
    String key = cache.key(slot, sources, ApiFingerprint.of(classes));
    if (cache.restore(slot, key, testClasses)) {
      return List.of();
    }
    List<Compilation.Problem> problems = compileAgainst(classes, sources, "tests:" + hidden, testClasses,
        "graded test ");
    if (problems.isEmpty()) {
      cache.keep(slot, key, testClasses);
    }
    return problems;
  }

  // The grader JVM's CPU time so far, for -Dgrading.timing=true.
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1_000_000;
  }

  private Grade sandboxed(Submission.Found found, Path work, Options options, long start) {
    long cpu0 = cpu();
    Harness.Workspace ws = harness.workspace();
    try {
      // 2. Compile: the student's files with the kit's, then the driver that hosts them in the
      // sandbox. The graded tests were compiled once, on their own, for the grader's side.
      List<Compilation.Problem> problems = compileMain(found, ws.classes());
      if (!problems.isEmpty()) {
        return done(Grade.Status.COMPILE_ERROR, List.of(), problems, start, List.of(), options);
      }
      problems = compileAgainst(ws.classes(), kit.driverSources(), "driver", ws.driver(), "kit file ");
      if (!problems.isEmpty()) {
        return done(Grade.Status.COMPILE_ERROR, List.of(), explained(problems), start, List.of(), options);
      }
      copyResources(ws.resources());
      long compiled = System.nanoTime();
      long cpu1 = cpu();
      // 3. Run: the app in the sandbox, the tests here.
      Path log = work.resolve("app-jvm.log");
      Outcome outcome = harness.run(ws, options.hidden(), options.step(), options.limits(), options.jvmOptions(),
          options.writable(), log);
      Grade grade = report(outcome, log, options, start);
      if (Boolean.getBoolean("grading.timing")) {
        System.err.printf("compile %d ms (%d ms of the grader's CPU), run %d ms (%d ms of the grader's CPU)%n",
            (compiled - start) / 1_000_000, cpu1 - cpu0, (System.nanoTime() - compiled) / 1_000_000, cpu() - cpu1);
      }
      List<String> notes = new ArrayList<>(grade.notes());
      notes.add("Sandbox: " + harness.sandbox().description() + ".");
      return new Grade(grade.status(), grade.tests(), grade.problems(), grade.stepMax(), grade.seconds(), notes,
          grade.violations());
    } finally {
      harness.release(ws);
    }
  }

  private List<Compilation.Problem> compileMain(Submission.Found found, Path classes) {
    Map<Path, String> names = new LinkedHashMap<>();
    found.files().forEach((path, file) -> names.put(file.toAbsolutePath().normalize(), path));
    List<Path> mainSources = new ArrayList<>(kit.fixedMainSources());
    mainSources.addAll(found.files().values());
    return Compilation.compile(mainSources,
        source -> names.getOrDefault(source.toAbsolutePath().normalize(), "kit file " + kit.relative(source)),
        dependencies, classes);
  }

  private static List<Compilation.Problem> explained(List<Compilation.Problem> problems) {
    List<Compilation.Problem> explained = new ArrayList<>(problems);
    explained.add(0, new Compilation.Problem("(your code)", 0,
        "the kit's code does not compile against your code: keep every public class, constructor "
            + "and method of the starter files with the same name and parameters"));
    return explained;
  }

  // 4. Report: points from each test's @Points, numbered per step.
  private Grade report(Outcome outcome, Path log, Options options, long start) {
    List<Grade.TestResult> results = results(outcome);
    List<String> notes = new ArrayList<>();
    if (outcome.deaths() > 0) {
      notes.add("The JVM of the code under test stopped " + outcome.deaths()
          + " time(s); the tests after each stop ran in a new one.");
    }
    Grade.Status status = outcome.timedOut() ? Grade.Status.TIMED_OUT : Grade.Status.GRADED;
    if (results.isEmpty()) {
      notes.add("No graded test ran; the log of the JVM under test is in " + log);
    }
    return done(status, results, List.of(), start, notes, options, outcome.violations());
  }

  private void copyResources(Path target) {
    Path resources = kit.mainResources();
    if (Files.isDirectory(resources)) {
      Compilation.writeAll(Compilation.readAll(resources), target);
    }
  }

  // Code compiled against a submission's classes (the graded tests in-process, the driver in the
  // sandbox) compiles to the same bytes for every submission whose classes show it the same API
  // (most of a class), so it is compiled once per API and copied.
  private List<Compilation.Problem> compileAgainst(Path classes, List<Path> sources, String what, Path out,
      String label) {
    String key = what + ":" + ApiFingerprint.of(classes);
    Map<String, byte[]> done = compiled.get(key);
    if (done != null) {
      Compilation.writeAll(done, out);
      return List.of();
    }
    List<Path> classpath = new ArrayList<>(dependencies);
    classpath.add(0, classes);
    // The fixture speaks to its app through the grader's contract (lab.tagging.grading.fixture).
    classpath.add(1, runnerJar());
    List<Compilation.Problem> problems = Compilation.compile(sources, source -> label + kit.relative(source),
        classpath, out);
    if (problems.isEmpty() && compiled.size() < MAX_COMPILED) {
      compiled.putIfAbsent(key, Compilation.readAll(out));
    }
    return problems;
  }

  private Grade done(Grade.Status status, List<Grade.TestResult> tests, List<Compilation.Problem> problems,
      long start, List<String> notes, Options options) {
    return done(status, tests, problems, start, notes, options, List.of());
  }

  private Grade done(Grade.Status status, List<Grade.TestResult> tests, List<Compilation.Problem> problems,
      long start, List<String> notes, Options options, List<String> violations) {
    Map<String, Integer> max = tests.isEmpty() ? kitMax(options.step(), options.hidden()) : Grade.maxByStep(tests);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Grade(status, tests, problems, max, seconds, notes, violations);
  }

  /**
   * The points of {@code steps} (comma-separated; null for all): as labs/steps.txt gives them
   * with the hidden tests, else their visible tests' points; what a run that could not test
   * would have been out of.
   */
  Map<String, Integer> kitMax(String steps, boolean hidden) {
    List<String> only = steps == null ? null : List.of(steps.split(","));
    Map<String, Integer> max = new LinkedHashMap<>();
    kit.steps().stream().filter(step -> only == null || only.contains(step.id()))
        .forEach(step -> max.put(step.id(), hidden ? step.points() : kit.visiblePoints(step.id())));
    return max;
  }

  /** A grade for a submission that could not be compiled or run at all. */
  public Grade notRun(Grade.Status status, List<Compilation.Problem> problems, String steps, boolean hidden,
      double seconds) {
    return new Grade(status, List.of(), problems, kitMax(steps, hidden), seconds, List.of(), List.of());
  }

  private List<Grade.TestResult> results(Outcome outcome) {
    List<Grade.TestResult> results = new ArrayList<>();
    Map<String, Integer> counters = new LinkedHashMap<>();
    List<Outcome.Ran> ordered = new ArrayList<>(outcome.tests());
    // Step by step, visible before hidden, classes by name, and each class's tests in the order
    // its source declares them: the order the handouts follow, whatever order JUnit ran them in.
    Map<String, String> sources = new LinkedHashMap<>();
    ordered.sort(Comparator.comparingInt((Outcome.Ran r) -> stepIndex(step(r.test())))
        .thenComparing(r -> r.test().tags().contains("hidden"))
        .thenComparing(r -> r.test().className())
        .thenComparingInt(r -> declaredAt(sources, r.test())));
    for (Outcome.Ran ran : ordered) {
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

  /** The third-party jars of this JVM's class path: what the kit and its tests compile against. */
  public static List<Path> jarsOnClassPath() {
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
  public static List<Path> testJvmClassPath() {
    List<Path> jars = new ArrayList<>();
    jars.add(runnerJar());
    jars.addAll(jarsOnClassPath());
    return jars;
  }

  /**
   * The grader's package as a jar: the jar the grader runs from, or its classes packed beside their
   * folder (rewritten only when they change, so an archive made against the jar stays valid). Only
   * the grader's package: where the grader runs from the kit's test classes, the graded tests
   * there must not shadow the ones compiled against the submission; and without the driver, which
   * is compiled against each submission's classes.
   */
  public static Path runnerJar() {
    if (Files.isRegularFile(GRADER_LOCATION)) {
      return GRADER_LOCATION;
    }
    synchronized (Grader.class) {
      if (runnerJar == null) {
        String name = GRADER_LOCATION.getFileName() + "-runner.jar";
        runnerJar = Jars.packIfChanged(GRADER_LOCATION, GRADER_PACKAGE, DRIVER_PACKAGE,
            GRADER_LOCATION.resolveSibling(name));
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
