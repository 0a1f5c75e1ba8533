package lab.tagging.support.local;

import io.javalin.util.ConcurrencyUtil;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import lab.tagging.db.Database;
import lab.tagging.grading.fixture.Entities;
import lab.tagging.web.TaggingApp;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The code under test, hosted: one session factory on the app's database, a still clock, and a
 * fresh {@link TaggingApp} per test on one started pool of server threads. It runs wherever the
 * app runs: in the test's own JVM, or inside the grader's sandbox.
 */
public final class AppHost implements AutoCloseable {

  private final Database db;
  private final MutableClock clock = new MutableClock(Instant.EPOCH);
  private final QueuedThreadPool serverThreads;
  private final Entities entities;
  private TaggingApp app;

  private AppHost(Database db) {
    this.db = db;
    this.entities = new HibernateEntities(db);
    // Javalin's own kind of pool, started once: starting and stopping one per test costs more
    // than the tests. Daemon threads never keep a JVM alive.
    serverThreads = (QueuedThreadPool) ConcurrencyUtil.jettyThreadPool("JettyServerThreadPool", 8, 250, false);
    serverThreads.setDaemon(true);
    try {
      serverThreads.start();
    } catch (Exception e) {
      throw new IllegalStateException("could not start the server threads: " + e, e);
    }
  }

  /**
   * Builds Hibernate on {@code settings}; when the mappings are broken, throws an
   * {@link AssertionError} that explains it to a student (see {@link #explain}).
   */
  public static AppHost open(Database.Settings settings) {
    try {
      return new AppHost(Database.open(settings));
    } catch (RuntimeException e) {
      throw new AssertionError(explain(e), e);
    }
  }

  public Database db() {
    return db;
  }

  public void setClock(Instant now) {
    clock.set(now);
  }

  public Entities entities() {
    return entities;
  }

  /** Stops the running app, if any, and starts a fresh one on a free loopback port; returns it. */
  public synchronized int startApp() {
    stopApp();
    app = new TaggingApp(db, clock, serverThreads);
    app.start(0);
    return app.port();
  }

  /** The port of the running app, or -1. */
  public synchronized int port() {
    return app == null ? -1 : app.port();
  }

  public synchronized void stopApp() {
    if (app != null) {
      app.stop();
      app = null;
    }
  }

  @Override
  public void close() {
    stopApp();
    db.close();
  }

  /** A student-facing account of why Hibernate would not start. */
  public static String explain(Throwable failure) {
    Set<String> messages = new LinkedHashSet<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        messages.add(t.getMessage().strip());
      }
    }
    List<String> lines = new ArrayList<>(messages);
    return "Hibernate could not start, so this test could not run. This is a mapping mistake in "
        + "Itemtag, ItemtagId, Post or Tag; fix it first (labs/lab1-join-table.md, then the step "
        + "you are on). What Hibernate said:\n  - " + String.join("\n  - ", lines);
  }
}
