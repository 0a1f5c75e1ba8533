package lab.tagging.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@Tag("kit")
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Kit · the starter and the solution through the grader")
class KitGradesTest {

  @Test
  @Timeout(300)
  @DisplayName("the starter scores exactly 0: every graded test, visible and hidden, fails")
  void starterScoresZero() throws IOException {
    Grade grade = Gradings.grade("starter", Gradings.KIT.root());

    assertThat(grade.status()).isEqualTo(Grade.Status.GRADED);
    assertThat(grade.tests()).isNotEmpty();
    assertThat(grade.tests()).allSatisfy(t -> assertThat(t.passed()).as(t.fullName() + " passes on the starter").isFalse());
    assertThat(grade.score()).isZero();
    assertThat(grade.maxScore()).isEqualTo(Gradings.KIT.maxPoints());
    assertThat(ResultsFormat.validate(Gradings.WORK.resolve("starter/results.json")).get("score").asInt()).isZero();
  }

  @Test
  @Timeout(300)
  @DisplayName("the reference solution scores 100 with the hidden tests too")
  void solutionScoresFull() throws IOException {
    Grade grade = Gradings.grade("solution", Gradings.solutionWith("solution", null));

    assertThat(grade.tests()).allSatisfy(t -> assertThat(t.passed())
        .as(t.fullName() + " fails on the solution: " + t.message()).isTrue());
    assertThat(grade.score()).isEqualTo(100);
    assertThat(grade.maxScore()).isEqualTo(100);
    assertThat(grade.tests()).anySatisfy(t -> assertThat(t.hidden()).isTrue());
    assertThat(ResultsFormat.validate(Gradings.WORK.resolve("solution/results.json")).get("score").asInt())
        .isEqualTo(100);
  }
}
