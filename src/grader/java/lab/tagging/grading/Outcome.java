package lab.tagging.grading;

import java.util.List;

/**
 * How the graded tests of one run ended, before points are attached: each planned test with its
 * status, whether the submission's time budget ran out, how many times its JVM stopped, and
 * what it did against the grader's protocol.
 */
public record Outcome(List<Ran> tests, boolean timedOut, int deaths, List<String> violations) {

  /** How one test ended: SUCCESSFUL, FAILED, TIMED_OUT, CRASHED, NOT_RUN or SKIPPED. */
  public record Ran(Event test, String status, String message, String output, long millis) {}
}
