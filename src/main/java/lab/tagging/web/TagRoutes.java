package lab.tagging.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import lab.tagging.Timestamps;
import lab.tagging.db.Database;
import lab.tagging.tags.Tag;
import lab.tagging.tags.TagQueries;

/** The /tags endpoints. */
final class TagRoutes {

  private final Database db;
  private final Clock clock;

  TagRoutes(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.post("/tags", this::create);
    app.get("/tags", this::list);
    app.get("/tags/{id}", this::show);
    app.delete("/tags/{id}", this::delete);
  }

  private void create(Context ctx) {
    String name = Bodies.requiredString(ctx, "name");
    Tag tag = db.write(session -> {
      Tag created = new Tag(name, Timestamps.now(clock));
      session.persist(created);
      return created;
    });
    ctx.status(HttpStatus.CREATED).json(TagJson.of(tag));
  }

  private void list(Context ctx) {
    ctx.json(db.read(session -> LessonJson.tagsWithPosts(TagQueries.findAllWithPosts(session))));
  }

  private void show(Context ctx) {
    long id = PathIds.tagIdOfTagPath(ctx);
    ctx.json(db.read(session -> TagQueries.findWithPosts(session, id)
        .map(LessonJson::tagWithPosts)
        .orElseThrow(() -> Missing.tag(id))));
  }

  // The join rows go with the tag through the foreign key's ON DELETE CASCADE.
  private void delete(Context ctx) {
    long id = PathIds.tagIdOfTagPath(ctx);
    db.writeVoid(session -> {
      Tag tag = session.find(Tag.class, id);
      if (tag == null) {
        throw Missing.tag(id);
      }
      session.remove(tag);
    });
    ctx.status(HttpStatus.NO_CONTENT);
  }
}
