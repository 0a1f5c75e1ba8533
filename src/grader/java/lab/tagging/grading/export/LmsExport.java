package lab.tagging.grading.export;

import lab.tagging.grading.classroom.ClassGrader;
import lab.tagging.grading.report.Reports;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The gradebook as a learning management system's grade import reads it, beside gradebook.csv.
 *
 * <p>Canvas (Grades, Import) reads a CSV whose header starts {@code Student, ID, SIS User ID,
 * SIS Login ID, Section} and whose further columns are assignments; it finds each student by
 * Canvas ID, then SIS User ID, then SIS Login ID, then by name. Moodle (Grades, Import, CSV file)
 * reads any CSV and asks which column identifies the user (mapped to email address, username, ID
 * number or user id) and which grade item each other column fills. Neither knows a GitHub
 * username, so the roster's identifier is written as the LMS field the instructor names.
 */
public final class LmsExport {

  /** An LMS whose grade import this writes, with the fields a roster identifier can stand for. */
  public enum Lms {
    CANVAS("canvas-import.csv", List.of("sis-user-id", "sis-login-id", "canvas-id", "name")),
    MOODLE("moodle-import.csv", List.of("email", "username", "idnumber"));

    public final String file;
    /** The LMS fields a roster identifier may be; the first is the default. */
    public final List<String> fields;

    Lms(String file, List<String> fields) {
      this.file = file;
      this.fields = fields;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The LMS named {@code name} (canvas or moodle, any case); anything else is one line of error. */
    public static Lms named(String name) {
      for (Lms lms : values()) {
        if (lms.label().equalsIgnoreCase(name == null ? "" : name.strip())) {
          return lms;
        }
      }
      throw new IllegalArgumentException("unknown LMS '" + name + "': --lms takes canvas or moodle");
    }

    /** The field {@code name}, or this LMS's default for null; one line of error for a field it has not. */
    public String field(String name) {
      if (name == null || name.isBlank()) {
        return fields.get(0);
      }
      String field = name.strip().toLowerCase(Locale.ROOT);
      if (!fields.contains(field)) {
        throw new IllegalArgumentException("--lms-id for " + label() + " takes " + String.join(", ", fields)
            + ", not '" + name + "'");
      }
      return field;
    }
  }

  /** What was written: the file, how many students it grades, and the rows left out, with why. */
  public record Written(Path file, int students, List<String> leftOut) {}

  // Rows a person must settle first: the grader could not grade them, or cannot tell whose they are.
  private static final Set<String> NOT_EXPORTED = Set.of("rejected", "grader error",
      lab.tagging.grading.classroom.Roster.AMBIGUOUS);

  private LmsExport() {}

  /**
   * Writes {@code lms}'s import file into {@code outDir}: one row per student, the identifier (the
   * roster's, or the submission's name without a roster) as {@code field}, the score (points out of
   * the gradebook's max) under {@code assignment}. With a roster, submissions not on it are left out,
   * as are rows whose status is rejected, grader error or ambiguous: those need a person.
   */
  public static Written write(Lms lms, String field, String assignment, List<ClassGrader.Row> rows, boolean roster,
      Path outDir) throws IOException {
    List<String> leftOut = new ArrayList<>();
    List<ClassGrader.Row> exported = new ArrayList<>();
    for (ClassGrader.Row row : rows) {
      if (roster && row.student() == null) {
        leftOut.add(row.id() + " (not on the roster)");
      } else if (NOT_EXPORTED.contains(row.status())) {
        leftOut.add(row.id() + " (" + row.status() + ")");
      } else {
        exported.add(row);
      }
    }
    StringWriter out = new StringWriter();
    CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
    try (CSVPrinter csv = new CSVPrinter(out, format)) {
      if (lms == Lms.CANVAS) {
        csv.printRecord("Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment);
        for (ClassGrader.Row row : exported) {
          String name = row.student() == null ? "" : row.student().name();
          csv.printRecord(field.equals("name") ? row.id() : name, field.equals("canvas-id") ? row.id() : "",
              field.equals("sis-user-id") ? row.id() : "", field.equals("sis-login-id") ? row.id() : "", "",
              row.score());
        }
      } else {
        csv.printRecord(switch (field) {
          case "username" -> "Username";
          case "idnumber" -> "ID number";
          default -> "Email address";
        }, assignment);
        for (ClassGrader.Row row : exported) {
          csv.printRecord(row.id(), row.score());
        }
      }
    }
    Path file = outDir.resolve(lms.file);
    Reports.atomicWrite(file, out.toString());
    return new Written(file, exported.size(), List.copyOf(leftOut));
  }

  /** The line the summary prints about the file. */
  public static String summary(Lms lms, Written written) {
    return (lms == Lms.CANVAS ? "Canvas" : "Moodle") + " import: " + written.file() + " (" + written.students()
        + " students" + (written.leftOut().isEmpty() ? "" : "; left out, for you to settle: "
        + String.join(", ", written.leftOut())) + ")\n";
  }
}
