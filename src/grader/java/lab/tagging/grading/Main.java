package lab.tagging.grading;

import lab.tagging.grading.classroom.ClassGrader;
import lab.tagging.grading.classroom.Roster;
import lab.tagging.grading.classroom.Shards;
import lab.tagging.grading.export.LmsExport;
import lab.tagging.grading.local.RunCache;
import lab.tagging.grading.local.TestProcess;
import lab.tagging.grading.report.ClassReport;
import lab.tagging.grading.sandbox.Sandbox;
import lab.tagging.grading.trusted.DatabaseHost;
import lab.tagging.grading.trusted.Harness;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import lab.tagging.grading.export.Export;
import lab.tagging.grading.report.Reports;

/** The grader's command line: {@code self} grades this checkout; the instructor commands grade others. */
// Every command takes --help (the usage lines of mistakes point to it): the help options are inherited.
@Command(name = "grader", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
    version = "tagging-lab grader 1.0",
    subcommands = {Main.Self.class, Main.OneSubmission.class, Main.ClassCommand.class, Main.MergeCommand.class,
        Main.ExportStudentCopy.class, Main.GradescopeBundle.class, Main.Launcher.class},
    description = "Grades tagging-lab submissions with the kit's graded tests.")
public final class Main {

  private Main() {}

