package lab.tagging.grading.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitHub Classroom's roster export, read and matched to submissions by GitHub username. */
@Tag("kit")
@DisplayName("Class grader · the roster")
class RosterTest {

  static final String HEADER = "\"identifier\",\"github_username\",\"github_id\",\"name\"\n";
  static final List<String> STEPS = List.of("lab1", "lab2", "lab3", "lab4");

  @TempDir
  Path dir;

  @Test
  @DisplayName("GitHub Classroom's export is read as it downloads: quoted, with a byte-order mark and unlinked students")
  void readsTheExport() throws IOException {
    Roster roster = Roster.read(roster("\uFEFF" + HEADER
        + "\"ada@uni.example\",\"ada-l\",\"101\",\"Lovelace, Ada\"\n"
        + "\"s-2\",\"\",\"\",\"\"\n"));

    assertThat(roster.file()).as("the file's name, for the report").isEqualTo("classroom_roster.csv");
    assertThat(roster.students()).as("the students, in the roster's order").containsExactly(
        new Roster.Student("ada@uni.example", "ada-l", "101", "Lovelace, Ada"),
        new Roster.Student("s-2", "", "", ""));
  }

  @Test
  @DisplayName("a file without a github_username column is not a roster: one line naming its columns")
  void missingColumn() throws IOException {
    Path file = roster("id,name\n1,Ada\n");

    assertThat(error(file)).isEqualTo("the roster " + file + " has no identifier column (its columns: id, name); "
        + "pass GitHub Classroom's roster export, whose columns are identifier, github_username, github_id, name");
  }

  @Test
  @DisplayName("an empty identifier is one line naming the roster's line")
  void emptyIdentifier() throws IOException {
    Path file = roster(HEADER + "\"a\",\"ann\",\"1\",\"\"\n\"\",\"bob\",\"2\",\"\"\n");

    assertThat(error(file)).isEqualTo("the roster " + file + ", line 3: the identifier is empty");
  }

  @Test
  @DisplayName("an identifier on two lines is one line naming both")
  void repeatedIdentifier() throws IOException {
    Path file = roster(HEADER + "\"a\",\"ann\",\"1\",\"\"\n\"a\",\"bob\",\"2\",\"\"\n");

    assertThat(error(file)).isEqualTo("the roster " + file + ", line 3: the identifier 'a' is on line 2 too");
  }

  @Test
  @DisplayName("a GitHub username on two lines, whatever its case, is one line naming both")
  void repeatedUsername() throws IOException {
    Path file = roster(HEADER + "\"a\",\"Ann\",\"1\",\"\"\n\"b\",\"ann\",\"2\",\"\"\n");

    assertThat(error(file)).isEqualTo("the roster " + file + ", line 3: the GitHub username 'ann' is on line 2 too");
  }

  @Test
  @DisplayName("a line with more fields than the header is one line naming it")
  void raggedLine() throws IOException {
    Path file = roster(HEADER + "\"a\",\"ann\",\"1\",\"\",\"extra\"\n");

    assertThat(error(file)).isEqualTo("the roster " + file + ", line 2: 5 fields where the header has 4");
  }

  @Test
  @DisplayName("a roster that is not there is one line")
  void noSuchFile() {
    assertThat(error(dir.resolve("nope.csv"))).isEqualTo("the roster " + dir.resolve("nope.csv") + " does not exist");
  }

  @Test
  @DisplayName("a submission is a student's when its name is their username or ends with -username, in any case; "
      + "the longest username wins")
  void ownerByUsername() throws IOException {
    Roster roster = Roster.read(roster(HEADER + "\"1\",\"lee\",\"\",\"\"\n\"2\",\"ann-lee\",\"\",\"\"\n"
        + "\"3\",\"Alice\",\"\",\"\"\n"));

    assertThat(roster.owner("hw1-alice").identifier()).as("GitHub Classroom's <prefix>-<username>").isEqualTo("3");
    assertThat(roster.owner("ALICE").identifier()).as("the username alone, in another case").isEqualTo("3");
    assertThat(roster.owner("hw1-ann-lee").identifier()).as("lee and ann-lee both fit; the longer wins")
        .isEqualTo("2");
    assertThat(roster.owner("hw1-lee").identifier()).as("lee alone").isEqualTo("1");
    assertThat(roster.owner("hw1-malice")).as("a name that merely ends with the letters of one").isNull();
    assertThat(roster.owner("alice-hw1")).as("the username must end the name").isNull();
  }

