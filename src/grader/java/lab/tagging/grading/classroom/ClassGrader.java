package lab.tagging.grading.classroom;

import lab.tagging.grading.Digests;
import lab.tagging.grading.Folders;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import lab.tagging.grading.Grade;
import lab.tagging.grading.Grader;
import lab.tagging.grading.Kit;
import lab.tagging.grading.compile.Compilation;
import lab.tagging.grading.export.Export;
import lab.tagging.grading.intake.Changes;
import lab.tagging.grading.intake.History;
import lab.tagging.grading.intake.Submission;
import lab.tagging.grading.intake.Unpack;
import lab.tagging.grading.report.Feedback;
import lab.tagging.grading.report.Reports;
import lab.tagging.grading.Limits;
import lab.tagging.grading.sandbox.ClassData;
import lab.tagging.grading.sandbox.Sandbox;
import lab.tagging.grading.similarity.Similarity;
import lab.tagging.grading.trusted.DatabaseHost;
import lab.tagging.grading.trusted.Harness;

/**
 * Grades a folder of submissions, each a folder or a zip named after the student: safely (each
 * submission's code in a sandboxed JVM, the graded tests in this one), in parallel, and resumably
 * (an unchanged submission is not graded again).
 *
 * <p>The output folder holds the gradebook and the report at its top, each student's files under
 * {@value #STUDENTS}, and the grader's own state under {@code .work}, out of every sandbox's
 * view: whatever a student's folder is called, it cannot stand in for the class's files.
 */
public final class ClassGrader implements AutoCloseable {

  /** The folder, in the output folder, that holds one folder per student. */
  public static final String STUDENTS = "students";

  /** The folder, in a student's folder, with the grade at the latest commit ({@code --late-policy both}). */
  public static final String LATEST = "latest";

  /**
   * One row of the gradebook. {@code entry} is the submission's name (its file name without
   * {@code .zip}); with a roster, {@code id} is the student's identifier and {@code student} the
   * roster's row; with a deadline, {@code commit} says which commit was graded; with
   * {@code --late-policy both}, {@code latest} is the grade at the latest commit.
   */
  public record Row(String id, String folder, int score, int max, Map<String, Integer> steps, String status,
      List<String> flags, double seconds, String hash, String entry, Commit commit, Latest latest,
      Roster.Student student) {

    public Row(String id, String folder, int score, int max, Map<String, Integer> steps, String status,
        List<String> flags, double seconds, String hash) {
      this(id, folder, score, max, steps, status, flags, seconds, hash, null, null, null, null);
    }

    /** The name of the submission graded in this row; null for a roster student without one. */
    public String entryId() {
      return entry != null ? entry : student == null ? id : null;
    }

    Row flagged(String flag) {
      List<String> more = new ArrayList<>(flags);
      more.add(flag);
      return new Row(id, folder, score, max, steps, status, List.copyOf(more), seconds, hash, entryId(), commit,
          latest, student);
    }

    Row forStudent(Roster.Student owner) {
      return new Row(owner.identifier(), folder, score, max, steps, status, flags, seconds, hash, entryId(), commit,
          latest, owner);
    }

    /** This row with one more flag. */
    public Row withFlag(String flag) {
      List<String> more = new ArrayList<>(flags);
      more.add(flag);
      return new Row(id, folder, score, max, steps, status, List.copyOf(more), seconds, hash, entry, commit, latest,
          student);
    }

    Row withHistory(Commit graded, Latest atLatest, List<String> warnings, double took) {
      List<String> more = new ArrayList<>(flags);
      more.addAll(warnings);
      return new Row(id, folder, score, max, steps, status, List.copyOf(more), took, hash, entryId(), graded,
          atLatest, student);
    }

    /** The row of a roster student with no submission to grade. */
    static Row notSubmitted(Roster.Student student, String status, int max, List<String> stepIds, List<String> flags) {
      Map<String, Integer> zeros = new LinkedHashMap<>();
      stepIds.forEach(s -> zeros.put(s, 0));
      return new Row(student.identifier(), null, 0, max, zeros, status, List.copyOf(flags), 0, "", null, null, null,
          student);
    }
  }

