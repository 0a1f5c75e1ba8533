package lab.tagging.grading;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** How a failure reads in a result: the same whichever JVM it happened in. */
public final class Failures {

  private Failures() {}

  /**
   * An assertion's message as it is; any other exception (one from the code under test) as its
   * type and message and where it came from: the first eight lines of its stack trace.
   */
  public static String describe(Throwable failure) {
    String message = failure.getMessage();
    if (failure instanceof AssertionError && message != null) {
      return message;
    }
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    String[] lines = trace.toString().split("\n");
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < lines.length && kept.size() < 8; i++) {
      kept.add(lines[i].stripTrailing());
    }
    return String.join("\n", kept);
  }
}
