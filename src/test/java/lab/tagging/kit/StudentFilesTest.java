package lab.tagging.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("kit")
@DisplayName("Kit · the list of student files")
class StudentFilesTest {

  private static List<String[]> rows(String file) throws IOException {
    return Files.readAllLines(Path.of(file)).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(line -> line.split("\\s+"))
        .toList();
  }

  @Test
  @DisplayName("every student file exists in the starter and in solutions/")
  void everyStudentFileHasAStarterAndASolution() throws IOException {
    for (String[] row : rows("student-files.txt")) {
      assertThat(Path.of(row[0])).as("starter file").isRegularFile();
      assertThat(Path.of("solutions", row[0])).as("solution file").isRegularFile();
    }
  }

  @Test
  @DisplayName("solutions/ holds exactly the student files, nothing else")
  void solutionsHoldOnlyStudentFiles() throws IOException {
    List<String> listed = rows("student-files.txt").stream().map(r -> r[0]).sorted().toList();
    try (Stream<Path> walk = Files.walk(Path.of("solutions"))) {
      List<String> present = walk.filter(Files::isRegularFile)
          .map(p -> Path.of("solutions").relativize(p).toString().replace('\\', '/'))
          .sorted().toList();
      assertThat(present).isEqualTo(listed);
    }
  }

  @Test
  @DisplayName("every student file names lab steps that exist")
  void studentFilesNameKnownSteps() throws IOException {
    List<String> steps = rows("labs/steps.txt").stream().map(r -> r[0]).toList();
    for (String[] row : rows("student-files.txt")) {
      assertThat(row.length).as("steps of " + row[0]).isGreaterThan(1);
      for (int i = 1; i < row.length; i++) {
        assertThat(steps).as("step of " + row[0]).contains(row[i]);
      }
    }
  }

  @Test
  @DisplayName("every lab step has its handout")
  void everyStepHasItsHandout() throws IOException {
    for (String[] row : rows("labs/steps.txt")) {
      assertThat(Path.of(row[2])).as("handout of " + row[0]).isRegularFile();
    }
  }
}