  /**
   * The commit of a clone that was graded under {@code --deadline}: its short hash and committer
   * date (none when no commit is at or before the deadline), how many commits came after it, and
   * the latest commit. {@code history} is false for a zip or a folder without a history.
   */
  public record Commit(boolean history, String hash, String date, int later, String latestHash, String latestDate) {
    static final Commit NO_HISTORY = new Commit(false, null, null, 0, null, null);
  }

  /** The grade at the latest commit, beside the on-time one ({@code --late-policy both}). */
  public record Latest(String hash, int score, String status) {}

  /** What is graded besides the commit at the deadline. */
  public enum LatePolicy {
    /** Only the commit at the deadline; later commits are counted, not graded. */
    NONE,
    /** The latest commit too, its score beside the on-time one. */
    BOTH;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How to grade a class; {@code deadline} null grades each entry as it is. */
  public record Options(Path submissions, Path out, int jobs, boolean force, boolean hidden, String steps,
      Limits limits, boolean classSharing, Sandbox sandbox, OffsetDateTime deadline, LatePolicy late,
      DatabaseHost.Kind db) {

    /** Options for grading on H2, the default database. */
    public Options(Path submissions, Path out, int jobs, boolean force, boolean hidden, String steps,
        Limits limits, boolean classSharing, Sandbox sandbox, OffsetDateTime deadline, LatePolicy late) {
      this(submissions, out, jobs, force, hidden, steps, limits, classSharing, sandbox, deadline, late,
          DatabaseHost.Kind.H2);
    }

    public Options(Path submissions, Path out, int jobs, boolean force, boolean hidden, String steps,
        Limits limits, boolean classSharing, Sandbox sandbox) {
      this(submissions, out, jobs, force, hidden, steps, limits, classSharing, sandbox, null, LatePolicy.NONE);
    }
  }

  /** What the shared class-data archive did in this run, for the summary. */
  public enum Sharing {
    OFF("off"), TOO_FEW("not built (too few submissions to pay for it)"), REUSED("reused from an earlier run"),
    BUILT("built in a warm-up run on the kit's reference files"), FAILED("could not be built; test JVMs ran without it");

    public final String label;

    Sharing(String label) {
      this.label = label;
    }
  }

  // A warm-up run costs about two test JVMs and saves about a third of each later one.
  static final int WARM_UP_MIN_SUBMISSIONS = 8;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Kit kit;
  private final Harness harness;
  private final Grader grader;
  private final Options options;
  private final String kitFingerprint;
  private final Path baseline;
  private final java.util.concurrent.atomic.AtomicInteger gradedNow = new java.util.concurrent.atomic.AtomicInteger();
  private final ClassData classData;
  private volatile Sharing sharing;

  public ClassGrader(Kit kit, Options options) {
    this.kit = kit;
    options.sandbox().requirePrivate(List.of(options.submissions(), options.out()));
    this.harness = new Harness(kit, options.sandbox(), Grader.jarsOnClassPath(), Grader.runnerJar(),
        Math.max(1, options.jobs()), options.db());
    this.grader = new Grader(kit, harness);
    this.options = options;
    this.kitFingerprint = fingerprint(kit, options);
    this.baseline = studentCopy(kit, options.out());
    // In user mode the archive would have to sit where every sandbox user can read it, outside the
    // kit; user mode grades one submission at a time anyway (Gradescope), where it does not pay.
    this.classData = options.classSharing() && options.sandbox().mode() != Sandbox.Mode.USER
        ? new ClassData(kit.root().resolve("target/grader/class-data"), harness.sandboxClassPath(),
            options.limits().heap())
        : null;
    this.sharing = classData == null ? Sharing.OFF : classData.ready() ? Sharing.REUSED : Sharing.TOO_FEW;
  }

  // What students were given, to tell their changes from the kit's own instructor-only parts.
  private static Path studentCopy(Kit kit, Path out) {
    Path copy = out.resolve(".work").resolve(".baseline");  // no entry id starts with a dot
    try {
      Folders.clean(copy);
      Files.delete(copy);
      Export.studentCopy(kit, copy);
      return copy;
    } catch (IOException | RuntimeException e) {
      return kit.root();
    }
  }