  @Test
  @DisplayName("rows are keyed by identifier; a student without a submission is missing; a stranger keeps its name, flagged")
  void keysTheGradebook() throws IOException {
    Roster roster = Roster.read(roster(HEADER + "\"ada@uni.example\",\"ada-l\",\"\",\"Ada\"\n"
        + "\"bob@uni.example\",\"bob\",\"\",\"Bob\"\n\"cy@uni.example\",\"\",\"\",\"Cy\"\n"));

    Map<String, ClassGrader.Row> rows = byId(roster.key(List.of(row("hw1-ada-l", 80), row("mallory", 100)), true, 100,
        STEPS));

    assertThat(rows).as("the gradebook's rows").containsOnlyKeys("ada@uni.example", "bob@uni.example",
        "cy@uni.example", "mallory");
    assertThat(rows.get("ada@uni.example")).as("Ada's row").satisfies(r -> {
      assertThat(r.score()).as("her score").isEqualTo(80);
      assertThat(r.entryId()).as("her submission").isEqualTo("hw1-ada-l");
      assertThat(r.student().name()).as("her name").isEqualTo("Ada");
    });
    assertThat(rows.get("bob@uni.example")).as("Bob's row, with no submission").satisfies(r -> {
      assertThat(r.status()).as("status").isEqualTo("missing");
      assertThat(r.score()).as("score").isZero();
      assertThat(r.entryId()).as("submission").isNull();
      assertThat(r.steps()).as("points per step").containsOnlyKeys(STEPS);
    });
    assertThat(rows.get("cy@uni.example").flags()).as("a student who never linked a GitHub account")
        .containsExactly("the roster has no GitHub username for this student (not linked in GitHub Classroom)");
    assertThat(rows.get("mallory")).as("a submission not on the roster").satisfies(r -> {
      assertThat(r.score()).as("still graded").isEqualTo(100);
      assertThat(r.flags()).as("flagged").containsExactly(Roster.NOT_ON_ROSTER);
    });
  }

  @Test
  @DisplayName("two submissions of one student are both kept and flagged, and the student's row says ambiguous")
  void twoSubmissionsAreAmbiguous() throws IOException {
    Roster roster = Roster.read(roster(HEADER + "\"ada@uni.example\",\"ada-l\",\"\",\"Ada\"\n"));

    Map<String, ClassGrader.Row> rows = byId(roster.key(List.of(row("hw1-ada-l", 80), row("ada-l", 20)), true, 100,
        STEPS));

    assertThat(rows).as("the gradebook's rows").containsOnlyKeys("ada@uni.example", "hw1-ada-l", "ada-l");
    assertThat(rows.get("ada@uni.example")).as("the student's row").satisfies(r -> {
      assertThat(r.status()).as("status").isEqualTo("ambiguous");
      assertThat(r.score()).as("no score is guessed").isZero();
      assertThat(r.flags()).as("why").containsExactly("2 submissions fit GitHub user ada-l: ada-l, hw1-ada-l");
    });
    assertThat(rows.get("hw1-ada-l").flags()).as("each submission says whose it may be").singleElement().asString()
        .startsWith("one of 2 submissions (ada-l, hw1-ada-l) of GitHub user ada-l (ada@uni.example)");
    assertThat(rows.get("hw1-ada-l").score()).as("its own grade stays").isEqualTo(80);
  }

  @Test
  @DisplayName("a shard keys its own submissions and leaves out the students it cannot see")
  void shardHasNoMissingRows() throws IOException {
    Roster roster = Roster.read(roster(HEADER + "\"ada@uni.example\",\"ada-l\",\"\",\"\"\n\"b\",\"bob\",\"\",\"\"\n"));

    List<ClassGrader.Row> rows = roster.key(List.of(row("hw1-ada-l", 80)), false, 100, STEPS);

    assertThat(rows).as("a shard's rows").extracting(ClassGrader.Row::id).containsExactly("ada@uni.example");
  }

  private Path roster(String text) throws IOException {
    Path file = dir.resolve("classroom_roster.csv");
    Files.writeString(file, text);
    return file;
  }

  private static String error(Path file) {
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Roster.read(file));
    assertThat(e).as("reading " + file).isNotNull();
    assertThat(e.getMessage()).as("one line").doesNotContain("\n");
    return e.getMessage();
  }

  private static ClassGrader.Row row(String entry, int score) {
    return new ClassGrader.Row(entry, entry, score, 100, Map.of("lab1", score / 4, "lab2", score / 4, "lab3",
        score / 4, "lab4", score / 4), "graded", List.of(), 1.0, "h");
  }

  private static Map<String, ClassGrader.Row> byId(List<ClassGrader.Row> rows) {
    return rows.stream().collect(Collectors.toMap(ClassGrader.Row::id, Function.identity()));
  }
}
