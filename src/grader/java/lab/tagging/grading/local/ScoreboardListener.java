package lab.tagging.grading.local;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the points of the graded tests at the end of any JUnit run: {@code mvn test}, one class
 * in an IDE, one lab step. A test earns the same points however it is run; the total covers the
 * tests that ran. Registered through META-INF/services; the grader's own runs turn it off.
 */
public final class ScoreboardListener implements TestExecutionListener {

  // The kit (which has solutions/) runs these tests against its solution; a student's copy
  // against the student's work: each is pointed at the scoreboard of what it just tested.
  private static final String FULL_SCOREBOARD = java.nio.file.Files.isDirectory(java.nio.file.Path.of("solutions"))
      ? "the solution's full scoreboard, hidden tests too: mvn -q -Pgrade -Dgrade.command=\"submission solutions\" "
          + "-Dgrade.args=--hidden"
      : "the full scoreboard, with hints: mvn -q -Pgrade";

  private final Map<String, int[]> byStep = new TreeMap<>();

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (!id.isTest() || !(id.getSource().orElse(null) instanceof MethodSource source)
        || !source.getClassName().matches(TestRunner.GRADED_CLASSES)) {
      return;
    }
    // A test without readable points counts zero here; the kit's own check forbids it.
    Integer declared = TestRunner.points(source);
    int points = declared == null ? 0 : declared;
    String step = id.getTags().stream().map(TestTag::getName).filter(t -> t.matches("lab\\d+")).findFirst()
        .orElse("other");
    int[] score = byStep.computeIfAbsent(step, k -> new int[2]);
    score[1] += points;
    if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
      score[0] += points;
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (byStep.isEmpty()) {
      return;
    }
    StringBuilder out = new StringBuilder("\nPoints of the graded tests that ran:");
    int earned = 0;
    int max = 0;
    for (Map.Entry<String, int[]> e : byStep.entrySet()) {
      out.append(String.format(Locale.ROOT, "  %s %d/%d", e.getKey(), e.getValue()[0], e.getValue()[1]));
      earned += e.getValue()[0];
      max += e.getValue()[1];
    }
    out.append(String.format(Locale.ROOT, "%nScore: %d/%d  (%s)%n", earned, max, FULL_SCOREBOARD));
    System.out.print(out);
    byStep.clear();
  }
}
