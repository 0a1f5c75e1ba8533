package lab.tagging.grading.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.tagging.grading.classroom.ClassGrader;
import lab.tagging.grading.classroom.Roster;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gradebook written as Canvas's and Moodle's grade imports read it. */
@Tag("kit")
@DisplayName("Export · the LMS grade import")
class LmsExportTest {

  @TempDir
  Path dir;

  static final Roster.Student ADA = new Roster.Student("ada@uni.example", "ada-l", "101", "Lovelace, Ada");
  static final Roster.Student BOB = new Roster.Student("bob@uni.example", "bob", "102", "Bob");
  static final Roster.Student CY = new Roster.Student("cy@uni.example", "cy", "103", "Cy");
  static final Roster.Student DEE = new Roster.Student("dee@uni.example", "dee", "104", "Dee");

  // A class keyed by a roster: graded, missing, ambiguous, rejected, and a submission not on the roster.
  static final List<ClassGrader.Row> ROWS = List.of(
      row("ada@uni.example", "hw1-ada-l", 87, "graded", ADA),
      row("bob@uni.example", null, 0, "missing", BOB),
      row("cy@uni.example", null, 0, "ambiguous", CY),
      row("dee@uni.example", "hw1-dee", 0, "rejected", DEE),
      row("mallory", "mallory", 100, "graded", null));

  @Test
  @DisplayName("Canvas gets Student, ID, SIS User ID, SIS Login ID, Section and the assignment, the identifier as SIS User ID")
  void canvas() throws IOException {
    LmsExport.Written written = LmsExport.write(LmsExport.Lms.CANVAS, "sis-user-id", "Tagging lab", ROWS, true, dir);

    assertThat(Files.readString(dir.resolve("canvas-import.csv"))).as("canvas-import.csv").isEqualTo("""
        Student,ID,SIS User ID,SIS Login ID,Section,Tagging lab
        "Lovelace, Ada",,ada@uni.example,,,87
        Bob,,bob@uni.example,,,0
        """);
    assertThat(written.students()).as("students written").isEqualTo(2);
  }

  @Test
  @DisplayName("the rows a person must settle are left out of the import and named: ambiguous, rejected, not on the roster")
  void leftOutRows() throws IOException {
    LmsExport.Written written = LmsExport.write(LmsExport.Lms.CANVAS, "sis-user-id", "Tagging lab", ROWS, true, dir);

    assertThat(written.leftOut()).as("left out").containsExactly("cy@uni.example (ambiguous)",
        "dee@uni.example (rejected)", "mallory (not on the roster)");
    assertThat(LmsExport.summary(LmsExport.Lms.CANVAS, written)).as("the summary's line").isEqualTo("Canvas import: "
        + dir.resolve("canvas-import.csv") + " (2 students; left out, for you to settle: cy@uni.example (ambiguous), "
        + "dee@uni.example (rejected), mallory (not on the roster))\n");
  }

  @Test
  @DisplayName("--lms-id puts the identifier in the Canvas column it names")
  void canvasFields() throws IOException {
    List<ClassGrader.Row> ada = ROWS.subList(0, 1);

    LmsExport.write(LmsExport.Lms.CANVAS, "sis-login-id", "Tagging lab", ada, true, dir);
    assertThat(Files.readAllLines(dir.resolve("canvas-import.csv")).get(1)).as("as SIS Login ID")
        .isEqualTo("\"Lovelace, Ada\",,,ada@uni.example,,87");
    LmsExport.write(LmsExport.Lms.CANVAS, "canvas-id", "Tagging lab", ada, true, dir);
    assertThat(Files.readAllLines(dir.resolve("canvas-import.csv")).get(1)).as("as Canvas ID")
        .isEqualTo("\"Lovelace, Ada\",ada@uni.example,,,,87");
    LmsExport.write(LmsExport.Lms.CANVAS, "name", "Tagging lab", ada, true, dir);
    assertThat(Files.readAllLines(dir.resolve("canvas-import.csv")).get(1)).as("as the student's name")
        .isEqualTo("ada@uni.example,,,,,87");
  }

  @Test
  @DisplayName("Moodle gets the identifier column, named for the user field to map it to, and the grade item")
  void moodle() throws IOException {
    LmsExport.write(LmsExport.Lms.MOODLE, "email", "Tagging lab", ROWS, true, dir);
    assertThat(Files.readString(dir.resolve("moodle-import.csv"))).as("moodle-import.csv, by email").isEqualTo("""
        Email address,Tagging lab
        ada@uni.example,87
        bob@uni.example,0
        """);
    LmsExport.write(LmsExport.Lms.MOODLE, "idnumber", "Tagging lab", ROWS.subList(0, 1), true, dir);
    assertThat(Files.readAllLines(dir.resolve("moodle-import.csv")).get(0)).as("by ID number")
        .isEqualTo("ID number,Tagging lab");
  }

  @Test
  @DisplayName("without a roster, every graded submission is exported under its own name")
  void withoutRoster() throws IOException {
    LmsExport.write(LmsExport.Lms.MOODLE, "username", "Tagging lab", List.of(row("ada-l", "ada-l", 87, "graded",
        null)), false, dir);

    assertThat(Files.readAllLines(dir.resolve("moodle-import.csv"))).as("moodle-import.csv")
        .containsExactly("Username,Tagging lab", "ada-l,87");
  }

  @Test
  @DisplayName("an unknown LMS, or a field the LMS has not, is one line saying what it takes")
  void unknownNames() {
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> LmsExport.Lms.named("blackboard"))
        .getMessage()).as("--lms blackboard").isEqualTo("unknown LMS 'blackboard': --lms takes canvas or moodle");
    assertThat(LmsExport.Lms.named("Canvas")).as("any case").isEqualTo(LmsExport.Lms.CANVAS);
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> LmsExport.Lms.MOODLE.field("sis-user-id"))
        .getMessage()).as("--lms moodle --lms-id sis-user-id")
        .isEqualTo("--lms-id for moodle takes email, username, idnumber, not 'sis-user-id'");
    assertThat(LmsExport.Lms.CANVAS.field(null)).as("Canvas's default").isEqualTo("sis-user-id");
    assertThat(LmsExport.Lms.MOODLE.field(null)).as("Moodle's default").isEqualTo("email");
  }

  private static ClassGrader.Row row(String id, String entry, int score, String status, Roster.Student student) {
    return new ClassGrader.Row(id, entry, score, 100, Map.of("lab1", score), status, List.of(), 1.0, "h", entry, null,
        null, student);
  }
}
