package lab.tagging.grading.classroom;

import lab.tagging.grading.Folders;
import lab.tagging.grading.Kit;
import lab.tagging.grading.Limits;
import lab.tagging.grading.report.ClassReport;
import lab.tagging.grading.sandbox.Sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import lab.tagging.grading.Gradings;
import lab.tagging.grading.ResultsFormat;

/**
 * Grades one class of hostile and broken submissions with the class grader (lab 2's tests
 * only, to keep it quick): every entry gets one row with a clear status, and no entry stops
 * the batch or touches another's results. Code-based cases live in src/test/fixtures/class;
 * zips, links and odd names are made here.
 */
@Tag("kit")
@DisplayName("Class grader · a class of hostile submissions")
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ClassGraderTest {

  static final Path FIXTURES = Path.of("src/test/fixtures/class");
  static final Path ROOT = Gradings.WORK.resolve("class");
  static final Path SUBMISSIONS = ROOT.resolve("submissions");
  static final Path OUT = ROOT.resolve("grades");

  static Map<String, ClassGrader.Row> rows;
  static List<ClassGrader.Row> secondRun;
  static int gradedAgain;
  static final String CLASSMATE_MARKER = "classmate-secret-marker";

  // What a hostile submission might find and send back: the reference solution (a comment of its
  // source, a class only its compiled code has), the hidden tests (source and class names) and a
  // classmate's code.
  static final List<String> SECRETS = List.of("Two requests both saw no row", "AddTagHandler$Added",
      "package lab.tagging.hidden", "lab/tagging/hidden/", CLASSMATE_MARKER);

  static Map<String, String> before;
  static Map<String, String> after;
  static Map<String, String> classmateAfterFirstRun;
  static long lingering;
  static ClassGrader.Sharing firstSharing;
  static ClassGrader.Sharing secondSharing;

  @BeforeAll
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  static void gradeTheClass() throws Exception {
    Folders.clean(ROOT);
    Files.createDirectories(SUBMISSIONS);
    for (String name : codeCases().toList()) {
      // A hostile case starts from the starter, an honest 0: any point it gets, it forged.
      Path dir = expected(name).path("hostile").asBoolean() ? starterAt(name) : solutionAt(name);
      Gradings.copyFixture(FIXTURES.resolve(name).resolve("src"), dir.resolve("src"), SUBMISSIONS, OUT);
    }
    Path good = solutionAt("good");
    Path handler = good.resolve("src/main/java/lab/tagging/web/AddTagHandler.java");
    Files.writeString(handler, "\n// " + CLASSMATE_MARKER + "\n", java.nio.file.StandardOpenOption.APPEND);
    starterAt("starter");
    // A classmate's work, or the kit's solution, through a link: never followed.
    Files.createDirectories(SUBMISSIONS.resolve("link-to-classmate"));
    Files.createSymbolicLink(SUBMISSIONS.resolve("link-to-classmate/src"), Path.of("../good/src"));
    Files.createDirectories(SUBMISSIONS.resolve("link-to-solution"));
    Files.createSymbolicLink(SUBMISSIONS.resolve("link-to-solution/src"),
        Gradings.KIT.root().resolve("solutions/src"));
    // Folders named like the class's own files.
    starterAt("gradebook.csv");
    starterAt("report.html");
    Path tampered = solutionAt("tampered");
    String test = "src/test/java/lab/tagging/lab2/AddTagTest.java";
    copy(Gradings.KIT.root().resolve(test), tampered.resolve(test));
    Files.writeString(tampered.resolve(test), "\n// every test passes, promise\n", java.nio.file.StandardOpenOption.APPEND);
    Files.createDirectories(SUBMISSIONS.resolve("empty"));
    Files.delete(solutionAt("missing-file").resolve("src/main/java/lab/tagging/tags/TagQueries.java"));
    Files.createSymbolicLink(SUBMISSIONS.resolve("link-to-another"), SUBMISSIONS.resolve("good"));
    Path linkInside = solutionAt("link-inside");
    Path post = linkInside.resolve("src/main/java/lab/tagging/posts/Post.java");
    Files.delete(post);
    Files.createSymbolicLink(post, Path.of("/etc/hostname"));

    zip("zip-good.zip", solutionFiles("alice-main/"), false);
    zip("zip-slip.zip", Map.of("../escaped.txt", "x".getBytes(StandardCharsets.UTF_8)), false);
    zip("zip-absolute.zip", Map.of("/tmp/absolute.txt", "x".getBytes(StandardCharsets.UTF_8)), false);
    zip("zip-bomb.zip", Map.of("zeros.bin", new byte[60 * 1024 * 1024]), false);
    Map<String, byte[]> linked = solutionFiles("");
    linked.put("src/main/java/lab/tagging/posts/Post.java", "/etc/passwd".getBytes(StandardCharsets.UTF_8));
    zip("zip-symlink.zip", linked, true);
    Map<String, byte[]> latin1 = solutionFiles("");
    latin1.put("notes-\u00e9t\u00e9.txt", "x".getBytes(StandardCharsets.UTF_8));
    zip("zip-latin1-names.zip", latin1, false);
    nonUtf8Folder();

    before = snapshot();
    ClassGrader.Options options = new ClassGrader.Options(SUBMISSIONS, OUT, 2, false, true, "lab2",
        new Limits(10, 120, "256m", null), true, Gradings.SANDBOX);
    try (ClassGrader grader = new ClassGrader(Gradings.KIT, options)) {
      List<ClassGrader.Row> first = grader.gradeAll(ClassGrader.entries(SUBMISSIONS), row -> { });
      ClassReport.writeAll(first, Gradings.KIT, OUT, 25, "test");
      rows = first.stream().collect(Collectors.toMap(ClassGrader.Row::id, Function.identity()));
      firstSharing = grader.sharing();
    }
    lingering = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("tagging-lab-linger-marker")).count();
    classmateAfterFirstRun = snapshot(OUT.resolve(ClassGrader.STUDENTS).resolve("good"), OUT.resolve(".work/rows/good.json"));
    // Longer than a process left behind would wait before it rewrote the rows.
    Thread.sleep(8_000);
    try (ClassGrader again = new ClassGrader(Gradings.KIT, options)) {
      secondRun = again.gradeAll(ClassGrader.entries(SUBMISSIONS), row -> { });
      gradedAgain = again.gradedNow();
      secondSharing = again.sharing();
      ClassReport.writeAll(secondRun, Gradings.KIT, OUT, 25, "test");
    }
    after = snapshot();
  }

  static Stream<String> codeCases() throws IOException {
    try (Stream<Path> list = Files.list(FIXTURES)) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("codeCases")
  @DisplayName("a submission whose code is hostile or broken gets the expected row")
  void codeCase(String name) throws IOException {
    JsonNode expected = JsonMapper.builder().build().readTree(FIXTURES.resolve(name).resolve("expected.json").toFile());
    ClassGrader.Row row = rows.get(name);
    assertThat(row).as("row of " + name).isNotNull();
    String described = row + "\n" + Files.readString(OUT.resolve(ClassGrader.STUDENTS).resolve(row.folder()).resolve("feedback.md"));
    // "status" is one status, or the list of statuses that are right for the case.
    List<String> statuses = new java.util.ArrayList<>();
    expected.get("status").forEach(n -> statuses.add(n.asText()));
    if (expected.get("status").isTextual()) {
      statuses.add(expected.get("status").asText());
    }
    assertThat(row.status()).as(described).isIn(statuses);
    if (expected.has("flag")) {
      assertThat(String.join("; ", row.flags())).as(described).contains(expected.get("flag").asText());
    }
    if (expected.path("scoreBelowMax").asBoolean()) {
      assertThat(row.score()).as(described).isLessThan(row.max());
    }
    if (expected.path("scoreIsMax").asBoolean()) {
      assertThat(row.score()).as(described).isEqualTo(row.max());
    }
    if (expected.path("hostile").asBoolean()) {
      assertThat(row.score()).as("a hostile submission built on the starter earns nothing: " + described).isZero();
    }
    if (expected.path("secretsAbsent").asBoolean()) {
      String results = Files.readString(OUT.resolve(ClassGrader.STUDENTS).resolve(row.folder()).resolve("results.json"));
      assertThat(results).as("what the sandbox could read and send back").contains("secrets found")
          .doesNotContain(SECRETS);
      assertThat(Files.readString(OUT.resolve(ClassGrader.STUDENTS).resolve(row.folder()).resolve("feedback.md")))
          .doesNotContain(SECRETS);
    }
    String results = Files.readString(OUT.resolve(ClassGrader.STUDENTS).resolve(row.folder()).resolve("results.json"));
    if (expected.has("resultsContain")) {
      assertThat(results).as("the attack ran and said so").contains(expected.get("resultsContain").asText());
    }
    if (expected.has("resultsLack")) {
      assertThat(results).doesNotContain(expected.get("resultsLack").asText());
    }
    for (JsonNode file : expected.path("noFiles")) {
      assertThat(Path.of(file.asText())).as("a file that only a successful attack makes").doesNotExist();
    }
    if (expected.has("problem")) {
      assertThat(Files.readString(OUT.resolve(ClassGrader.STUDENTS).resolve(row.folder()).resolve("results.json")))
          .as(described).contains(expected.get("problem").asText());
    }
    ResultsFormat.validate(OUT.resolve(ClassGrader.STUDENTS).resolve(row.folder()).resolve("results.json"));
  }

  @Test
  @DisplayName("the batch has one row per entry, the good ones graded in full")
  void oneRowPerEntry() throws IOException {
    assertThat(rows).hasSize(ClassGrader.entries(SUBMISSIONS).size());
    assertThat(rows.get("good").score()).as(String.valueOf(rows.get("good"))).isEqualTo(25);
    assertThat(rows.get("good").flags()).isEmpty();
    assertThat(rows.get("zip-good").score()).isEqualTo(25);
    assertThat(rows.get("zip-latin1-names").score()).isEqualTo(25);
    assertThat(rows.get("starter").score()).isZero();
    assertThat(rows.get("starter").status()).isEqualTo("graded");
  }

  @Test
  @DisplayName("no hostile submission changed anything outside its own folder: submissions, kit, launch files")
  void nothingOutsideChanged() {
    java.util.Set<String> paths = new java.util.TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    assertThat(paths.stream().filter(p -> !java.util.Objects.equals(before.get(p), after.get(p))))
        .as("files of the class's submissions and the kit that differ after two runs with hostile code")
        .isEmpty();
  }

  @Test
  @DisplayName("the classmate's full score and files are unchanged after the hostile run, and after a rerun")
  void classmateIsUntouched() throws IOException {
    assertThat(rows.get("good").score()).isEqualTo(25);
    assertThat(secondRun).filteredOn(r -> r.id().equals("good")).singleElement()
        .satisfies(r -> assertThat(r.score()).isEqualTo(25));
    assertThat(snapshot(OUT.resolve(ClassGrader.STUDENTS).resolve("good"), OUT.resolve(".work/rows/good.json")))
        .as("the classmate's results, seconds after the run that had a process try to stay behind")
        .isEqualTo(classmateAfterFirstRun);
    assertThat(Files.readAllLines(OUT.resolve("gradebook.csv"))).anySatisfy(line -> assertThat(line).startsWith("good,25,"));
  }

  @Test
  @DisplayName("no process of a submission outlives its run")
  void noProcessLingers() {
    assertThat(lingering).as("processes whose command line carries the hostile submission's marker").isZero();
  }

  @Test
  @DisplayName("links to a classmate's work or to the kit's solution are refused, and the feedback says why")
  void linksToOtherWorkAreRefused() throws IOException {
    for (String id : List.of("link-to-classmate", "link-to-solution")) {
      ClassGrader.Row row = rows.get(id);
      assertThat(row.score()).as(id).isZero();
      assertThat(Files.readString(OUT.resolve(ClassGrader.STUDENTS).resolve(row.folder()).resolve("feedback.md")))
          .as(id).contains("'src' is a symbolic link");
      assertThat(row.flags()).as(id).anySatisfy(flag -> assertThat(flag).contains("symbolic link"));
    }
  }

  @Test
  @DisplayName("a student folder named like the class's files still leaves a whole gradebook and report")
  void studentNamesCannotCollide() throws IOException {
    assertThat(OUT.resolve("gradebook.csv")).isRegularFile();
    assertThat(OUT.resolve("report.html")).isRegularFile();
    assertThat(rows.get("gradebook.csv").status()).isEqualTo("graded");
    assertThat(Files.readAllLines(OUT.resolve("gradebook.csv"))).hasSize(rows.size() + 1)
        .anySatisfy(line -> assertThat(line).startsWith("gradebook.csv,"));
  }

  @Test
  @DisplayName("the test JVMs of a class share one class-data archive, which the next class reuses")
  void testJvmsShareOneClassDataArchive() {
    assertThat(firstSharing).as("a class this size warms up an archive, or finds one for this kit build")
        .isIn(ClassGrader.Sharing.BUILT, ClassGrader.Sharing.REUSED);
    assertThat(secondSharing).isEqualTo(ClassGrader.Sharing.REUSED);
  }

  @Test
  @DisplayName("a test JVM cannot write outside its own working folder")
  void testJvmWritesNothingElsewhere() throws IOException {
    assertThat(rows.get("writes-elsewhere").status()).isEqualTo("graded");
    assertThat(OUT.resolve("escaped-from-test-jvm.txt")).doesNotExist();
    assertThat(SUBMISSIONS.resolve("good/escaped-from-test-jvm.txt")).doesNotExist();
    try (Stream<Path> files = Files.list(Gradings.KIT.root().resolve("target"))) {
      assertThat(files.map(Path::toString)).noneMatch(name -> name.endsWith(".escaped"));
    }
  }

  @Test
  @DisplayName("a changed test file is ignored for grading and flagged as tampering")
  void tamperingIsFlagged() throws IOException {
    ClassGrader.Row row = rows.get("tampered");
    assertThat(row.score()).isEqualTo(25);
    assertThat(row.flags()).anySatisfy(f -> assertThat(f).contains("tampered").contains("AddTagTest.java"));
    assertThat(Files.readString(OUT.resolve(ClassGrader.STUDENTS).resolve("tampered/feedback.md"))).contains("src/test/java/lab/tagging/lab2/AddTagTest.java");
  }

  @Test
  @DisplayName("hostile zips are refused without writing outside their folder")
  void hostileZipsAreRefused() {
    assertThat(rows.get("zip-slip").status()).isEqualTo("rejected");
    assertThat(rows.get("zip-slip").flags().get(0)).contains("outside its folder");
    assertThat(rows.get("zip-absolute").status()).isEqualTo("rejected");
    assertThat(rows.get("zip-absolute").flags().get(0)).contains("absolute path");
    assertThat(rows.get("zip-bomb").status()).isEqualTo("rejected");
    assertThat(ROOT.resolve("escaped.txt")).doesNotExist();
    assertThat(OUT.resolve("escaped.txt")).doesNotExist();
    assertThat(Path.of("/tmp/absolute.txt")).doesNotExist();
  }

  @Test
  @DisplayName("links are never followed: a linked entry is refused, a linked file counts as missing")
  void linksAreNotFollowed() {
    assertThat(rows.get("link-to-another").status()).isEqualTo("rejected");
    assertThat(rows.get("link-inside").status()).isEqualTo("missing files");
    assertThat(rows.get("zip-symlink").status()).isEqualTo("compile error");
  }

  @Test
  @DisplayName("empty, incomplete and oddly named submissions each get a clear row")
  void brokenEntriesGetRows() {
    assertThat(rows.get("empty").status()).isEqualTo("rejected");
    assertThat(rows.get("empty").flags().get(0)).contains("empty");
    assertThat(rows.get("missing-file").status()).isEqualTo("missing files");
    assertThat(rows.values()).anySatisfy(r -> assertThat(r.id()).startsWith("bad").endsWith("name"));
  }

  @Test
  @DisplayName("a rerun grades nothing unchanged again and gives the same grades")
  void rerunIsResumableAndDeterministic() {
    long refused = rows.values().stream().filter(r -> r.status().equals("rejected")).count();
    assertThat(gradedAgain).isEqualTo((int) refused);
    for (ClassGrader.Row row : secondRun) {
      ClassGrader.Row before = rows.get(row.id());
      assertThat(row.score()).as(row.id()).isEqualTo(before.score());
      assertThat(row.status()).as(row.id()).isEqualTo(before.status());
    }
  }

  @Test
  @DisplayName("the gradebook has a header and one row per student; the report is one self-contained page")
  void gradebookAndReport() throws IOException {
    List<String> csv = Files.readAllLines(OUT.resolve("gradebook.csv"));
    assertThat(csv.get(0)).isEqualTo("id,score,max,lab1,lab2,lab3,lab4,status,flags,seconds");
    assertThat(csv).hasSize(rows.size() + 1);
    String html = Files.readString(OUT.resolve("report.html"));
    assertThat(html).contains("<svg", "Pass rate of each test", "Flagged submissions");
    assertThat(html).doesNotContain("<script", "src=\"http", "href=\"http");
  }

  private static JsonNode expected(String name) throws IOException {
    return JsonMapper.builder().build().readTree(FIXTURES.resolve(name).resolve("expected.json").toFile());
  }

  private static Path starterAt(String name) {
    return Gradings.starterAt(SUBMISSIONS.resolve(name));
  }

  /** A digest of each file (links as their targets, never followed) of the submissions and the kit. */
  private static Map<String, String> snapshot() throws IOException {
    Path kit = Gradings.KIT.root();
    return snapshot(SUBMISSIONS, kit.resolve("src"), kit.resolve("solutions"), kit.resolve("pom.xml"),
        kit.resolve("student-files.txt"), kit.resolve("labs"), kit.resolve("target/grader/launch-args"),
        kit.resolve("target/escaped-hostile.txt"));
  }

  private static Map<String, String> snapshot(Path... roots) throws IOException {
    Map<String, String> digests = new java.util.TreeMap<>();
    for (Path root : roots) {
      if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        digests.put(root.toString(), "(absent)");
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.toList()) {
          if (Files.isSymbolicLink(p)) {
            digests.put(p.toString(), "link to " + Files.readSymbolicLink(p));
          } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            digests.put(p.toString(), java.util.HexFormat.of().formatHex(
                lab.tagging.grading.Digests.sha256().digest(Files.readAllBytes(p))));
          }
        }
      }
    }
    return digests;
  }

  private static Path solutionAt(String name) {
    Path dir = SUBMISSIONS.resolve(name);
    Gradings.copyTree(Gradings.KIT.root().resolve("solutions"), dir);
    return dir;
  }

  private static Map<String, byte[]> solutionFiles(String prefix) throws IOException {
    Map<String, byte[]> files = new java.util.TreeMap<>();
    for (Kit.StudentFile f : Gradings.KIT.studentFiles()) {
      files.put(prefix + f.path(), Files.readAllBytes(Gradings.KIT.root().resolve("solutions").resolve(f.path())));
    }
    return files;
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  // Writes a zip; names other than UTF-8 ones are written in Latin-1 when the name asks for it,
  // and with asLinks every entry is marked as a Unix symbolic link in the central directory.
  private static void zip(String name, Map<String, byte[]> entries, boolean asLinks) throws IOException {
    Path file = SUBMISSIONS.resolve(name);
    boolean latin1 = name.contains("latin1");
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    if (asLinks) {
      byte[] bytes = Files.readAllBytes(file);
      for (int i = 0; i + 46 < bytes.length; i++) {
        if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02) {
          bytes[i + 5] = 3;                      // made by: Unix
          int mode = 0120777 << 16;              // external attributes: a symbolic link
          bytes[i + 38] = (byte) mode;
          bytes[i + 39] = (byte) (mode >>> 8);
          bytes[i + 40] = (byte) (mode >>> 16);
          bytes[i + 41] = (byte) (mode >>> 24);
        }
      }
      Files.write(file, bytes);
    }
  }

  // A folder whose name is not valid UTF-8, made by the shell since Java cannot spell it.
  private static void nonUtf8Folder() throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "mkdir \"$(printf 'bad\\377name')\"")
        .directory(SUBMISSIONS.toFile()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }
}
