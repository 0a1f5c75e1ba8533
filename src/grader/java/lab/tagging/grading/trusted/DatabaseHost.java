package lab.tagging.grading.trusted;

import java.io.IOException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Where the submissions' databases live while they are graded: a trusted process the grader
 * starts, never the grader's JVM nor a sandbox. Each submission gets a database of its own, with
 * two users: the app's, with no more rights than Hibernate needs to make and use its tables, and
 * the graded tests', which may empty the tables and read the database's own statistics.
 */
public interface DatabaseHost extends AutoCloseable {

  /** The databases a host can hold. */
  enum Kind {
    H2, POSTGRESQL;

    /** {@code h2} or {@code postgresql}, as the command line and the driver spell it. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind {@code id} names; an {@link IllegalArgumentException} that lists the kinds otherwise. */
    public static Kind named(String id) {
      for (Kind kind : values()) {
        if (kind.id().equals(id == null ? "" : id.strip().toLowerCase(Locale.ROOT))) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown database '" + id + "': use h2 or postgresql");
    }
  }

  /**
   * One submission's database: its name, the app's user and password, and the tests' own pool
   * (which closes with it).
   */
  record Database(Kind kind, String name, String appUser, String appPassword, DataSource tests,
      AutoCloseable closeTests) implements AutoCloseable {
    @Override
    public void close() {
      try {
        closeTests.close();
      } catch (Exception ignored) {
        // Closing a pool whose server is gone has nothing left to do.
      }
    }
  }

  Kind kind();

  boolean alive();

  /** A new, empty database with random names and passwords. */
  Database create() throws IOException;

  /** Drops {@code database}; a host that is gone has nothing to drop. */
  void drop(Database database);

  /** The loopback port the host's databases listen on. */
  int port();

  @Override
  void close();
}