  /** The submissions in the folder, by name: folders and .zip files, hidden entries left out. */
  public static List<Path> entries(Path submissions) throws IOException {
    try (Stream<Path> list = Files.list(submissions)) {
      return list.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || p.getFileName().toString().endsWith(".zip")
              || Files.isSymbolicLink(p))
          .sorted()
          .toList();
    }
  }

  public List<Row> gradeAll(List<Path> entries, Consumer<Row> progress) {
    ExecutorService pool = Executors.newFixedThreadPool(options.sandbox().jobs(options.jobs()));
    try {
      if (classData != null && !classData.ready() && entries.size() >= WARM_UP_MIN_SUBMISSIONS) {
        // First in the queue: the submissions graded while it runs go without the archive.
        pool.submit(this::warmUp);
      }
      List<Future<Row>> futures = new ArrayList<>();
      for (Path entry : entries) {
        futures.add(pool.submit(() -> {
          Row row = gradeOne(entry);
          progress.accept(row);
          return row;
        }));
      }
      List<Row> rows = new ArrayList<>();
      for (Future<Row> f : futures) {
        try {
          rows.add(f.get());
        } catch (Exception e) {
          throw new IllegalStateException("grading stopped: " + e, e);
        }
      }
      return rows;
    } finally {
      pool.shutdownNow();
    }
  }

  /** What the class-data archive did in this run. */
  public Sharing sharing() {
    return sharing;
  }

  // Grades the kit's starter, never the solution, in a sandboxed JVM that writes the class-data
  // archive as it exits: the archive is mapped into every sandbox, which can read all of it.
  private void warmUp() {
    Path work = options.out().resolve(".work").resolve(".warm-up");
    try {
      Path dumpDir = work.resolve("class-data");
      Files.createDirectories(dumpDir);
      Path dump = dumpDir.resolve("app-jvm.jsa");
      grader.grade(kit.root(), work.resolve("grading"), new Grader.Options(options.hidden(), options.steps(),
          options.limits(), classData.dumpOptions(dump), List.of(dumpDir)));
      sharing = classData.dumped(dump) ? Sharing.BUILT : Sharing.FAILED;
    } catch (IOException | RuntimeException e) {
      sharing = Sharing.FAILED;
    } finally {
      Folders.delete(work);
    }
  }

  /** Grades one entry; whatever the entry holds, the answer is a row, never an exception. */
  Row gradeOne(Path entry) {
    long start = System.nanoTime();
    gradedNow.incrementAndGet();
    String name = entry.getFileName().toString();
    String id = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
    String folder = safeFolderName(id);
    Path outDir = options.out().resolve(STUDENTS).resolve(folder);
    Path work = options.out().resolve(".work").resolve(folder);
    try {
      Folders.clean(work);
      Path dir;
      if (Files.isSymbolicLink(entry)) {
        return reject(id, folder, outDir, start, "the submission is a symbolic link, not a folder or a zip");
      } else if (options.deadline() != null && History.isClone(entry)) {
        return atDeadline(entry, id, folder, outDir, work, start);
      } else if (name.endsWith(".zip")) {
        dir = work.resolve("unpacked");
        try {
          Unpack.zip(entry, dir);
        } catch (Unpack.Refused refused) {
          return reject(id, folder, outDir, start, "zip refused: " + refused.getMessage());
        }
      } else {
        dir = entry;
      }
      if (isEmpty(dir)) {
        return reject(id, folder, outDir, start, "the submission is empty");
      }
      String note = options.deadline() == null ? null : "Graded as it was handed in: "
          + (name.endsWith(".zip") ? "a zip" : "a folder without a git history") + " has no commits to date.";
      Graded graded = gradeFiles(id, folder, dir, work, outDir, cache(folder), start, note, null);
      if (graded.cached()) {
        gradedNow.decrementAndGet();
      }
      Row row = graded.row();
      return options.deadline() == null ? row : row.withHistory(Commit.NO_HISTORY,
          options.late() == LatePolicy.BOTH ? new Latest(null, row.score(), row.status()) : null, List.of(),
          row.seconds());
    } catch (IOException | RuntimeException e) {
      return reject(id, folder, outDir, start, "could not be read: " + e.getMessage());
    } finally {
      Folders.delete(work);
    }
  }

