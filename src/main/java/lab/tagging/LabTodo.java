package lab.tagging;

/**
 * Thrown by starter code that a lab step has not completed yet.
 *
 * <p>The HTTP layer answers it with 501 and this message, so a student who calls an unfinished
 * endpoint is told which handout to open instead of seeing a stack trace.
 */
public final class LabTodo extends UnsupportedOperationException {

  private final String handout;

  private LabTodo(String lab, String handout, String what) {
    super("Not done yet (" + lab + "): " + what + ". See " + handout + ".");
    this.handout = handout;
  }

  /** Lab 1: the join table and the post's side of the many-to-many. */
  public static LabTodo lab1(String what) {
    return new LabTodo("lab 1", "labs/lab1-join-table.md", what);
  }

  /** Lab 2: the addTag handler. */
  public static LabTodo lab2(String what) {
    return new LabTodo("lab 2", "labs/lab2-add-tag.md", what);
  }

  /** Lab 3: the lesson's JSON and the query behind GET /posts. */
  public static LabTodo lab3(String what) {
    return new LabTodo("lab 3", "labs/lab3-json-shape.md", what);
  }

  /** Lab 4: the tag's side of the many-to-many, and deletes. */
  public static LabTodo lab4(String what) {
    return new LabTodo("lab 4", "labs/lab4-both-directions.md", what);
  }

  /** The handout that finishes this piece of work, relative to the project root. */
  public String handout() {
    return handout;
  }
}
