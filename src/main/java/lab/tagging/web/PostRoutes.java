package lab.tagging.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import lab.tagging.Timestamps;
import lab.tagging.db.Database;
import lab.tagging.posts.Post;
import lab.tagging.posts.PostQueries;
import lab.tagging.tags.Tag;

/** The /posts endpoints. */
final class PostRoutes {

  private final Database db;
  private final Clock clock;

  PostRoutes(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.post("/posts", this::create);
    app.get("/posts", this::list);
    app.get("/posts/{id}", this::show);
    app.delete("/posts/{id}", this::delete);
    app.post("/posts/{id}/tags/{tid}", new AddTagHandler(db, clock));
    app.delete("/posts/{id}/tags/{tid}", this::removeTag);
  }

  private void create(Context ctx) {
    String text = Bodies.requiredString(ctx, "text");
    Post post = db.write(session -> {
      Post created = new Post(text, Timestamps.now(clock));
      session.persist(created);
      return created;
    });
    ctx.status(HttpStatus.CREATED).json(PostJson.of(post));
  }

  // The JSON is built inside the transaction, from plain records: nothing lazy reaches Jackson.
  private void list(Context ctx) {
    ctx.json(db.read(session -> LessonJson.postsWithTags(PostQueries.findAllWithTags(session))));
  }

  private void show(Context ctx) {
    long id = PathIds.postId(ctx);
    ctx.json(db.read(session -> PostQueries.findWithTags(session, id)
        .map(LessonJson::postWithTags)
        .orElseThrow(() -> Missing.post(id))));
  }

  private void delete(Context ctx) {
    long id = PathIds.postId(ctx);
    if (!db.write(session -> PostQueries.delete(session, id))) {
      throw Missing.post(id);
    }
    ctx.status(HttpStatus.NO_CONTENT);
  }

  // Removing a link the post does not have is not an error: the link is gone either way.
  private void removeTag(Context ctx) {
    long postId = PathIds.postId(ctx);
    long tagId = PathIds.tagId(ctx);
    db.writeVoid(session -> {
      Post post = session.find(Post.class, postId);
      if (post == null) {
        throw Missing.post(postId);
      }
      Tag tag = session.find(Tag.class, tagId);
      if (tag == null) {
        throw Missing.tag(tagId);
      }
      post.removeTag(tag);
    });
    ctx.status(HttpStatus.NO_CONTENT);
  }
}