  public static void main(String[] args) throws java.io.IOException {
    // The PostgreSQL server of --db postgresql and the tests' connection pools say when they start
    // and stop, a few lines per submission: not news for the person grading.
    for (String talkative : List.of("io.zonky", "com.zaxxer.hikari")) {
      String key = "org.slf4j.simpleLogger.log." + talkative;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
    int status = commandLine().execute(args);
    // Under Maven the status goes through a file (see ExitStatus), so that Maven does not report
    // the grader's exit as a failure of its own, stack trace and all.
    String statusFile = System.getProperty("grading.status");
    if (statusFile != null) {
      java.nio.file.Files.writeString(Path.of(statusFile), String.valueOf(status));
      System.exit(0);
    }
    System.exit(status);
  }

  /** The grader's command line, with its handlers of mistakes; {@code main} runs it, and the kit's tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::usageError).setParameterExceptionHandler(Main::badArguments);
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

  /** The LMS import that the class and merge commands write beside the gradebook. */
  static final class LmsOptions {
    @Option(names = "--lms", paramLabel = "LMS", converter = LmsConverter.class,
        description = "Also write the gradebook as the grade import of canvas (canvas-import.csv) or moodle "
            + "(moodle-import.csv).")
    LmsExport.Lms lms;

    @Option(names = "--lms-id", paramLabel = "FIELD",
        description = "What the roster's identifier (or, without a roster, the submission's name) is in the LMS: "
            + "for canvas sis-user-id (the default), sis-login-id, canvas-id or name; for moodle email (the default), "
            + "username or idnumber.")
    String field;

    @Option(names = "--lms-assignment", paramLabel = "NAME", defaultValue = "tagging-lab",
        description = "The LMS's assignment (Canvas) or grade item (Moodle) the scores go to (default ${DEFAULT-VALUE}).")
    String assignment;

    /** The LMS field, checked before anything is graded. */
    String checkedField() {
      if (lms == null) {
        if (field != null) {
          throw new IllegalArgumentException("--lms-id says what the identifier is in the LMS: it needs --lms");
        }
        return null;
      }
      return lms.field(field);
    }

    String write(List<ClassGrader.Row> rows, boolean roster, Path outDir) throws java.io.IOException {
      if (lms == null) {
        return "";
      }
      return LmsExport.summary(lms, LmsExport.write(lms, checkedField(), assignment, rows, roster, outDir));
    }
  }

  static final class LmsConverter implements CommandLine.ITypeConverter<LmsExport.Lms> {
    @Override
    public LmsExport.Lms convert(String value) {
      try {
        return LmsExport.Lms.named(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is neither canvas nor moodle");
      }
    }
  }

  static final class DeadlineConverter implements CommandLine.ITypeConverter<OffsetDateTime> {
    @Override
    public OffsetDateTime convert(String value) {
      try {
        return OffsetDateTime.parse(value.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a date and time with its offset from UTC, "
            + "such as 2026-12-18T23:59:00+01:00 (Z for UTC)");
      }
    }
  }

  static final class LatePolicyConverter implements CommandLine.ITypeConverter<ClassGrader.LatePolicy> {
    @Override
    public ClassGrader.LatePolicy convert(String value) {
      for (ClassGrader.LatePolicy policy : ClassGrader.LatePolicy.values()) {
        if (policy.label().equalsIgnoreCase(value.strip())) {
          return policy;
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is neither none nor both");
    }
  }

  static final class ShardConverter implements CommandLine.ITypeConverter<Shards.Spec> {
    @Override
    public Shards.Spec convert(String value) {
      try {
        return Shards.Spec.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Command(name = "class", description = {"Grades a folder of submissions: gradebook.csv, report.html, feedback per "
      + "student.", "A class graded in shards (--shard) is put together with: ./grade merge OUT1 OUT2 … --out DIR"})
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

    @Option(names = "--deadline", paramLabel = "DATE-TIME", converter = DeadlineConverter.class,
        description = "Grade each clone at its last commit at or before this time (2026-12-18T23:59:00+01:00: an ISO "
            + "date and time with its offset), by committer date, which the student's machine sets; the gradebook "
            + "records the commit, its date, the later commits and the latest. A zip or a folder without a history is "
            + "graded as it is. The clones are only read.")
    OffsetDateTime deadline;

    @Option(names = "--late-policy", paramLabel = "POLICY", defaultValue = "none", converter = LatePolicyConverter.class,
        description = "With --deadline: none (the default: later commits are counted, not graded) or both (the latest "
            + "commit is graded too; its score and status go in the gradebook beside the on-time ones).")
    ClassGrader.LatePolicy latePolicy;

    @Option(names = "--roster", paramLabel = "CSV",
        description = "GitHub Classroom's roster export (identifier, github_username, github_id, name): each "
            + "submission whose name is a student's GitHub username or ends with -username becomes that student's "
            + "row, keyed by identifier; a student without one gets a row 'missing'; a submission not on the roster "
            + "keeps its name and is flagged.")
    Path roster;

    @CommandLine.Mixin
    LmsOptions lmsOptions = new LmsOptions();

    @Option(names = "--similarity-threshold", paramLabel = "PERCENT", defaultValue = "60",
        description = "Flag two submissions whose student files JPlag finds this similar or more, the starter's code "
            + "left out (default ${DEFAULT-VALUE}); evidence for a person, never a score change.")
    int similarityThreshold;

    @Option(names = "--no-similarity", description = "Do not compare the submissions with each other.")
    boolean noSimilarity;

    @Option(names = "--shard", paramLabel = "I/N", converter = ShardConverter.class,
        description = "Grade only the I-th of N parts of the class (each entry's part follows from its name alone); "
            + "the merge command puts the parts' output folders together.")
    Shards.Spec shard;

    @Option(names = "--kit", description = "The kit's folder (default: the one around the current folder).")
    Path kitDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Kit kit = kitDir == null ? Kit.find(Path.of("")) : Kit.at(kitDir);
      java.io.PrintWriter stdout = spec.commandLine().getOut();
      if (!java.nio.file.Files.isDirectory(submissions)) {
        spec.commandLine().getErr().println("No such folder: " + submissions);
        return 2;
      }
      // Every mistake in the options is found before anything is graded or written.
      if (latePolicy == ClassGrader.LatePolicy.BOTH && deadline == null) {
        throw new IllegalArgumentException("--late-policy both grades the latest commit beside the one at the deadline: "
            + "it needs --deadline");
      }
      if (shard != null && lmsOptions.lms != null) {
        throw new IllegalArgumentException("--lms writes the whole class's import: pass it to ./grade merge, which "
            + "joins the shards, not to a shard");
      }
      if (similarityThreshold < 1 || similarityThreshold > 100) {
        throw new IllegalArgumentException("--similarity-threshold is a percentage from 1 to 100, not "
            + similarityThreshold);
      }
      lmsOptions.checkedField();
      Roster classRoster = roster == null ? null : Roster.read(roster);
      Path outDir = out.toAbsolutePath().normalize();
      java.nio.file.Files.createDirectories(outDir);
      Sandbox sandbox = sandboxOption.sandbox();
      boolean hidden = !noHidden && kit.hasHiddenTests();
      int threads = sandbox.jobs(jobs == null ? Runtime.getRuntime().availableProcessors() : jobs);
      Limits limits = new Limits(testTimeout, runTimeout, heap, null);
      List<Path> all = ClassGrader.entries(submissions);
      List<Path> entries = shard == null ? all : Shards.select(all, shard);
      DatabaseHost.Kind db = dbOption.kind();
      System.err.println("Grading " + entries.size() + " submissions" + (shard == null ? "" : " (shard " + shard + " of "
          + all.size() + ")") + " with " + threads + " job(s) on " + (db == DatabaseHost.Kind.POSTGRESQL ? "PostgreSQL" : "H2")
          + "; sandbox: " + sandbox.description());
      List<ClassGrader.Row> rows;
      ClassGrader grader = new ClassGrader(kit, new ClassGrader.Options(submissions, outDir, threads, force, hidden,
          steps == null || steps.isBlank() ? null : steps.strip(), limits, !noClassSharing, sandbox, deadline,
          latePolicy, db));
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
      // Similarity is evidence for a person, never a score: flags and a report section. A shard sees
      // only its part of the class, so only a whole class is compared.
      String similaritySection = "";
      int similarPairs = -1;
      if (shard == null && !noSimilarity) {
        lab.tagging.grading.similarity.Similarity.Result similar = grader.similarity(rows, similarityThreshold / 100.0);
        if (similar != null) {
          java.util.Map<String, String> similarFlags = lab.tagging.grading.similarity.SimilarityReport.flags(similar);
          rows = rows.stream().map(r -> similarFlags.containsKey(r.folder()) ? r.withFlag(similarFlags.get(r.folder())) : r)
              .toList();
          similaritySection = lab.tagging.grading.similarity.SimilarityReport.section(similar, grader.comparedFiles(similar));
          similarPairs = similar.flagged().size();
        }
      }
      String deadlineText = deadline == null ? null : deadline.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      Shards.write(new Shards.Manifest(Shards.Manifest.FORMAT, grader.fingerprint(), deadlineText,
          latePolicy.label(), classRoster, shard, all.size(), Shards.classDigest(all), max, sandbox.description(),
          rows), outDir);
      ClassReport.Layout layout = new ClassReport.Layout(classRoster == null ? null : classRoster.file(), deadlineText,
          latePolicy == ClassGrader.LatePolicy.BOTH, shard == null ? null : shard.toString());
      // A shard cannot know who is missing: the students of the other shards are not in it.
      List<ClassGrader.Row> keyed = classRoster == null ? rows
          : classRoster.key(rows, shard == null, max, kit.steps().stream().map(Kit.Step::id).toList());
      ClassReport.writeAll(keyed, kit, outDir, max, sandbox.description(), layout, similaritySection);
      String lmsLine = lmsOptions.write(keyed, classRoster != null, outDir);
      stdout.print(ClassReport.summary(keyed, grader.gradedNow(), outDir, sandbox.description(), grader.sharing(),
          layout));
      if (similarPairs >= 0) {
        stdout.println("  similar pairs (JPlag, " + similarityThreshold + "% or more): " + similarPairs
            + (similarPairs > 0 ? ", flagged in the gradebook and shown side by side in report.html" : ""));
      }
      if (shard != null) {
        stdout.println("  shard " + shard + ": " + entries.size() + " of the class's " + all.size()
            + " submissions; put the shards together with ./grade merge OUT1 OUT2 … --out DIR");
      }
      stdout.print(lmsLine);
      stdout.flush();
      if (Boolean.getBoolean("grading.timing")) {
        System.err.printf("grader: %d ms of CPU%n", ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000);
      }
      return 0;
    }
  }

  @Command(name = "merge", description = {"Puts together the output folders of a class graded in shards (./grade "
      + "SUBMISSIONS --shard I/N --out OUT_I on each machine): the class's gradebook, report and students' files, "
      + "and with --lms its LMS import.", "It refuses shards that overlap, are missing or were graded differently."})
  static final class MergeCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "OUT", arity = "1..*", description = "The output folders of the shards.")
    List<Path> parts;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the class's results go.")
    Path out;

    @CommandLine.Mixin
    LmsOptions lmsOptions = new LmsOptions();

    @Option(names = "--kit", description = "The kit's folder (default: the one around the current folder).")
    Path kitDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Kit kit = kitDir == null ? Kit.find(Path.of("")) : Kit.at(kitDir);
      lmsOptions.checkedField();
      Path outDir = out.toAbsolutePath().normalize();
      Shards.Merged merged = Shards.check(parts, outDir);
      Shards.Manifest whole = merged.manifest();
      java.nio.file.Files.createDirectories(outDir);
      Shards.copyStudents(merged.parts(), outDir);
      List<ClassGrader.Row> rows = whole.rows().stream().sorted(java.util.Comparator.comparing(ClassGrader.Row::id))
          .toList();
      int max = rows.stream().mapToInt(ClassGrader.Row::max).max().orElse(whole.max());
      Shards.write(whole, outDir);
      ClassReport.Layout layout = new ClassReport.Layout(whole.roster() == null ? null : whole.roster().file(),
          whole.deadline(), ClassGrader.LatePolicy.BOTH.label().equals(whole.latePolicy()), null);
      List<ClassGrader.Row> keyed = whole.roster() == null ? rows
          : whole.roster().key(rows, true, max, kit.steps().stream().map(Kit.Step::id).toList());
      ClassReport.writeAll(keyed, kit, outDir, max, whole.sandbox(), layout);
      String lmsLine = lmsOptions.write(keyed, whole.roster() != null, outDir);
      java.io.PrintWriter stdout = spec.commandLine().getOut();
      stdout.print(ClassReport.summary("Merged " + merged.parts().size() + " shards: " + rows.size() + " submissions.",
          keyed, outDir, whole.sandbox(), null, layout));
      stdout.print(lmsLine);
      stdout.flush();
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
