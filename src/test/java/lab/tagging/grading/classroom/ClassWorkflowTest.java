package lab.tagging.grading.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import lab.tagging.grading.Clones;
import lab.tagging.grading.Folders;
import lab.tagging.grading.Gradings;
import lab.tagging.grading.Kit;
import lab.tagging.grading.Main;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The instructor's end of term, through the command line as ./grade runs it: a small class of
 * real clones (commits dated by the test), a stranger's zip and a GitHub Classroom roster,
 * graded at a deadline with the latest commits beside, exported for Canvas; then the same class
 * graded in three shards and merged. Lab 2's visible tests only, and each submission the starter
 * (0), the solution (20) or code that does not compile (0, no test JVM), to keep it quick.
 */
@Tag("kit")
@DisplayName("Class grader · deadline, roster, LMS import and shards")
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ClassWorkflowTest {

  static final Path ROOT = Gradings.WORK.resolve("class-workflow");
  static final Path SUBMISSIONS = ROOT.resolve("submissions");
  static final Path ONCE = ROOT.resolve("once");
  static final Path MERGED = ROOT.resolve("merged");
  static final String DEADLINE = "2026-12-18T23:59:00+01:00";

  static RevCommit aliceOnTime;
  static RevCommit aliceLate;
  static RevCommit bobLate;
  static RevCommit bobBackDated;
  static RevCommit carolOnTime;
  static RevCommit carolLate;
  static RevCommit daveLate;
  static Map<String, String> clonesBefore;
  static String once;
  static String merged;
  static Map<String, CSVRecord> gradebook;

  // Each grading runs with a generous limit per test: on a loaded machine a test that hits the usual
  // 10 s in one run and not in another would make the two gradebooks differ for a reason of load.
  @BeforeAll
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  static void gradeTheClass() throws Exception {
    Folders.clean(ROOT);
    Git alice = Clones.init(SUBMISSIONS.resolve("hw1-alice"));
    aliceOnTime = Clones.commit(alice, at("2026-12-10T10:00:00+01:00"), "start", Clones.starter());
    aliceLate = Clones.commit(alice, at("2026-12-19T09:00:00+01:00"), "finished late", Clones.solution());
    Git bob = Clones.init(SUBMISSIONS.resolve("hw1-bob"));
    bobLate = Clones.commit(bob, at("2026-12-20T10:00:00+01:00"), "start", Clones.starter());
    bobBackDated = Clones.commit(bob, at("2026-12-17T10:00:00+01:00"), "back-dated", broken());
    Git carol = Clones.init(SUBMISSIONS.resolve("hw1-carol"));
    carolOnTime = Clones.commit(carol, at("2026-12-15T10:00:00+01:00"), "done", broken());
    carolLate = Clones.commit(carol, at("2026-12-21T10:00:00+01:00"), "notes", dir -> append(dir.resolve("NOTES.md"),
        "what I learned\n"));
    Git dave = Clones.init(SUBMISSIONS.resolve("hw1-dave"));
    daveLate = Clones.commit(dave, at("2026-12-19T12:00:00+01:00"), "all late", Clones.solution());
    zipOfBroken(SUBMISSIONS.resolve("mallory.zip"));
    Files.writeString(ROOT.resolve("classroom_roster.csv"), """
        "identifier","github_username","github_id","name"
        "alice@uni.example","alice","1001","Alice A."
        "bob@uni.example","Bob","1002","Bob B."
        "carol@uni.example","carol","1003","Carol C."
        "dave@uni.example","dave","1004","Dave D."
        "erin@uni.example","erin","1005","Erin E."
        "frank@uni.example","","",""
        """);
    clonesBefore = Clones.snapshot(SUBMISSIONS);

    // No similarity: a shard cannot compare its submissions with the others, so the merge has none.
    once = run("class", SUBMISSIONS.toString(), "--out", ONCE.toString(), "--lab", "lab2", "--no-hidden", "--no-similarity",
        "--jobs", "2", "--test-timeout", "60", "--deadline", DEADLINE, "--late-policy", "both",
        "--roster", ROOT.resolve("classroom_roster.csv").toString(),
        "--lms", "canvas", "--kit", Gradings.KIT.root().toString());
    gradebook = new TreeMap<>();
    for (CSVRecord r : csv(ONCE.resolve("gradebook.csv"))) {
      gradebook.put(r.get("id"), r);
    }
    List<String> parts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Path out = ROOT.resolve("shard-" + i);
      run("class", SUBMISSIONS.toString(), "--out", out.toString(), "--lab", "lab2", "--no-hidden",
          "--jobs", "2", "--test-timeout", "60", "--deadline", DEADLINE, "--late-policy", "both",
        "--roster", ROOT.resolve("classroom_roster.csv").toString(),
          "--shard", i + "/3", "--kit", Gradings.KIT.root().toString());
      parts.add(out.toString());
    }
    List<String> merge = new ArrayList<>(List.of("merge"));
    merge.addAll(parts);
    merge.addAll(List.of("--out", MERGED.toString(), "--lms", "canvas", "--kit", Gradings.KIT.root().toString()));
    merged = run(merge.toArray(String[]::new));
  }

  @Test
  @DisplayName("a clone is graded at its last commit at or before the deadline; the gradebook has it, its committer "
      + "date, the later commits and the latest")
  void gradedAtTheDeadline() {
    CSVRecord alice = gradebook.get("alice@uni.example");
    assertThat(alice.get("score")).as("the starter, committed on time, scores 0").isEqualTo("0");
    assertThat(alice.get("commit")).as("the commit graded").isEqualTo(shortHash(aliceOnTime));
    assertThat(alice.get("committer_date")).as("its committer date").isEqualTo("2026-12-10T10:00:00+01:00");
    assertThat(alice.get("later_commits")).as("commits after it").isEqualTo("1");
    assertThat(alice.get("last_commit")).as("the latest commit").isEqualTo(shortHash(aliceLate));
    assertThat(alice.get("last_committer_date")).as("its date").isEqualTo("2026-12-19T09:00:00+01:00");
  }

  @Test
  @DisplayName("with --late-policy both, the latest commit's score and status stand beside the on-time ones")
  void latestBesideOnTime() throws IOException {
    CSVRecord alice = gradebook.get("alice@uni.example");
    assertThat(alice.get("latest_score")).as("the solution, committed late").isEqualTo("20");
    assertThat(alice.get("latest_status")).as("its status").isEqualTo("graded");
    assertThat(ONCE.resolve("students/hw1-alice/latest/feedback.md")).as("the latest commit's feedback")
        .content().contains("Graded at the latest commit, " + shortHash(aliceLate) + " (committed "
            + "2026-12-19T09:00:00+01:00), after the deadline, " + DEADLINE);
    assertThat(ONCE.resolve("students/hw1-alice/feedback.md")).as("the on-time feedback").content()
        .contains("Graded at commit " + shortHash(aliceOnTime) + " (committed 2026-12-10T10:00:00+01:00), the last at "
            + "or before the deadline, " + DEADLINE + "; 1 later commit(s) were not graded.");
  }

  @Test
  @DisplayName("a back-dated commit on top of a late one is graded as dated, and the row is flagged")
  void backDatedCommitIsFlagged() {
    CSVRecord bob = gradebook.get("bob@uni.example");
    assertThat(bob.get("commit")).as("the commit graded").isEqualTo(shortHash(bobBackDated));
    assertThat(bob.get("status")).as("its status, its code's").isEqualTo("compile error");
    assertThat(bob.get("flags")).as("what a person should look at").contains("commit dates run backwards: "
        + shortHash(bobBackDated) + " (2026-12-17T10:00:00+01:00) is dated before its parent " + shortHash(bobLate));
  }

  @Test
  @DisplayName("a later commit that leaves the student files as they were is not graded again: its score is the on-time one")
  void unchangedLatestIsNotGradedAgain() {
    CSVRecord carol = gradebook.get("carol@uni.example");
    assertThat(carol.get("commit")).as("the commit graded").isEqualTo(shortHash(carolOnTime));
    assertThat(carol.get("last_commit")).as("the latest, which only added notes").isEqualTo(shortHash(carolLate));
    assertThat(carol.get("latest_status")).as("the latest commit's status").isEqualTo("compile error");
    assertThat(ONCE.resolve("students/hw1-carol/latest")).as("a grading of the latest commit").doesNotExist();
  }

  @Test
  @DisplayName("a zip is graded as it is and marked as having no history")
  void zipHasNoHistory() {
    CSVRecord mallory = gradebook.get("mallory");
    assertThat(mallory.get("commit")).as("the commit column").isEqualTo("no history");
    assertThat(mallory.get("status")).as("graded as it is: its code does not compile").isEqualTo("compile error");
    assertThat(mallory.get("latest_score")).as("the latest is what was handed in").isEqualTo("0");
  }

  @Test
  @DisplayName("a clone without a commit before the deadline scores 0 with a status that says so, its latest graded beside")
  void noCommitBeforeTheDeadline() throws IOException {
    CSVRecord dave = gradebook.get("dave@uni.example");
    assertThat(dave.get("status")).as("status").isEqualTo("no commit before deadline");
    assertThat(dave.get("score")).as("score").isEqualTo("0");
    assertThat(dave.get("commit")).as("the commit graded").isEqualTo("none");
    assertThat(dave.get("later_commits")).as("commits after the deadline").isEqualTo("1");
    assertThat(dave.get("latest_score")).as("the latest commit's score").isEqualTo("20");
    assertThat(ONCE.resolve("students/hw1-dave/feedback.md")).as("the student's feedback").content()
        .contains("no commit at or before the deadline, " + DEADLINE + ": its 1 commit(s) are dated after it, the "
            + "latest " + shortHash(daveLate) + " on 2026-12-19T12:00:00+01:00");
  }

  @Test
  @DisplayName("the clones are only read: every file, .git included, is as it was after four runs")
  void clonesUntouched() {
    assertThat(Clones.snapshot(SUBMISSIONS)).as("the class's submissions").isEqualTo(clonesBefore);
  }

  @Test
  @DisplayName("rows are keyed by the roster's identifier; a student without a submission has a row 'missing'")
  void keyedByRoster() {
    assertThat(gradebook).as("the gradebook's rows").containsOnlyKeys("alice@uni.example", "bob@uni.example",
        "carol@uni.example", "dave@uni.example", "erin@uni.example", "frank@uni.example", "mallory");
    assertThat(gradebook.get("alice@uni.example").get("submission")).as("Alice's submission").isEqualTo("hw1-alice");
    assertThat(gradebook.get("bob@uni.example").get("github_username")).as("Bob's username, as the roster spells it")
        .isEqualTo("Bob");
    assertThat(gradebook.get("erin@uni.example").get("status")).as("Erin, who handed nothing in").isEqualTo("missing");
    assertThat(gradebook.get("frank@uni.example").get("flags")).as("Frank, never linked to GitHub")
        .isEqualTo("the roster has no GitHub username for this student (not linked in GitHub Classroom)");
  }

  @Test
  @DisplayName("a submission not on the roster is kept and listed in the gradebook, the report and the summary")
  void strangerIsListed() throws IOException {
    assertThat(gradebook.get("mallory").get("flags")).as("its flags").contains(Roster.NOT_ON_ROSTER);
    assertThat(once).as("the summary").contains("  roster classroom_roster.csv: 6 students, 4 with a submission, "
        + "2 missing; not on the roster: mallory\n");
    assertThat(ONCE.resolve("report.html")).as("the report").content()
        .contains("<tr><td>Submissions not on the roster</td><td>mallory</td></tr>");
  }

  @Test
  @DisplayName("the gradebook has the roster's, the deadline's and the late policy's columns")
  void gradebookColumns() throws IOException {
    assertThat(Files.readAllLines(ONCE.resolve("gradebook.csv")).get(0)).as("the header").isEqualTo(
        "id,github_username,name,submission,score,max,lab1,lab2,lab3,lab4,status,flags,commit,committer_date,"
            + "later_commits,last_commit,last_committer_date,latest_score,latest_status,seconds");
  }

  @Test
  @DisplayName("the summary says what the deadline did, with the dates' caveat")
  void deadlineSummary() {
    assertThat(once).as("the summary").contains("  deadline " + DEADLINE + " (committer dates, set on the students' "
        + "machines): 3 graded at their last commit before it (2 with later commits), 1 with no commit before it, "
        + "1 without a history; dates run backwards in 1; latest commits graded too\n");
  }

  @Test
  @DisplayName("the Canvas import has a row per roster student the grader could grade, and names the rest")
  void canvasImport() throws IOException {
    assertThat(ONCE.resolve("canvas-import.csv")).as("canvas-import.csv").content().isEqualTo("""
        Student,ID,SIS User ID,SIS Login ID,Section,tagging-lab
        Alice A.,,alice@uni.example,,,0
        Bob B.,,bob@uni.example,,,0
        Carol C.,,carol@uni.example,,,0
        Dave D.,,dave@uni.example,,,0
        Erin E.,,erin@uni.example,,,0
        "",,frank@uni.example,,,0
        """);
    assertThat(once).as("the summary").contains("Canvas import: " + ONCE.resolve("canvas-import.csv")
        + " (6 students; left out, for you to settle: mallory (not on the roster))\n");
  }

  @Test
  @DisplayName("three shards merged give the same gradebook as the class graded at once (seconds aside)")
  void shardsMergeToTheSameGradebook() throws IOException {
    assertThat(withoutSeconds(MERGED.resolve("gradebook.csv"))).as("the merged gradebook")
        .isEqualTo(withoutSeconds(ONCE.resolve("gradebook.csv")));
    assertThat(MERGED.resolve("canvas-import.csv")).as("the merged Canvas import")
        .hasSameTextualContentAs(ONCE.resolve("canvas-import.csv"));
    assertThat(merged).as("the merge's summary").startsWith("\nMerged 3 shards: 5 submissions.\n");
  }

  @Test
  @DisplayName("each shard grades its own part, which a second shard does not, and leaves missing students to the merge")
  void shardsArePartsOfTheClass() throws IOException {
    List<String> graded = new ArrayList<>();
    int nonEmpty = 0;
    for (int i = 1; i <= 3; i++) {
      List<CSVRecord> rows = csv(ROOT.resolve("shard-" + i + "/gradebook.csv"));
      rows.forEach(r -> graded.add(r.get("submission").isEmpty() ? r.get("id") : r.get("submission")));
      nonEmpty += rows.isEmpty() ? 0 : 1;
      assertThat(rows).as("shard " + i + "'s rows").noneMatch(r -> r.get("status").equals("missing"));
    }
    assertThat(graded).as("the submissions graded by the three shards").containsExactlyInAnyOrder("hw1-alice",
        "hw1-bob", "hw1-carol", "hw1-dave", "mallory");
    assertThat(nonEmpty).as("shards that graded something").isGreaterThan(1);
  }

  @Test
  @DisplayName("the merged folder has every student's files and a report of the whole class")
  void mergedFolderIsWhole() throws IOException {
    try (Stream<Path> a = Files.walk(ONCE.resolve("students")); Stream<Path> b = Files.walk(MERGED.resolve("students"))) {
      assertThat(b.map(p -> MERGED.resolve("students").relativize(p).toString()).sorted().toList())
          .as("the merged students' files").isEqualTo(a.map(p -> ONCE.resolve("students").relativize(p).toString())
              .sorted().toList());
    }
    assertThat(MERGED.resolve("report.html")).as("the merged report").content()
        .contains("<tr><td>No submission (missing)</td><td>erin@uni.example (erin), frank@uni.example</td></tr>");
  }

  @Test
  @DisplayName("merge refuses a shard given twice in one line, and writes nothing")
  void overlappingShardsAreRefused() {
    Path out = ROOT.resolve("merged-twice");
    StringWriter err = new StringWriter();
    int status = Main.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
        .execute("merge", ROOT.resolve("shard-1").toString(), ROOT.resolve("shard-1").toString(),
            ROOT.resolve("shard-2").toString(), ROOT.resolve("shard-3").toString(), "--out", out.toString(),
            "--kit", Gradings.KIT.root().toString());

    assertThat(status).as("exit status").isEqualTo(2);
    assertThat(err.toString()).as("what the instructor reads").isEqualTo("error: the shards " + ROOT.resolve("shard-1")
        + " and " + ROOT.resolve("shard-1") + " are both shard 1/3: they overlap\n");
    assertThat(out).as("the merge's folder").doesNotExist();
  }

  @Test
  @DisplayName("merge refuses a shard graded with another deadline in one line")
  void inconsistentShardIsRefused() throws IOException {
    Path other = ROOT.resolve("shard-2-other-deadline");
    Folders.clean(other);
    Gradings.copyTree(ROOT.resolve("shard-2"), other);
    Path manifest = other.resolve(Shards.MANIFEST);
    Files.writeString(manifest, Files.readString(manifest).replace(DEADLINE, "2026-12-19T23:59:00+01:00"));
    StringWriter err = new StringWriter();

    int status = Main.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
        .execute("merge", ROOT.resolve("shard-1").toString(), other.toString(), ROOT.resolve("shard-3").toString(),
            "--out", ROOT.resolve("merged-other").toString(), "--kit", Gradings.KIT.root().toString());

    assertThat(status).as("exit status").isEqualTo(2);
    assertThat(err.toString()).as("what the instructor reads").isEqualTo("error: the shards " + ROOT.resolve("shard-1")
        + " and " + other + " were graded with different deadlines (" + DEADLINE + " and 2026-12-19T23:59:00+01:00): "
        + "grade them again alike\n");
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    assertThat(status).as(String.join(" ", args) + "\n" + out + err).isZero();
    return out.toString();
  }

  private static List<CSVRecord> csv(Path file) throws IOException {
    return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(Files.readString(file))).getRecords();
  }

  // The gradebook's records without its last column, the seconds each took.
  private static List<List<String>> withoutSeconds(Path file) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (CSVRecord r : CSVFormat.DEFAULT.parse(new StringReader(Files.readString(file)))) {
      rows.add(r.toList().subList(0, r.size() - 1));
    }
    return rows;
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static java.time.OffsetDateTime at(String when) {
    return java.time.OffsetDateTime.parse(when);
  }

  private static String shortHash(RevCommit commit) {
    return commit.name().substring(0, 7);
  }

  // The starter with a line that is not Java: graded in a moment, with no test JVM to start.
  private static java.util.function.Consumer<Path> broken() {
    return Clones.starter().andThen(dir -> append(dir.resolve(Gradings.KIT.studentFiles().get(0).path()),
        "\nthis is not Java\n"));
  }

  private static void zipOfBroken(Path file) throws IOException {
    Path files = ROOT.resolve("zipped");
    broken().accept(files);
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Kit.StudentFile f : Gradings.KIT.studentFiles()) {
        zip.putNextEntry(new ZipEntry(f.path()));
        zip.write(Files.readAllBytes(files.resolve(f.path())));
        zip.closeEntry();
      }
    }
  }
}
