package lab.tagging.grading.report;

/** Pulls the advice out of a failure message. */
public final class Hints {

  private static final int MAX = 400;

  private Hints() {}

  /**
   * AssertJ puts a test's advice ({@code .as("…")}) first, in brackets: {@code [advice] \nExpecting…}.
   * Take that; otherwise the first line of the message.
   */
  public static String of(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    String text = message.strip();
    String hint = text;
    if (text.startsWith("[")) {
      int end = text.indexOf("] \n");
      if (end < 0) {
        end = text.indexOf("] ");
      }
      if (end > 0) {
        hint = text.substring(1, end);
      }
    } else {
      int newline = text.indexOf('\n');
      hint = newline < 0 ? text : text.substring(0, newline);
    }
    hint = hint.replaceAll("\\s+", " ").strip();
    return hint.length() <= MAX ? hint : hint.substring(0, MAX - 1) + "…";
  }
}
