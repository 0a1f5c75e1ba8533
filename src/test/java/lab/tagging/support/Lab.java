package lab.tagging.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import lab.tagging.grading.fixture.Entities;
import lab.tagging.grading.fixture.Target;
import lab.tagging.grading.fixture.Targets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The graded tests' fixture: an empty database, a still clock and, on demand, a fresh HTTP app
 * per test.
 *
 * <p>Register it per test class with {@code @RegisterExtension final Lab lab = new Lab();}.
 * The app runs in the test's own JVM (a student's run, an IDE, breakpoints and all) unless the
 * grader names a sandboxed one in the configuration parameter {@value Targets#PARAMETER}. Either
 * way the tests see the app only through HTTP, the database and {@link #entities()}, and judge
 * what they see themselves.
 */
public final class Lab implements BeforeEachCallback, AfterEachCallback {

  /** The instant the clock shows until a test moves it. */
  public static final String START = "2026-11-24T19:19:48.291Z";

  private Target target;
  private TestClock clock;

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    target = target(context);
    target.beforeTest();
    emptyAllTables(target);
    clock = new TestClock(target, Instant.parse(START));
    sql().reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    target.stopApp();
    String stopped = target.afterTest();
    if (stopped != null) {
      throw new AssertionError(stopped);
    }
  }

  private static Target target(ExtensionContext context) {
    String id = context.getConfigurationParameter(Targets.PARAMETER).orElse(null);
    if (id != null) {
      Target named = Targets.get(id);
      if (named == null) {
        throw new IllegalStateException("The grader named target " + id + ", which is not open");
      }
      return named;
    }
    // By name, so that the grader's JVM, which runs these tests against a sandbox, never loads
    // the in-process app and the student classes it is made of.
    try {
      return (Target) Class.forName("lab.tagging.support.local.LocalTarget").getMethod("get").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("The in-process app is missing from the test classes: " + e, e);
    }
  }

  /**
   * Runs {@code test} against a fresh app over a real HTTP connection; the app stops afterwards
   * whatever happens.
   */
  public void http(HttpTest test) {
    String origin = target.startApp();
    try {
      test.run(new Api(origin));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("The test failed with " + e, e);
    } finally {
      target.stopApp();
    }
  }

  /** What a test does with the running app. */
  @FunctionalInterface
  public interface HttpTest {
    void run(Api api) throws Exception;
  }

  /**
   * Saves a post as {@code POST /posts} would (text, both timestamps at the clock's time) and
   * returns its id. Setup, not the behaviour under test: plain SQL keeps it quick and independent
   * of the student's code.
   */
  public long newPost(String text) {
    return insert("Posts", "text", text);
  }

  /** Saves a tag as {@code POST /tags} would and returns its id (see {@link #newPost}). */
  public long newTag(String name) {
    return insert("Tags", "name", name);
  }

  private long insert(String table, String column, String value) {
    Dialect dialect = Dialect.of(target.database());
    String sql = "insert into " + dialect.name(table) + " (" + column + ", " + dialect.name("createdAt") + ", "
        + dialect.name("updatedAt") + ") values (?, ?, ?)";
    OffsetDateTime now = clock.now().atOffset(ZoneOffset.UTC);
    try (Connection c = target.database().getConnection();
        PreparedStatement statement = c.prepareStatement(sql, new String[] {"id"})) {
      statement.setString(1, value);
      statement.setObject(2, now);
      statement.setObject(3, now);
      statement.executeUpdate();
      try (ResultSet keys = statement.getGeneratedKeys()) {
        if (keys.next()) {
          return keys.getLong(1);
        }
      }
      throw new AssertionError("Setting up the test failed: " + table + " gave the new row no id");
    } catch (SQLException e) {
      throw new AssertionError("Setting up the test failed: saving a row of " + table + " failed with "
          + e.getMessage() + ". Posts and Tags should keep the starter's columns (id, text or name, "
          + "createdAt, updatedAt); check the mappings of Post and Tag (labs/lab1-join-table.md).", e);
    }
  }

  /** The app's clock, standing at {@link #START} when a test begins. */
  public TestClock clock() {
    return clock;
  }

  /** The SQL statements the database ran since the test started (or since {@code reset()}). */
  public SqlStatements sql() {
    return new SqlStatements(target.database());
  }

  /** Plain JDBC on the app's database, to look at rows without going through Hibernate. */
  public Rows rows() {
    return new Rows(target.database());
  }

  /** The database's own description of its tables, columns and constraints. */
  public Schema schema() {
    return new Schema(target.database());
  }

  /** Calls into the student's entities, for checks below the HTTP API. */
  public Entities entities() {
    return target.entities();
  }

  // The tables of each target's schema, looked up once: the mappings make them, and they do not
  // change from one test to the next.
  private static final Map<Target, List<String>> TABLES = java.util.Collections.synchronizedMap(new WeakHashMap<>());

  // Every table of the app's schema, emptied with its identity counters restarted, so that each
  // test starts from ids 1, 2, 3 whatever ran before it.
  private static void emptyAllTables(Target target) throws SQLException {
    Dialect dialect = Dialect.of(target.database());
    try (Connection connection = target.database().getConnection(); Statement statement = connection.createStatement()) {
      List<String> tables = TABLES.get(target);
      if (tables == null) {
        List<String> found = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(
            "select table_name from information_schema.tables where table_schema = '" + dialect.schema() + "'"
                + " and table_type = 'BASE TABLE'")) {
          while (rs.next() && found.size() < 1_000) {
            found.add("\"" + rs.getString(1).replace("\"", "\"\"") + "\"");
          }
        }
        tables = List.copyOf(found);
        TABLES.put(target, tables);
      }
      if (tables.isEmpty()) {
        return;
      }
      if (dialect == Dialect.POSTGRESQL) {
        // One statement for all, so that no foreign key stands between the tables.
        statement.execute("truncate table " + String.join(", ", tables) + " restart identity cascade");
      } else {
        statement.execute("set referential_integrity false");
        for (String table : tables) {
          statement.execute("truncate table " + table + " restart identity");
        }
        statement.execute("set referential_integrity true");
      }
    }
  }
}
