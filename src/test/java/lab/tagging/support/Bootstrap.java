package lab.tagging.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import io.javalin.util.ConcurrencyUtil;
import lab.tagging.db.Database;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.hibernate.cfg.JdbcSettings;

/**
 * Builds the one in-memory database the graded tests of a JVM share, and remembers a failure.
 *
 * <p>Building Hibernate once keeps a run fast, and so does one started pool of server threads that
 * every test's app serves on (Javalin's own kind of pool, otherwise started and stopped per test). When a mapping is broken, every test reports the
 * mapping error in its own words (see {@link #explain}) instead of a bare stack trace.
 */
final class Bootstrap {

  static final SqlStatements SQL = new SqlStatements();

  private static Database database;
  private static RuntimeException failure;
  private static ThreadPool serverThreads;

  private Bootstrap() {}

  static synchronized Database database() {
    if (database == null && failure == null) {
      try {
        database = Database.open(Database.Settings.forUrl("jdbc:h2:mem:graded;DB_CLOSE_DELAY=-1")
            .with(JdbcSettings.STATEMENT_INSPECTOR, SQL));
        warmUpHttp();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw new AssertionError(explain(failure), failure);
    }
    return database;
  }

  /** The started thread pool every test's app serves on; it outlives each app's server. */
  static synchronized ThreadPool serverThreads() {
    if (serverThreads == null) {
      QueuedThreadPool pool = (QueuedThreadPool) ConcurrencyUtil.jettyThreadPool("JettyServerThreadPool", 8, 250, false);
      pool.setDaemon(true);  // never what keeps a test JVM alive
      try {
        pool.start();
      } catch (Exception e) {
        throw new IllegalStateException("could not start the server threads: " + e, e);
      }
      serverThreads = pool;
    }
    return serverThreads;
  }

  // Sends a first request through the kit's own endpoints during setup (student code is not
  // called), so the first HTTP test does not spend its own time limit loading the web stack.
  private static void warmUpHttp() {
    lab.tagging.web.TaggingApp app = new lab.tagging.web.TaggingApp(database, java.time.Clock.systemUTC(),
        serverThreads());
    try {
      app.start(0);
      new Api("http://localhost:" + app.port()).post("/posts", Api.body("text", "warm-up"));
      // The query parser, the JSON comparison and the JSON writer, on kit classes only.
      database.read(session -> session.createSelectionQuery("from Post p order by p.id", lab.tagging.posts.Post.class)
          .getResultList());
      org.skyscreamer.jsonassert.JSONAssert.assertEquals("[{\"a\":1}]", "[{\"a\":1}]",
          org.skyscreamer.jsonassert.JSONCompareMode.STRICT);
    } catch (org.json.JSONException | RuntimeException | AssertionError e) {
      // Only an optimisation: the tests that need HTTP will report any real problem.
    } finally {
      app.stop();
    }
  }

  /** A student-facing account of why Hibernate would not start. */
  static String explain(Throwable failure) {
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
