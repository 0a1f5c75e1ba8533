package lab.tagging.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import lab.tagging.Timestamps;
import lab.tagging.db.Database;
import lab.tagging.posts.Post;
import lab.tagging.tags.Tag;
import lab.tagging.web.TaggingApp;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The graded tests' fixture: an empty database, a fresh HTTP app and a still clock per test.
 *
 * <p>Register it per test class with {@code @RegisterExtension final Lab lab = new Lab();}.
 */
public final class Lab implements BeforeEachCallback {

  /** The instant the clock shows until a test moves it. */
  public static final String START = "2026-11-24T19:19:48.291Z";

  private Database db;
  private MutableClock clock;
  private TaggingApp app;

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    db = Bootstrap.database();
    emptyAllTables(db);
    clock = new MutableClock(java.time.Instant.parse(START));
    app = new TaggingApp(db, clock, Bootstrap.serverThreads());
    Bootstrap.SQL.reset();
  }

  /**
   * Runs {@code test} against the app, started on a free port, over a real HTTP connection; the
   * server stops afterwards whatever happens. (Like JavalinTest.test, without its log capture,
   * which keeps everything the app prints in memory.)
   */
  public void http(HttpTest test) {
    app.start(0);
    try {
      test.run(new Api("http://localhost:" + app.port()));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("The test failed with " + e, e);
    } finally {
      app.stop();
    }
  }

  /**
   * Saves a post the way {@code POST /posts} does (the same constructor, the test's clock) and
   * returns its id. Setup, not the behaviour under test: it skips HTTP to keep the tests quick.
   */
  public long newPost(String text) {
    return saved("a post", () -> db.write(session -> {
      Post post = new Post(text, Timestamps.now(clock));
      session.persist(post);
      return post.getId();
    }));
  }

  /** Saves a tag the way {@code POST /tags} does and returns its id (see {@link #newPost}). */
  public long newTag(String name) {
    return saved("a tag", () -> db.write(session -> {
      Tag tag = new Tag(name, Timestamps.now(clock));
      session.persist(tag);
      return tag.getId();
    }));
  }

  private static long saved(String what, Supplier<Long> save) {
    try {
      return save.get();
    } catch (RuntimeException e) {
      throw new AssertionError("Setting up the test failed: saving " + what + " threw " + e
          + ". Check the mappings of Post and Tag (labs/lab1-join-table.md).", e);
    }
  }

  /** What a test does with the running app. */
  @FunctionalInterface
  public interface HttpTest {
    void run(Api api) throws Exception;
  }

  public Database db() {
    return db;
  }

  public MutableClock clock() {
    return clock;
  }

  /** The SQL statements Hibernate sent since the test started (or since {@code reset()}). */
  public SqlStatements sql() {
    return Bootstrap.SQL;
  }

  /** Plain JDBC over the same database, to look at rows without going through Hibernate. */
  public Rows rows() {
    return new Rows(db.dataSource());
  }

  /** The database's own description of its tables, columns and constraints. */
  public Schema schema() {
    return new Schema(db.dataSource());
  }

  // The tables Hibernate created; no test adds one, so they are looked up once per JVM.
  private static List<String> tables;

  private static void emptyAllTables(Database db) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      if (tables == null) {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(
            "select table_name from information_schema.tables where table_schema = 'PUBLIC'")) {
          while (rs.next()) {
            names.add(rs.getString(1));
          }
        }
        tables = List.copyOf(names);
      }
      statement.execute("set referential_integrity false");
      for (String table : tables) {
        statement.execute("truncate table \"" + table + "\" restart identity");
      }
      statement.execute("set referential_integrity true");
    }
  }
}