  // The student files of each submission, kept (grader-only, like the rerun cache) for the
  // similarity check after the class is graded, whether its row was graded now or reused.
  private void keepForComparison(String folder, Submission.Found found) throws IOException {
    Path files = options.out().resolve(".work").resolve("files").resolve(folder);
    Folders.clean(files);
    for (Map.Entry<String, Path> f : found.files().entrySet()) {
      Path copy = files.resolve(f.getKey());
      Files.createDirectories(copy.getParent());
      Files.copy(f.getValue(), copy);
    }
  }

  /**
   * How alike the graded submissions' student files are (JPlag, the starter as base code), or
   * null with the reason on standard error if the comparison itself failed: it is evidence for a
   * person, never part of a grade, so it never stops one.
   */
  public Similarity.Result similarity(List<Row> rows, double threshold) {
    try {
      Path base = options.out().resolve(".work").resolve("similarity-base");
      Folders.clean(base);
      for (Kit.StudentFile f : kit.studentFiles()) {
        Path copy = base.resolve(f.path());
        Files.createDirectories(copy.getParent());
        Files.copy(kit.root().resolve(f.path()), copy);
      }
      Map<String, Path> folders = new java.util.TreeMap<>();
      for (Row row : rows) {
        Path files = options.out().resolve(".work").resolve("files").resolve(row.folder());
        if (row.folder() != null && Files.isDirectory(files) && !isEmpty(files)) {
          folders.put(row.folder(), files);
        }
      }
      return Similarity.compare(folders, base, Similarity.Options.defaults().withThreshold(threshold));
    } catch (IOException | RuntimeException e) {
      System.err.println("The similarity check could not run: " + e.getMessage());
      return null;
    }
  }

  /** The folders {@link #similarity} compared, by id, for the report's side-by-side view. */
  public Map<String, Path> comparedFiles(Similarity.Result result) {
    Map<String, Path> files = new java.util.TreeMap<>();
    for (Similarity.Pair pair : result.flagged()) {
      for (String id : List.of(pair.idA(), pair.idB())) {
        files.put(id, options.out().resolve(".work").resolve("files").resolve(id));
      }
    }
    return files;
  }

  /** A row and whether it came from the rerun cache. */
  private record Graded(Row row, boolean cached) {}

  // Grades the student files found under dir, or finds the same files' row of an earlier run.
  private Graded gradeFiles(String id, String folder, Path dir, Path work, Path outDir, Path cacheFile, long start,
      String note, String commit) throws IOException {
    Submission.Found found = Submission.find(kit, dir);
    keepForComparison(folder, found);
    String hash = hash(found, commit);
    Row previous = previous(cacheFile);
    if (!options.force() && previous != null && hash.equals(previous.hash())) {
      return new Graded(previous, true);
    }
    Path files = work.resolve("files");
    for (Map.Entry<String, Path> f : found.files().entrySet()) {
      Path copy = files.resolve(f.getKey());
      Files.createDirectories(copy.getParent());
      Files.copy(f.getValue(), copy);
    }
    Changes changes = Changes.of(kit, baseline, found.files());
    Grade grade = found.problems().isEmpty()
        ? grader.grade(files, work.resolve("grading"), new Grader.Options(options.hidden(), options.steps(),
            options.limits(), classData == null ? List.of() : classData.jvmOptions(), List.of()))
        : grader.notRun(found.onlyMissing() ? Grade.Status.MISSING_FILES : Grade.Status.COMPILE_ERROR,
            found.problems(), options.steps(), options.hidden(), seconds(start));

    List<String> flags = flags(grade, changes, found);
    Row row = new Row(id, folder, grade.score(), grade.maxScore(), stepScores(grade), grade.status().label, flags,
        seconds(start), hash, id, null, null, null);
    Files.createDirectories(outDir);
    Reports.write(grade, outDir, id);
    Reports.atomicWrite(outDir.resolve("feedback.md"), withNote(Feedback.markdown(id, grade, changes, kit), note));
    Reports.atomicWrite(cacheFile, JSON.writeValueAsString(row));
    return new Graded(row, false);
  }

