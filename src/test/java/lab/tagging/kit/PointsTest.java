package lab.tagging.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.tagging.support.Points;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Every graded test is worth points, and each lab step's tests add up to the step's points. */
@Tag("kit")
@DisplayName("Kit · points of the graded tests")
class PointsTest {

  record GradedTest(String name, List<String> tags, Method method) {}

  private static final List<GradedTest> TESTS = new ArrayList<>();
  private static final Map<String, Integer> STEP_POINTS = new LinkedHashMap<>();

  @BeforeAll
  static void discover() throws IOException {
    TESTS.clear();
    TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage("lab.tagging"))
        .filters(includeClassNamePatterns("lab\\.tagging\\.(lab\\d+|hidden)\\..*"))
        .build());
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier id : plan.getDescendants(root)) {
        if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource source) {
          TESTS.add(new GradedTest(source.getClassName() + "." + source.getMethodName(),
              id.getTags().stream().map(TestTag::getName).toList(), source.getJavaMethod()));
        }
      }
    }
    for (String line : Files.readAllLines(Path.of("labs/steps.txt"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] row = line.strip().split("\\s+");
        STEP_POINTS.put(row[0], Integer.parseInt(row[1]));
      }
    }
  }

  @Test
  @DisplayName("every graded test carries @Points greater than zero")
  void everyTestHasPoints() {
    assertThat(TESTS).isNotEmpty();
    assertThat(TESTS).allSatisfy(test -> assertThat(test.method().getAnnotation(Points.class))
        .as(test.name() + " has no @Points: a graded test without points would silently count zero")
        .isNotNull()
        .satisfies(points -> assertThat(points.value()).isPositive()));
  }

  @Test
  @DisplayName("every graded test is tagged with exactly one lab step")
  void everyTestHasOneStep() {
    assertThat(TESTS).allSatisfy(test -> assertThat(test.tags().stream().filter(STEP_POINTS::containsKey))
        .as(test.name() + " must carry exactly one lab step tag")
        .hasSize(1));
  }

  @Test
  @DisplayName("the visible and hidden tests of each step add up to its points in labs/steps.txt")
  void pointsAddUpPerStep() {
    Map<String, Integer> sums = new LinkedHashMap<>();
    for (GradedTest test : TESTS) {
      Points points = test.method().getAnnotation(Points.class);
      test.tags().stream().filter(STEP_POINTS::containsKey)
          .forEach(step -> sums.merge(step, points == null ? 0 : points.value(), Integer::sum));
    }
    assertThat(sums).isEqualTo(STEP_POINTS);
    assertThat(STEP_POINTS.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
  }

  @Test
  @DisplayName("each lab step has at least six visible graded tests")
  void atLeastSixVisibleTestsPerStep() {
    for (String step : STEP_POINTS.keySet()) {
      assertThat(TESTS.stream().filter(t -> t.tags().contains(step) && !t.tags().contains("hidden")))
          .as("visible tests of " + step).hasSizeGreaterThanOrEqualTo(6);
    }
  }

  @Test
  @DisplayName("the hidden set has at least eight tests, all tagged hidden in package lab.tagging.hidden")
  void hiddenSet() {
    List<GradedTest> hidden = TESTS.stream().filter(t -> t.tags().contains("hidden")).toList();
    assertThat(hidden).hasSizeGreaterThanOrEqualTo(8);
    assertThat(hidden).allSatisfy(t -> assertThat(t.name()).startsWith("lab.tagging.hidden."));
  }
}
