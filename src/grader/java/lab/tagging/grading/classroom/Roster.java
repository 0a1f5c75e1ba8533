package lab.tagging.grading.classroom;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * GitHub Classroom's roster export ({@code classroom_roster.csv}: identifier, github_username,
 * github_id, name) and how the class's submissions are keyed by it.
 *
 * <p>GitHub Classroom names each clone {@code <assignment-prefix>-<username>}, so a submission
 * belongs to the student whose GitHub username is its whole name or ends it after a hyphen,
 * ignoring case; when several usernames fit, the longest wins ({@code hw1-ann-lee} is ann-lee's,
 * not lee's). Two submissions of one student are not guessed between: both are shown.
 */
public record Roster(String file, List<Student> students) {

  /** One student of the roster; {@code githubUsername} is empty until they linked their account. */
  public record Student(String identifier, String githubUsername, String githubId, String name) {}

  /** The statuses this class adds to the gradebook. */
  public static final String MISSING = "missing";
  public static final String AMBIGUOUS = "ambiguous";

  /** The flag of a submission that no roster student's GitHub username fits. */
  public static final String NOT_ON_ROSTER = "not on the roster: no student's GitHub username fits its name";

  static final List<String> COLUMNS = List.of("identifier", "github_username", "github_id", "name");

  /**
   * Reads a roster export; anything that is not one (no such file, a missing column, an empty or
   * repeated identifier, a GitHub username on two rows) is an {@link IllegalArgumentException}
   * whose message is one line naming the file and the row.
   */
  public static Roster read(Path file) {
    String name = file.toString();
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("the roster " + name + " does not exist");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the roster " + name + " is not UTF-8 text; export it again from GitHub "
          + "Classroom (Students tab, Download)");
    } catch (IOException e) {
      throw new IllegalArgumentException("the roster " + name + " cannot be read: " + e.getMessage());
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);  // spreadsheets save a byte-order mark
    }
    List<Student> students = new ArrayList<>();
    try (Reader reader = new java.io.StringReader(text);
        CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
            .setIgnoreEmptyLines(true).get().parse(reader)) {
      List<String> header = csv.getHeaderNames().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
      for (String column : List.of("identifier", "github_username")) {
        if (!header.contains(column)) {
          throw new IllegalArgumentException("the roster " + name + " has no " + column + " column (its columns: "
              + String.join(", ", csv.getHeaderNames()) + "); pass GitHub Classroom's roster export, whose columns are "
              + String.join(", ", COLUMNS));
        }
      }
      Map<String, String> columns = new HashMap<>();
      csv.getHeaderNames().forEach(h -> columns.put(h.toLowerCase(Locale.ROOT), h));
      Map<String, Long> identifiers = new HashMap<>();
      Map<String, Long> usernames = new HashMap<>();
      for (CSVRecord record : csv) {
        long line = record.getRecordNumber() + 1;
        if (!record.isConsistent()) {
          throw new IllegalArgumentException("the roster " + name + ", line " + line + ": " + record.size()
              + " fields where the header has " + csv.getHeaderNames().size());
        }
        String identifier = field(record, columns, "identifier");
        String username = field(record, columns, "github_username");
        if (identifier.isEmpty()) {
          throw new IllegalArgumentException("the roster " + name + ", line " + line + ": the identifier is empty");
        }
        Long before = identifiers.put(identifier, line);
        if (before != null) {
          throw new IllegalArgumentException("the roster " + name + ", line " + line + ": the identifier '"
              + identifier + "' is on line " + before + " too");
        }
        if (!username.isEmpty()) {
          before = usernames.put(username.toLowerCase(Locale.ROOT), line);
          if (before != null) {
            throw new IllegalArgumentException("the roster " + name + ", line " + line + ": the GitHub username '"
                + username + "' is on line " + before + " too");
          }
        }
        students.add(new Student(identifier, username, field(record, columns, "github_id"),
            field(record, columns, "name")));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException("the roster " + name + " is not a CSV file: "
          + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
    }
    if (students.isEmpty()) {
      throw new IllegalArgumentException("the roster " + name + " lists no student");
    }
    return new Roster(file.getFileName().toString(), List.copyOf(students));
  }

  private static String field(CSVRecord record, Map<String, String> columns, String column) {
    String header = columns.get(column);
    return header == null || !record.isSet(header) ? "" : record.get(header).strip();
  }

  /** The roster student a submission named {@code entryId} belongs to, or null. */
  public Student owner(String entryId) {
    String name = entryId.toLowerCase(Locale.ROOT);
    return students.stream()
        .filter(s -> !s.githubUsername().isEmpty())
        .filter(s -> {
          String user = s.githubUsername().toLowerCase(Locale.ROOT);
          return name.equals(user) || name.endsWith("-" + user);
        })
        .max(Comparator.comparingInt(s -> s.githubUsername().length()))
        .orElse(null);
  }

  /**
   * The gradebook keyed by the roster: each submission that is one student's becomes that student's
   * row (its id the roster's identifier); a submission no student owns keeps its own name and is
   * flagged; two submissions of one student keep their names, are flagged, and the student's row
   * says {@value #AMBIGUOUS}. With {@code complete} (a whole class, not a shard), every student
   * without a submission gets a row {@value #MISSING}.
   */
  public List<ClassGrader.Row> key(List<ClassGrader.Row> rows, boolean complete, int max, List<String> steps) {
    Map<Student, List<ClassGrader.Row>> byStudent = new LinkedHashMap<>();
    List<ClassGrader.Row> keyed = new ArrayList<>();
    for (ClassGrader.Row row : rows) {
      Student owner = owner(row.entryId());
      if (owner == null) {
        keyed.add(row.flagged(NOT_ON_ROSTER));
      } else {
        byStudent.computeIfAbsent(owner, s -> new ArrayList<>()).add(row);
      }
    }
    for (Student student : students) {
      List<ClassGrader.Row> theirs = byStudent.getOrDefault(student, List.of());
      if (theirs.size() == 1) {
        keyed.add(theirs.get(0).forStudent(student));
      } else if (theirs.size() > 1) {
        List<String> names = theirs.stream().map(ClassGrader.Row::entryId).sorted().toList();
        for (ClassGrader.Row row : theirs) {
          keyed.add(row.flagged("one of " + names.size() + " submissions (" + String.join(", ", names)
              + ") of GitHub user " + student.githubUsername() + " (" + student.identifier()
              + "); which one counts is for you to decide"));
        }
        keyed.add(ClassGrader.Row.notSubmitted(student, AMBIGUOUS, max, steps, List.of(names.size()
            + " submissions fit GitHub user " + student.githubUsername() + ": " + String.join(", ", names))));
      } else if (complete) {
        keyed.add(ClassGrader.Row.notSubmitted(student, MISSING, max, steps, student.githubUsername().isEmpty()
            ? List.of("the roster has no GitHub username for this student (not linked in GitHub Classroom)")
            : List.of()));
      }
    }
    return keyed.stream().sorted(Comparator.comparing(ClassGrader.Row::id)).toList();
  }
}