  // A clone under --deadline: the last commit at or before it is graded from a copy of its files
  // (the clone itself is only read), and with --late-policy both the latest commit as well.
  private Row atDeadline(Path entry, String id, String folder, Path outDir, Path work, long start) throws IOException {
    History.Pick pick;
    try {
      pick = History.pick(entry, options.deadline());
    } catch (History.Refused refused) {
      return reject(id, folder, outDir, start, refused.getMessage());
    }
    String deadline = options.deadline().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    List<String> warnings = new ArrayList<>(pick.warnings());
    boolean cached = true;
    Row row;
    if (pick.onTime() == null) {
      cached = false;
      row = noCommit(id, folder, outDir, start, pick, deadline);
    } else {
      Path dir = work.resolve("on-time");
      try {
        History.Checkout checkout = History.checkout(entry, pick.onTime().id(), dir.resolve("commit"));
        if (!checkout.leftOut().isEmpty()) {
          warnings.add("not taken from commit " + pick.onTime().shortHash() + ": "
              + String.join(", ", checkout.leftOut()));
        }
      } catch (History.Refused refused) {
        return reject(id, folder, outDir, start, refused.getMessage());
      }
      Graded graded = gradeFiles(id, folder, dir.resolve("commit"), dir, outDir, cache(folder), start,
          "Graded at commit " + pick.onTime().shortHash() + " (committed " + pick.onTime().date()
              + "), the last at or before the deadline, " + deadline + "; " + pick.later()
              + " later commit(s) were not graded.", pick.onTime().id());
      cached = graded.cached();
      row = graded.row();
    }
    Latest latest = null;
    if (options.late() == LatePolicy.BOTH && pick.latest() != null) {
      if (pick.onTime() != null && pick.later() == 0) {
        latest = new Latest(pick.latest().shortHash(), row.score(), row.status());
      } else {
        Path dir = work.resolve(LATEST);
        try {
          History.checkout(entry, pick.latest().id(), dir.resolve("commit"));
          // Later commits that leave the student files as they were (a README, a test run) change no grade.
          if (pick.onTime() != null && hash(Submission.find(kit, dir.resolve("commit")), null)
              .equals(hash(Submission.find(kit, work.resolve("on-time").resolve("commit")), null))) {
            latest = new Latest(pick.latest().shortHash(), row.score(), row.status());
            Folders.delete(outDir.resolve(LATEST));
          } else {
            Graded graded = gradeFiles(id, folder, dir.resolve("commit"), dir, outDir.resolve(LATEST),
                latestCache(folder), start, "Graded at the latest commit, " + pick.latest().shortHash()
                    + " (committed " + pick.latest().date() + "), after the deadline, " + deadline
                    + ": the grade your instructor's late policy may use.", pick.latest().id());
            cached &= graded.cached();
            latest = new Latest(pick.latest().shortHash(), graded.row().score(), graded.row().status());
          }
        } catch (History.Refused refused) {
          latest = new Latest(pick.latest().shortHash(), 0, "rejected");
          warnings.add("the latest commit was not graded: " + refused.getMessage());
        }
      }
    }
    if (cached) {
      gradedNow.decrementAndGet();
    }
    Commit commit = new Commit(true, pick.onTime() == null ? null : pick.onTime().shortHash(),
        pick.onTime() == null ? null : pick.onTime().date(), pick.later(),
        pick.latest() == null ? null : pick.latest().shortHash(), pick.latest() == null ? null : pick.latest().date());
    return row.withHistory(commit, latest, warnings, cached ? row.seconds() : seconds(start));
  }

