package lab.tagging.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import lab.tagging.LabTodo;
import lab.tagging.db.Database;

/**
 * {@code POST /posts/{id}/tags/{tid}}: the lesson's {@code addTag}.
 *
 * <p>Answers 201 with the new join row, or 200 with the existing row untouched when the post
 * already has the tag; 404 when the post or the tag does not exist. The answer is sent only
 * after the transaction has committed.
 */
public final class AddTagHandler implements Handler {

  private final Database db;
  private final Clock clock;

  public AddTagHandler(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public void handle(Context ctx) {
    // TODO lab 2, task 1: read the post id and the tag id with PathIds.
    // TODO lab 2, task 2: in one db.write(...) transaction find the post and the tag; when one is
    // absent, throw Missing.post / Missing.tag (404).
    // TODO lab 2, task 3: when the post already has the tag, answer 200 with that row, unchanged.
    // TODO lab 2, task 4: otherwise add the tag with a new join row and answer 201, as ItemtagJson,
    // once the transaction has committed.
    // TODO lab 2, task 5: two requests racing to add the same link must end with one row and no
    // 500.
    throw LabTodo.lab2("POST /posts/{id}/tags/{tid} (AddTagHandler) is not written yet");
  }
}
