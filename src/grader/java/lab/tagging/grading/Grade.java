package lab.tagging.grading;

import lab.tagging.grading.compile.Compilation;
import lab.tagging.grading.report.Hints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grade of one submission: every graded test with its points, or why none could run; notes
 * for the student, and what its sandboxed JVM did against the grader's protocol (for the
 * instructor; it never changes a test's result).
 */
public record Grade(
    Status status,
    List<TestResult> tests,
    List<Compilation.Problem> problems,
    Map<String, Integer> stepMax,
    double seconds,
    List<String> notes,
    List<String> violations) {

  public enum Status {
    GRADED("graded", null, null),
    MISSING_FILES("missing files", "Files missing.",
        "Your submission lacks files the lab needs, so no test could run. Add these:"),
    COMPILE_ERROR("compile error", "Did not compile.",
        "Your code does not compile, so no test could run. Fix these first:"),
    TIMED_OUT("timed out", null, null),
    NO_COMMIT("no commit before deadline", "No commit before the deadline.",
        "Your repository has no commit at or before the deadline, so no test could run:"),
    ERROR("grader error", "Grader error.", "Your submission could not be graded:");

    public final String label;
    /** A headline for a report, for a status with which no test ran. */
    public final String headline;
    /** Why no test ran, to stand before the problems. */
    public final String why;

    Status(String label, String headline, String why) {
      this.label = label;
      this.headline = headline;
      this.why = why;
    }
  }

  /** One graded test's result. */
  public record TestResult(
      String step,
      String number,
      String classDisplayName,
      String name,
      int points,
      boolean passed,
      String status,
      String message,
      String output,
      boolean hidden,
      long millis) {

    public int earned() {
      return passed ? points : 0;
    }

    /** The advice part of the failure message: what a student should read first. */
    public String hint() {
      return Hints.of(message);
    }

    public String fullName() {
      return classDisplayName + " › " + name;
    }
  }

  public int score() {
    return tests.stream().mapToInt(TestResult::earned).sum();
  }

  public int maxScore() {
    return stepMax.values().stream().mapToInt(Integer::intValue).sum();
  }

  public int score(String step) {
    return tests.stream().filter(t -> t.step().equals(step)).mapToInt(TestResult::earned).sum();
  }

  /** The points of the tests that ran, by step; for a grade without tests, the kit's own. */
  static Map<String, Integer> maxByStep(List<TestResult> tests) {
    Map<String, Integer> max = new LinkedHashMap<>();
    for (TestResult t : tests) {
      max.merge(t.step(), t.points(), Integer::sum);
    }
    return max;
  }
}
