package lab.tagging.grading;

import lab.tagging.grading.classroom.ClassGrader;
import lab.tagging.grading.local.RunCache;
import lab.tagging.grading.local.TestProcess;
import lab.tagging.grading.report.ClassReport;
import lab.tagging.grading.sandbox.Sandbox;
import lab.tagging.grading.trusted.DatabaseHost;
import lab.tagging.grading.trusted.Harness;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import lab.tagging.grading.export.Export;
import lab.tagging.grading.report.Reports;

/** The grader's command line: {@code self} grades this checkout; the instructor commands grade others. */
@Command(name = "grader", mixinStandardHelpOptions = true, version = "tagging-lab grader 1.0",
    subcommands = {Main.Self.class, Main.OneSubmission.class, Main.ClassCommand.class, Main.ExportStudentCopy.class,
        Main.GradescopeBundle.class, Main.Launcher.class},
    description = "Grades tagging-lab submissions with the kit's graded tests.")
public final class Main {

  private Main() {}

  public static void main(String[] args) throws java.io.IOException {
    int status = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::usageError).setParameterExceptionHandler(Main::badArguments)
        .execute(args);
    // Under Maven the status goes through a file (see ExitStatus), so that Maven does not report
    // the grader's exit as a failure of its own, stack trace and all.
    String statusFile = System.getProperty("grading.status");
    if (statusFile != null) {
      java.nio.file.Files.writeString(Path.of(statusFile), String.valueOf(status));
      System.exit(0);
    }
    System.exit(status);
  }

  // A mistake in how the grader was called, or a sandbox it cannot have, is one clear line and
  // exit status 2; anything else is the grader's own failure and keeps its stack trace.
  private static int usageError(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof Sandbox.Unavailable || e instanceof IllegalArgumentException) {
      command.getErr().println("error: " + e.getMessage());
      return 2;
    }
    throw e;
  }

  // Arguments the command does not take: one line saying which, and where the usage is.
  private static int badArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println("error: " + e.getMessage().replace('\n', ' ').strip() + " (the usage: " + name
        + " --help; the commands: " + String.join(", ", command.getCommandSpec().root().subcommands().keySet().stream()
            .filter(c -> !c.equals("launcher")).toList()) + ")");
    return 2;
  }

  /** Limits shared by every grading command. */
  static final class LimitOptions {
    @Option(names = "--test-timeout", defaultValue = "10", description = "Seconds one test may take (default ${DEFAULT-VALUE}).")
    int testTimeout;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds one submission's tests may take in all (default ${DEFAULT-VALUE}).")
    int runTimeout;

    @Option(names = "--heap", defaultValue = "384m", description = "Heap cap of each test JVM (default ${DEFAULT-VALUE}).")
    String heap;

    Limits limits(Path junitReports) {
      return new Limits(testTimeout, runTimeout, heap, junitReports);
    }
  }

  /** The database option of the instructor's commands. */
  static final class DbOption {
    @Option(names = "--db", defaultValue = "h2", paramLabel = "DATABASE",
        description = "The apps' database: h2 (in memory) or postgresql (one real server for the run, a database "
            + "and a user of its own per submission; ./grade fetches the server). Default: ${DEFAULT-VALUE}.")
    String db;

    DatabaseHost.Kind kind() {
      return DatabaseHost.Kind.named(db);
    }
  }

  /** The sandbox option of the instructor's commands. */
  static final class SandboxOption {
    @Option(names = "--sandbox", defaultValue = "auto", paramLabel = "MODE",
        description = "What fences in each submission's code: auto (the best that works here), bubblewrap, "
            + "user (a user id of its own; needs root) or none (no fence: only for code you trust). "
            + "Default: ${DEFAULT-VALUE}.")
    String mode;

    Sandbox sandbox() {
      return Sandbox.detect(Sandbox.Mode.named(mode));
    }
  }

  @Command(name = "class", description = "Grades a folder of submissions: gradebook.csv, report.html, feedback per student.")
  static final class ClassCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "SUBMISSIONS",
        description = "A folder with one entry per student: a folder (a clone) or a .zip, named after the student.")
    Path submissions;

    @Option(names = "--out", defaultValue = "grades", description = "Where the results go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--jobs", description = "Submissions graded at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds one submission's tests may take in all (default ${DEFAULT-VALUE}).")
    int runTimeout;

    @Option(names = "--test-timeout", defaultValue = "10", description = "Seconds one test may take (default ${DEFAULT-VALUE}).")
    int testTimeout;

    @Option(names = "--heap", defaultValue = "384m", description = "Heap cap of each test JVM (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--force", description = "Grade every submission again, even the unchanged ones.")
    boolean force;

    @Option(names = "--no-hidden", description = "Leave the hidden tests out.")
    boolean noHidden;

    @Option(names = "--lab", description = "Only these lab steps, comma-separated (lab1,lab3).")
    String steps;

    @Option(names = "--no-class-sharing", description = "Do not share one class-data archive between the test JVMs "
        + "(slower; for a JDK without class-data sharing).")
    boolean noClassSharing;

    @CommandLine.Mixin
    SandboxOption sandboxOption = new SandboxOption();

    @CommandLine.Mixin
    DbOption dbOption = new DbOption();

    @Option(names = "--kit", description = "The kit's folder (default: the one around the current folder).")
    Path kitDir;

    @Override
    public Integer call() throws Exception {
      Kit kit = kitDir == null ? Kit.find(Path.of("")) : Kit.at(kitDir);
      if (!java.nio.file.Files.isDirectory(submissions)) {
        System.err.println("No such folder: " + submissions);
        return 2;
      }
      Path outDir = out.toAbsolutePath().normalize();
      java.nio.file.Files.createDirectories(outDir);
      Sandbox sandbox = sandboxOption.sandbox();
      boolean hidden = !noHidden && kit.hasHiddenTests();
      int threads = sandbox.jobs(jobs == null ? Runtime.getRuntime().availableProcessors() : jobs);
      Limits limits = new Limits(testTimeout, runTimeout, heap, null);
      List<Path> entries = ClassGrader.entries(submissions);
      DatabaseHost.Kind db = dbOption.kind();
      System.err.println("Grading " + entries.size() + " submissions with " + threads + " job(s) on "
          + (db == DatabaseHost.Kind.POSTGRESQL ? "PostgreSQL" : "H2") + "; sandbox: " + sandbox.description());
      List<ClassGrader.Row> rows;
      ClassGrader grader = new ClassGrader(kit, new ClassGrader.Options(submissions, outDir, threads, force, hidden,
          steps == null || steps.isBlank() ? null : steps.strip(), limits, !noClassSharing, sandbox, db));
      try (grader; me.tongfei.progressbar.ProgressBar bar = new me.tongfei.progressbar.ProgressBarBuilder()
          .setTaskName("Grading").setInitialMax(entries.size()).setUpdateIntervalMillis(500)
          .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII)
          .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
          .showSpeed(new java.text.DecimalFormat("0.0")).setSpeedUnit(java.time.temporal.ChronoUnit.MINUTES)
          .build()) {
        rows = grader.gradeAll(entries, row -> {
          bar.step();
          bar.setExtraMessage(" " + row.id());
        });
      }
      rows = rows.stream().sorted(java.util.Comparator.comparing(ClassGrader.Row::id)).toList();
      int max = rows.stream().mapToInt(ClassGrader.Row::max).max().orElse(kit.maxPoints());
      ClassReport.writeAll(rows, kit, outDir, max, sandbox.description());
      System.out.print(ClassReport.summary(rows, grader.gradedNow(), outDir, sandbox.description(),
          grader.sharing()));
      if (Boolean.getBoolean("grading.timing")) {
        System.err.printf("grader: %d ms of CPU%n", ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000);
      }
      return 0;
    }
  }

  @Command(name = "launcher", hidden = true, description = "Writes a java argument file that starts this grader.")
  static final class Launcher implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws Exception {
      // Under Maven the class path also holds the project's own target/classes and
      // target/test-classes (exec's %classpath); a grader of its own needs only its classes and the jars.
      Path self = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      String cp = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
          .filter(entry -> entry.endsWith(".jar") || Path.of(entry).toAbsolutePath().equals(self.toAbsolutePath()))
          .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
      java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
      // The grader's own JVM mostly runs javac on a few files per submission: the quick JIT tier and
      // the serial collector spend a third of the CPU time the defaults do on it.
      java.nio.file.Files.writeString(file, "-XX:TieredStopAtLevel=1\n-XX:+UseSerialGC\n-cp\n"
          + TestProcess.quoted(cp) + "\n");
      return 0;
    }
  }

  @Command(name = "export", description = "Writes the student copy into DIR: a new or empty folder, or an "
      + "earlier student copy (a clone of the template repository), which it brings up to date, .git kept.")
  static final class ExportStudentCopy implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "DIR")
    Path dir;

    @Override
    public Integer call() throws Exception {
      Kit kit = Kit.find(Path.of(""));
      boolean update = java.nio.file.Files.isRegularFile(dir.resolve(Kit.STUDENT_FILES));
      List<String> files = Export.studentCopy(kit, dir.toAbsolutePath());
      System.out.println((update ? "Updated the student copy in " : "Wrote the student copy to ")
          + dir.toAbsolutePath() + " (" + files.size() + " files).");
      System.out.println("Not in it: solutions/, src/hidden/, the kit's own tests, the instructor's docs.");
      return 0;
    }
  }

  @Command(name = "gradescope", description = "Writes the Gradescope autograder zip (default target/gradescope-autograder.zip).")
  static final class GradescopeBundle implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "ZIP", defaultValue = "target/gradescope-autograder.zip", arity = "0..1")
    Path zip;

    @Override
    public Integer call() throws Exception {
      Kit kit = Kit.find(Path.of(""));
      Path target = kit.root().resolve(zip);
      List<String> entries = Export.gradescopeBundle(kit, target);
      System.out.println("Wrote " + target + " (" + entries.size() + " files, hidden tests included).");
      System.out.println("Upload it under Configure Autograder > Zip file upload (see docs/instructor-guide.md).");
      return 0;
    }
  }

  @Command(name = "submission",
      description = "Grades the student files found in DIR against this kit, the code in a sandbox "
          + "(as Gradescope's run_autograder does).")
  static final class OneSubmission implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "DIR", description = "A submission: a clone, an unpacked zip or loose files.")
    Path dir;

    @Option(names = "--hidden", description = "Also run the hidden tests.")
    boolean hidden;

    @Option(names = "--out", defaultValue = "target/grading", description = "Where results go (default ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Mixin
    LimitOptions limitOptions = new LimitOptions();

    @CommandLine.Mixin
    SandboxOption sandboxOption = new SandboxOption();

    @CommandLine.Mixin
    DbOption dbOption = new DbOption();

    @Override
    public Integer call() {
      Kit kit = Kit.find(Path.of(""));
      boolean withHidden = hidden && kit.hasHiddenTests();
      Path outDir = kit.root().resolve(out);
      Sandbox sandbox = sandboxOption.sandbox();
      DatabaseHost.Kind db = dbOption.kind();
      Grade grade;
      try (Harness harness = new Harness(kit, sandbox, Grader.jarsOnClassPath(), Grader.runnerJar(), 1, db)) {
        grade = new Grader(kit, harness).grade(dir.toAbsolutePath(), outDir.resolve("work"),
            new Grader.Options(withHidden, null, limitOptions.limits(null)));
      }
      Reports.write(grade, outDir, "tagging-lab");
      System.out.print(Reports.scoreboard(grade, kit, withHidden));
      System.out.println("Sandbox: " + sandbox.description());
      System.out.println("Database: " + (db == DatabaseHost.Kind.POSTGRESQL ? "PostgreSQL" : "H2"));
      return grade.status() == Grade.Status.ERROR ? 2 : 0;
    }
  }

  @Command(name = "self", description = "Grades this checkout: prints the scoreboard, writes target/grading/.")
  static final class Self implements Callable<Integer> {
    /** Where a student's runs keep what the next run reuses (see RunCache). */
    static final String CACHE = "target/grader/cache";

    @Option(names = "--lab", description = "Only this lab step (lab1 … lab4).")
    String step;

    @Option(names = "--hidden", description = "Also run the hidden tests (instructors' copy only).")
    boolean hidden;

    @Option(names = "--strict", description = "Exit with status 1 unless every test that ran passed (for CI).")
    boolean strict;

    @Option(names = "--no-cache", description = "Reuse nothing from earlier runs (compiled classes, the test JVM's "
        + "class-data archive in target/grader/cache); the grade is the same, only slower.")
    boolean noCache;

    @Option(names = "--out", defaultValue = "target/grading", description = "Where results go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--db", defaultValue = "h2", paramLabel = "DATABASE",
        description = "The tests' database: h2 (in memory) or postgresql (a real server the run starts; under Maven, "
            + "-Ddb=postgresql also fetches it). Default: ${DEFAULT-VALUE}.")
    String db;

    @CommandLine.Mixin
    LimitOptions limitOptions = new LimitOptions();

    @Override
    public Integer call() {
      Kit kit = Kit.find(Path.of(""));
      String database = db == null || db.isBlank() ? "h2" : db.strip().toLowerCase(java.util.Locale.ROOT);
      if (!database.equals("h2") && !database.equals("postgresql")) {
        System.err.println("Unknown database '" + db + "'. Use h2 or postgresql.");
        return 2;
      }
      String only = step == null || step.isBlank() ? null : step.strip();
      if (only != null && kit.step(only).isEmpty()) {
        System.err.println("Unknown lab step '" + only + "'. Use one of: "
            + kit.steps().stream().map(Kit.Step::id).toList());
        return 2;
      }
      boolean withHidden = hidden && kit.hasHiddenTests();
      Path outDir = kit.root().resolve(out);
      Path reports = kit.root().resolve("target/surefire-reports");
      Folders.clean(reports);
      Grader grader = new Grader(kit);
      if (!noCache) {
        grader = grader.reusing(new RunCache(kit.root().resolve(CACHE), Grader.testJvmClassPath()));
      }
      Grade grade = grader.grade(kit.root(), outDir.resolve("work"),
          new Grader.Options(withHidden, only, limitOptions.limits(reports), List.of("-Dtagging.db=" + database),
              List.of()));
      Reports.write(grade, outDir, "tagging-lab");
      System.out.print(Reports.scoreboard(grade, kit, withHidden));
      if (database.equals("postgresql")) {
        System.out.println("Database: PostgreSQL, a server this run started (H2 without -Ddb=postgresql)");
      }
      System.out.println("Details: " + kit.root().relativize(outDir.resolve("summary.md")) + ", "
          + kit.root().relativize(outDir.resolve("results.json")));
      if (grade.status() == Grade.Status.ERROR) {
        return 2;
      }
      boolean full = grade.status() == Grade.Status.GRADED && grade.score() == grade.maxScore();
      return strict && !full ? 1 : 0;
    }
  }
}
