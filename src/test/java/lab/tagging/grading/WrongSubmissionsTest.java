package lab.tagging.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import lab.tagging.grading.report.Reports;

/**
 * The corpus of realistic wrong submissions under src/test/fixtures/wrong, one folder per
 * mistake: the files that differ from the solution, and caught-by.txt naming the graded tests
 * that must catch it. Each must score below 100 and fail the tests it names.
 */
@Tag("kit")
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Kit · wrong submissions are caught")
class WrongSubmissionsTest {

  static final Path CORPUS = Path.of("src/test/fixtures/wrong");

  static Stream<String> mistakes() throws IOException {
    try (Stream<Path> list = Files.list(CORPUS)) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @Test
  @DisplayName("the corpus holds at least twelve mistakes")
  void corpusIsLargeEnough() throws IOException {
    assertThat(mistakes().count()).isGreaterThanOrEqualTo(12);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  @Timeout(400)
  void mistakeIsCaught(String mistake) throws IOException {
    Path dir = CORPUS.resolve(mistake);
    List<String> caughtBy = Files.readAllLines(dir.resolve("caught-by.txt")).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertThat(caughtBy).as("caught-by.txt of " + mistake + " names no test").isNotEmpty();

    Path submission = Gradings.solutionWith("wrong-" + mistake, null);
    Gradings.copyTree(dir.resolve("src"), submission.resolve("src"));
    // Only the steps whose files the mistake touches: the rest of the suite would pass anyway.
    String steps = String.join(",", Gradings.stepsTouchedBy(dir));
    Grade grade = Gradings.grade("wrong-" + mistake, submission, steps);

    assertThat(grade.status()).as(Reports.overview(grade)).isEqualTo(Grade.Status.GRADED);
    assertThat(grade.score()).as(mistake + " must score below full marks").isLessThan(grade.maxScore());
    for (String name : caughtBy) {
      assertThat(grade.tests()).as("the graded test '" + name + "' must exist").anyMatch(t -> t.name().equals(name));
      assertThat(grade.tests().stream().filter(t -> t.name().equals(name)))
          .as("'" + name + "' must fail on " + mistake)
          .allSatisfy(t -> assertThat(t.passed()).isFalse());
    }
  }
}