  // A clone whose commits all come after the deadline: a row of its own, with nothing graded.
  private Row noCommit(String id, String folder, Path outDir, long start, History.Pick pick, String deadline)
      throws IOException {
    String why = pick.latest() == null ? "the repository has no commit"
        : "no commit at or before the deadline, " + deadline + ": its " + pick.later() + " commit(s) are dated after "
            + "it, the latest " + pick.latest().shortHash() + " on " + pick.latest().date();
    Grade grade = grader.notRun(Grade.Status.NO_COMMIT, List.of(new Compilation.Problem("(submission)", 0, why)),
        options.steps(), options.hidden(), seconds(start));
    Map<String, Integer> steps = new LinkedHashMap<>();
    kit.steps().forEach(s -> steps.put(s.id(), 0));
    Files.createDirectories(outDir);
    Reports.write(grade, outDir, id);
    Reports.atomicWrite(outDir.resolve("feedback.md"), Feedback.markdown(id, grade, Changes.none(), kit));
    return new Row(id, folder, 0, grade.maxScore(), steps, Grade.Status.NO_COMMIT.label, List.of(), seconds(start),
        "", id, null, null, null);
  }

  // The feedback with a paragraph about what was graded, below its headline.
  private static String withNote(String markdown, String note) {
    if (note == null) {
      return markdown;
    }
    int cut = markdown.indexOf("\n\n");
    return cut < 0 ? markdown + "\n" + note + "\n" : markdown.substring(0, cut + 2) + note + "\n\n" + markdown.substring(cut + 2);
  }

  /** Stops the database hosts and deletes the sandboxes' files. */
  @Override
  public void close() {
    harness.close();
  }

  /** What decides a grade besides the student's files: the kit's sources and tests, and the options. */
  public String fingerprint() {
    return kitFingerprint;
  }

  /** How many submissions this run graded, as opposed to found unchanged. */
  public int gradedNow() {
    return gradedNow.get();
  }

  private Map<String, Integer> stepScores(Grade grade) {
    Map<String, Integer> steps = new LinkedHashMap<>();
    for (Kit.Step step : kit.steps()) {
      steps.put(step.id(), grade.score(step.id()));
    }
    return steps;
  }

  private static List<String> flags(Grade grade, Changes changes, Submission.Found found) {
    List<String> flags = new ArrayList<>();
    if (!changes.tampered().isEmpty()) {
      flags.add("tampered with " + changes.tampered().size() + " kit file(s): " + String.join(", ", changes.tampered()));
    }
    if (!changes.links().isEmpty()) {
      flags.add("symbolic links ignored: " + changes.links().size());
    }
    found.problems().stream().filter(p -> p.message().contains("is a symbolic link")).findFirst()
        .ifPresent(p -> flags.add("a student file was reached through a symbolic link, which was refused: "
            + p.message().substring(Submission.MISSING.length(), p.message().indexOf(" is a symbolic link"))));
    if (!grade.violations().isEmpty()) {
      flags.add("its JVM broke the grader's protocol (" + grade.violations().size() + "×: "
          + grade.violations().get(0) + "); no test counted it as a pass");
    }
    long crashed = grade.tests().stream().filter(t -> t.status().equals("crashed")).count();
    if (crashed > 0) {
      flags.add(crashed + " test(s) ended the test JVM (System.exit, crash or out of memory)");
    }
    long timedOut = grade.tests().stream().filter(t -> t.status().equals("timed out")).count();
    if (timedOut > 0) {
      flags.add(timedOut + " test(s) timed out");
    }
    // A fact for the instructor to weigh, not a verdict: an honest mistake that only other data
    // shows (a row order, a second tag) looks the same here as code fitted to the visible tests.
    boolean visibleAllPass = grade.tests().stream().filter(t -> !t.hidden()).allMatch(Grade.TestResult::passed);
    List<String> hiddenFailed = grade.tests().stream().filter(t -> t.hidden() && !t.passed())
        .map(Grade.TestResult::name).toList();
    if (!grade.tests().isEmpty() && visibleAllPass && !hiddenFailed.isEmpty()) {
      flags.add("every visible test passes; " + hiddenFailed.size() + " hidden test(s) fail: "
          + String.join("; ", hiddenFailed));
    }
    return flags;
  }

