package lab.tagging.web;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import lab.tagging.db.Database;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * The lab's HTTP API, built in the constructor so that every test can make its own.
 *
 * <p>{@code clock} decides what "now" is for every timestamp the API writes.
 */
public final class TaggingApp {

  private final Javalin javalin;

  public TaggingApp(Database db, Clock clock) {
    this(db, clock, null);
  }

  /**
   * The same app, serving requests on {@code serverThreads} instead of a thread pool of its own
   * (null: its own). A pool that is already started outlives {@link #stop()}, so tests that start
   * and stop an app each can share one instead of starting and stopping threads every time.
   */
  public TaggingApp(Database db, Clock clock, ThreadPool serverThreads) {
    javalin = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(Json.mapper(), false));
      config.http.prefer405over404 = true;
      config.jetty.threadPool = serverThreads;
      // Bodies reads every body itself, with its own limit, whether or not it has a length.
      config.http.maxRequestSize = Bodies.MAX_BYTES;
      config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
    });
    ErrorHandlers.register(javalin);
    // A 204 has no body, so it names no content type (Javalin would give it text/plain).
    javalin.after(ctx -> {
      if (ctx.statusCode() == 204) {
        ctx.res().setContentType(null);
      }
    });
    new PostRoutes(db, clock).register(javalin);
    new TagRoutes(db, clock).register(javalin);
  }

  /** The Javalin instance, for {@code JavalinTest.test(app.javalin(), …)}. */
  public Javalin javalin() {
    return javalin;
  }

  public void start(int port) {
    javalin.start(port);
  }

  /** The port the server listens on, once started. */
  public int port() {
    return javalin.port();
  }

  public void stop() {
    javalin.stop();
  }
}
