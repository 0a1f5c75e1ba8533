package lab.tagging.grading.similarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lab.tagging.grading.Grade;
import lab.tagging.grading.Grader;
import lab.tagging.grading.Gradings;
import lab.tagging.grading.Kit;
import lab.tagging.grading.compile.Compilation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The similarity fixtures are what they claim to be: submissions of the eight student files that
 * compile against the kit, and correct solutions (one of them graded, to keep the run short; each
 * scored 100 when it was written).
 */
@Tag("kit")
@DisplayName("Similarity · the fixtures are real submissions")
class SimilarityFixturesTest {

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> list = Files.list(SimilarityTest.FIXTURES)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  @Timeout(120)
  @DisplayName("each fixture holds exactly the student files and compiles with the kit's code")
  void compilesAgainstTheKit(String fixture, @TempDir Path out) {
    Kit kit = Gradings.KIT;
    Path dir = SimilarityTest.FIXTURES.resolve(fixture);
    List<Path> sources = new ArrayList<>(kit.fixedMainSources());
    for (Kit.StudentFile file : kit.studentFiles()) {
      Path source = dir.resolve(file.path());
      assertThat(source).as(fixture + " has its own " + file.path()).isRegularFile();
      sources.add(source);
    }

    List<Compilation.Problem> problems = Compilation.compile(sources, Path::toString, Grader.jarsOnClassPath(), out);

    assertThat(problems).as(fixture + " compiles against the kit").isEmpty();
  }

  @Test
  @Timeout(300)
  @DisplayName("an independent fixture is a correct solution: it scores 100 through the grader, hidden tests too")
  void independentFixtureScoresFull() {
    Grade grade = Gradings.grade("similarity-indie-streams", SimilarityTest.FIXTURES.resolve("indie-streams"));

    assertThat(grade.tests()).allSatisfy(t -> assertThat(t.passed())
        .as(t.fullName() + " fails on indie-streams: " + t.message()).isTrue());
    assertThat(grade.score()).as("score of indie-streams").isEqualTo(100);
  }
}
