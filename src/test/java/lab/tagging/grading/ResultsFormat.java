package lab.tagging.grading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Checks a results.json against Gradescope's autograder format, strictly. */
public final class ResultsFormat {

  private static final JsonMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  private static final Set<String> VISIBILITIES = Set.of("hidden", "after_due_date", "after_published", "visible");

  private ResultsFormat() {}

  public static JsonNode validate(Path file) throws IOException {
    JsonNode root = STRICT.readTree(file.toFile());
    assertThat(root.isObject()).as("results.json is an object").isTrue();
    assertThat(root.path("score").isNumber()).as("score is a number").isTrue();
    assertThat(root.path("max_score").isNumber()).as("max_score is a number").isTrue();
    assertThat(root.path("execution_time").isNumber()).as("execution_time is a number").isTrue();
    assertThat(root.path("output").isTextual()).as("output is text").isTrue();
    assertThat(VISIBILITIES).contains(root.path("visibility").asText());
    assertThat(root.path("tests").isArray()).as("tests is an array").isTrue();
    double sum = 0;
    for (JsonNode test : root.path("tests")) {
      assertThat(test.path("name").isTextual()).as("test name").isTrue();
      assertThat(test.path("number").isTextual()).as("test number").isTrue();
      assertThat(test.path("score").isNumber()).as("test score").isTrue();
      assertThat(test.path("max_score").isNumber()).as("test max_score").isTrue();
      assertThat(test.path("status").asText()).isIn("passed", "failed");
      assertThat(test.path("output").isTextual()).as("test output").isTrue();
      assertThat(test.path("tags").isArray()).as("test tags").isTrue();
      test.path("tags").forEach(tag -> assertThat(tag.isTextual()).isTrue());
      assertThat(VISIBILITIES).contains(test.path("visibility").asText());
      assertThat(test.path("score").asDouble()).isBetween(0.0, test.path("max_score").asDouble());
      sum += test.path("score").asDouble();
    }
    assertThat(root.path("score").asDouble()).as("score is the sum of the tests' scores").isEqualTo(sum);
    return root;
  }
}
