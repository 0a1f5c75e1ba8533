package lab.tagging.grading;

import java.nio.file.Path;

/**
 * What one submission's tests may take: seconds per test, seconds in all, the heap of the JVM
 * the code under test runs in, and where JUnit's XML reports go (null: nowhere).
 */
public record Limits(int testTimeoutSeconds, int runTimeoutSeconds, String heap, Path junitReports) {

  public Limits withReports(Path reports) {
    return new Limits(testTimeoutSeconds, runTimeoutSeconds, heap, reports);
  }
}
