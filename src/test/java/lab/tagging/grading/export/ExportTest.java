package lab.tagging.grading.export;

import lab.tagging.grading.Folders;
import lab.tagging.grading.Kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import lab.tagging.grading.Gradings;

@Tag("kit")
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Export · the student copy and the Gradescope bundle")
class ExportTest {

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
  }

  private static Path export(String name) throws IOException {
    Path dir = Gradings.WORK.resolve(name);
    Folders.clean(dir);
    Files.delete(dir);
    Export.studentCopy(Gradings.KIT, dir);
    return dir;
  }

  @Test
  @DisplayName("the student copy holds no solution, no hidden test, no instructor material")
  void studentCopyLeavesInstructorMaterialBehind() throws IOException {
    List<String> files = files(export("export-contents"));

    assertThat(files).noneMatch(f -> f.startsWith("solutions/"));
    assertThat(files).noneMatch(f -> f.startsWith("src/hidden/"));
    assertThat(files).noneMatch(f -> f.startsWith("src/test/fixtures/"));
    assertThat(files).noneMatch(f -> f.startsWith("src/test/java/lab/tagging/grading/"));
    assertThat(files).noneMatch(f -> f.startsWith("src/test/java/lab/tagging/kit/"));
    assertThat(files).noneMatch(f -> f.startsWith(".ci/") || f.equals("grade") || f.startsWith("export/"));
    assertThat(files).noneMatch(f -> f.equals("docs/instructor-guide.md") || f.equals("docs/benchmarks.md"));
    assertThat(files).contains("README.md", "pom.xml", "student-files.txt", ".github/workflows/classroom.yml",
        "labs/steps.txt", "src/grader/java/lab/tagging/grading/Main.java");
    assertThat(files).anyMatch(f -> f.startsWith("src/test/java/lab/tagging/lab1/"));
  }

  @Test
  @DisplayName("exporting again into an earlier copy updates it: .git and added files kept, dropped kit files gone")
  void exportUpdatesAnEarlierCopy() throws IOException {
    Path dir = export("export-again");
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(dir.resolve("LICENSE"), "the instructor's own file\n");
    Path dropped = dir.resolve("src/test/java/lab/tagging/lab1/DroppedTest.java");
    Files.writeString(dropped, "// a test an earlier kit had\n");
    Files.writeString(dir.resolve(Export.MANIFEST), "src/test/java/lab/tagging/lab1/DroppedTest.java\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(dir.resolve("labs/lab1-join-table.md"), "an old handout\n");

    List<String> written = Export.studentCopy(Gradings.KIT, dir);

    assertThat(dir.resolve(".git/HEAD")).hasContent("ref: refs/heads/main");
    assertThat(dir.resolve("LICENSE")).exists();
    assertThat(dropped).doesNotExist();
    assertThat(Files.readString(dir.resolve("labs/lab1-join-table.md")))
        .isEqualTo(Files.readString(Gradings.KIT.root().resolve("labs/lab1-join-table.md")));
    assertThat(Files.readAllLines(dir.resolve(Export.MANIFEST))).containsExactlyInAnyOrderElementsOf(written);
  }

  @Test
  @DisplayName("export refuses, in one sentence, a folder that is neither empty nor a student copy, and the kit")
  void exportRefusesOtherFolders() throws IOException {
    Path other = Gradings.WORK.resolve("export-other");
    Folders.clean(other);
    Files.writeString(other.resolve("notes.txt"), "not a student copy\n");

    assertThatThrownBy(() -> Export.studentCopy(Gradings.KIT, other))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no student copy");
    assertThatThrownBy(() -> Export.studentCopy(Gradings.KIT, Gradings.KIT.root().resolve("src/copy")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot go into the kit");
    assertThat(other.resolve("notes.txt")).exists();
  }

  @Test
  @DisplayName("no page of the student copy holds the reference solution's code or sends students to it")
  void studentPagesHoldNoSolutionCode() throws IOException {
    Path dir = export("export-pages");
    List<String> solution = solutionFragments();
    assertThat(solution).as("fragments of the solution to look for").hasSizeGreaterThan(20);

    for (String page : files(dir).stream().filter(f -> f.endsWith(".md") || f.endsWith(".yml")).toList()) {
      String text = Files.readString(dir.resolve(page)).replaceAll("\\s+", " ");
      assertThat(solution).as(page + " must teach the ideas without the reference solution's code")
          .noneMatch(text::contains);
      assertThat(text).as(page + " must not send students to files their copy lacks")
          .doesNotContain("solutions/", "-Psolution", "walkthrough.md", "instructor-guide.md");
    }
  }

  // What only the solution's student files hold: each code line of 28 characters or more and
  // each string literal of 24 or more that no file of the starter or the visible tests has.
  private static List<String> solutionFragments() throws IOException {
    java.util.Set<String> given = new java.util.HashSet<>();
    for (Path root : List.of(Gradings.KIT.root().resolve("src/main/java"), Gradings.KIT.root().resolve("src/test/java"))) {
      for (String f : files(root)) {
        Files.readAllLines(root.resolve(f)).forEach(line -> given.add(line.strip().replaceAll("\\s+", " ")));
      }
    }
    java.util.Set<String> fragments = new java.util.TreeSet<>();
    Path solutions = Gradings.KIT.root().resolve("solutions");
    for (String f : files(solutions)) {
      String source = Files.readString(solutions.resolve(f));
      for (String line : source.split("\n")) {
        String code = line.strip().replaceAll("\\s+", " ");
        if (code.length() >= 28 && !given.contains(code) && !code.startsWith("//") && !code.startsWith("*")
            && !code.startsWith("/*") && !code.startsWith("import ")) {
          fragments.add(code);
        }
      }
      java.util.regex.Matcher literal = java.util.regex.Pattern.compile("\"((?:\\\\.|[^\"\\\\]){24,})\"").matcher(source);
      while (literal.find()) {
        if (given.stream().noneMatch(line -> line.contains(literal.group(1)))) {
          fragments.add(literal.group(1).replaceAll("\\s+", " "));
        }
      }
    }
    return List.copyOf(fragments);
  }

  @Test
  @DisplayName("the student pom has no trace of the solution profile or the hidden tests")
  void studentPomHasNoInstructorParts() throws IOException {
    String pom = Files.readString(export("export-pom").resolve("pom.xml"));

    assertThat(pom).doesNotContain("solutions/", "src/hidden", "instructor-only", "<id>solution</id>");
    assertThat(pom).contains("<id>grade</id>");
  }

  @Test
  @DisplayName("the Classroom workflow has one step per lab step, worth that step's points")
  void classroomWorkflowHasOneStepPerLabStep() throws IOException {
    String yml = Files.readString(export("export-workflow").resolve(".github/workflows/classroom.yml"));

    for (Kit.Step step : Gradings.KIT.steps()) {
      assertThat(yml).contains("id: " + step.id() + "\n");
      assertThat(yml).contains("command: " + Export.stepCommand(step.id()) + "\n        timeout: 10\n        max-score: "
          + step.points() + "\n");
    }
    assertThat(yml).contains("runners: lab1,lab2,lab3,lab4");
  }

  @Test
  @Timeout(900)
  @DisplayName("the export passes its own workflow's commands once the solution's files are copied in, and not before")
  void exportPassesItsWorkflowWithTheSolution() throws Exception {
    Path dir = export("export-build");
    List<String> commands = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(".github/workflows/classroom.yml"))) {
      if (line.strip().startsWith("command: ")) {
        commands.add(line.strip().substring("command: ".length()));
      }
    }
    assertThat(commands).hasSize(Gradings.KIT.steps().size());

    assertThat(run(dir, commands.get(0))).as("lab 1's step on the untouched export must fail").isNotZero();
    Gradings.copyTree(Gradings.KIT.root().resolve("solutions"), dir);
    for (String command : commands) {
      assertThat(run(dir, command)).as(command + " in the export with the solution's files").isZero();
    }
  }

  @Test
  @DisplayName("the Gradescope bundle holds setup.sh, run_autograder and the hidden tests, and no solution")
  void gradescopeBundle() throws IOException {
    Path zip = Gradings.WORK.resolve("gradescope-autograder.zip");
    Export.gradescopeBundle(Gradings.KIT, zip);
    try (ZipFile file = new ZipFile(zip.toFile())) {
      List<String> names = file.stream().map(e -> e.getName()).toList();
      assertThat(names).contains("setup.sh", "run_autograder", "pom.xml", "student-files.txt");
      assertThat(names).anyMatch(n -> n.startsWith("src/hidden/java/lab/tagging/hidden/"));
      assertThat(names).noneMatch(n -> n.startsWith("solutions/"));
    }
  }

  // Runs a workflow command as GitHub Actions would.
  private static int run(Path dir, String command) throws Exception {
    List<String> argv = new ArrayList<>(List.of(command.split(" ")));
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("last-command.log").toFile()).start();
    if (!p.waitFor(400, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in 400 s");
    }
    return p.exitValue();
  }
}
