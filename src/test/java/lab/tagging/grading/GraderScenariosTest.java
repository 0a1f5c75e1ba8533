package lab.tagging.grading;

import lab.tagging.grading.report.Reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One folder per scenario under src/test/fixtures/grader: the student files that differ from the
 * solution, and expected.json beside them. Each grade must come out as expected, with a
 * results.json in Gradescope's format whatever the code under test did.
 */
@Tag("kit")
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Grader · scenarios")
class GraderScenariosTest {

  static final Path SCENARIOS = Path.of("src/test/fixtures/grader");

  static Stream<String> scenarios() throws IOException {
    try (Stream<Path> list = Files.list(SCENARIOS)) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  @Timeout(400)
  void scenario(String name) throws IOException {
    Path dir = SCENARIOS.resolve(name);
    JsonNode expected = JsonMapper.builder().build().readTree(dir.resolve("expected.json").toFile());
    Path submission = Gradings.solutionWith("scenario-" + name, null);
    if (Files.isDirectory(dir.resolve("src"))) {
      Gradings.copyTree(dir.resolve("src"), submission.resolve("src"));
    }
    if (expected.has("remove")) {
      Files.delete(submission.resolve(expected.get("remove").asText()));
    }
    String step = expected.has("step") ? expected.get("step").asText() : null;
    Path out = Gradings.WORK.resolve("scenario-" + name);
    Grade grade = Gradings.grader().grade(submission, out.resolve("work"),
        new Grader.Options(Gradings.KIT.hasHiddenTests(), step, Gradings.limits()));
    Reports.write(grade, out, name);

    JsonNode results = ResultsFormat.validate(out.resolve("results.json"));
    String report = Reports.overview(grade);
    assertThat(grade.status().label).as(report).isEqualTo(expected.get("status").asText());
    if (expected.has("score")) {
      assertThat(grade.score()).as(report).isEqualTo(expected.get("score").asInt());
      assertThat(results.get("score").asInt()).isEqualTo(expected.get("score").asInt());
    }
    if (expected.has("problemContains")) {
      assertThat(grade.problems()).as(report)
          .anySatisfy(p -> assertThat(p.describe()).contains(expected.get("problemContains").asText()));
      assertThat(results.get("output").asText()).contains(expected.get("problemContains").asText());
    }
    if (expected.has("someTestsWithStatus")) {
      assertThat(grade.tests()).as(report)
          .anySatisfy(t -> assertThat(t.status()).isEqualTo(expected.get("someTestsWithStatus").asText()));
    }
    if (expected.has("messageContains")) {
      assertThat(grade.tests()).as(report).anySatisfy(t -> assertThat(String.valueOf(t.message()))
          .contains(expected.get("messageContains").asText()));
    }
    if (expected.path("someTestsPass").asBoolean()) {
      assertThat(grade.tests()).as(report).anySatisfy(t -> assertThat(t.passed()).isTrue());
      assertThat(grade.score()).isLessThan(grade.maxScore());
    }
    if (expected.path("allTestsPass").asBoolean()) {
      assertThat(grade.tests()).isNotEmpty()
          .allSatisfy(t -> assertThat(t.passed()).as(t.fullName() + ": " + t.message()).isTrue());
    }
  }
}