  private Row reject(String id, String folder, Path outDir, long start, String why) {
    Map<String, Integer> steps = new LinkedHashMap<>();
    kit.steps().forEach(s -> steps.put(s.id(), 0));
    Grade grade = grader.notRun(Grade.Status.ERROR, List.of(new Compilation.Problem("(submission)", 0, why)),
        options.steps(), options.hidden(), seconds(start));
    Row row = new Row(id, folder, 0, grade.maxScore(), steps, "rejected", List.of(why), seconds(start), "", id,
        null, null, null);
    try {
      Files.createDirectories(outDir);
      Reports.write(grade, outDir, id);
      Reports.atomicWrite(outDir.resolve("feedback.md"), Feedback.markdown(id, grade, Changes.none(), kit));
      Reports.atomicWrite(cache(folder), JSON.writeValueAsString(row));
    } catch (IOException | RuntimeException e) {
      // The row itself still reaches the gradebook.
    }
    return row;
  }

  // The rerun cache: the grader's own record of each row, beside its work, which no sandbox sees.
  private Path cache(String folder) throws IOException {
    Path dir = options.out().resolve(".work").resolve("rows");
    Files.createDirectories(dir);
    return dir.resolve(folder + ".json");
  }

  private Path latestCache(String folder) throws IOException {
    Path dir = options.out().resolve(".work").resolve("rows-" + LATEST);
    Files.createDirectories(dir);
    return dir.resolve(folder + ".json");
  }

  private static Row previous(Path file) {
    try {
      return Files.exists(file) ? JSON.readValue(file.toFile(), Row.class) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.findAny().isEmpty();
    }
  }

  // The files, the kit and options, and the commit they come from (with --deadline): a rerun grades
  // again when any of them changed, so the feedback always names the commit it graded.
  private String hash(Submission.Found found, String commit) throws IOException {
    MessageDigest digest = Digests.sha256();
    digest.update(kitFingerprint.getBytes(StandardCharsets.UTF_8));
    if (commit != null) {
      digest.update(commit.getBytes(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, Path> f : found.files().entrySet()) {
      digest.update(f.getKey().getBytes(StandardCharsets.UTF_8));
      digest.update(Files.readAllBytes(f.getValue()));
    }
    found.problems().forEach(p -> digest.update(p.describe().getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(digest.digest());
  }

  // Everything that decides a grade besides the student's files: the kit's sources and tests,
  // and the grading options. Changing any of it grades every submission again.
  private static String fingerprint(Kit kit, Options options) {
    MessageDigest digest = Digests.sha256();
    List<Path> files = new ArrayList<>(kit.fixedMainSources());
    files.addAll(kit.gradedTestSources(true));
    files.addAll(kit.driverSources());
    files.add(kit.root().resolve(Kit.STUDENT_FILES));
    files.add(kit.root().resolve(Kit.STEPS));
    try {
      for (Path f : files) {
        digest.update(kit.relative(f).getBytes(StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    digest.update((options.hidden() + "|" + options.steps() + "|" + options.limits().testTimeoutSeconds() + "|"
        + options.limits().runTimeoutSeconds() + "|" + options.limits().heap() + "|" + options.sandbox().mode())
        .getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A folder name safe on every file system, unique per id. */
  static String safeFolderName(String id) {
    String safe = id.replaceAll("[^A-Za-z0-9._@+-]", "_");
    if (safe.isEmpty() || safe.equals(".") || safe.equals("..") || !safe.equals(id) || safe.length() > 80) {
      String base = safe.replace(".", "_");
      base = base.length() > 60 ? base.substring(0, 60) : base;
      String tag = HexFormat.of().formatHex(Digests.sha256().digest(id.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
      safe = base + "-" + tag;
    }
    return safe;
  }

  private static double seconds(long start) {
    return Math.round((System.nanoTime() - start) / 1e8) / 10.0;
  }

  static boolean validPath(Path p) {
    try {
      p.toRealPath(LinkOption.NOFOLLOW_LINKS);
      return true;
    } catch (IOException | InvalidPathException e) {
      return false;
    }
  }
}
