package lab.tagging.support.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server for the graded tests, started by the test run itself from the binaries
 * that Maven adds under {@code -Ddb=postgresql}: nothing to install, nothing downloaded while the
 * tests run. One server per JVM, stopped when the JVM ends; the app gets a database of its own.
 */
public final class PostgresServer {

  /** The property that picks the graded tests' database: {@code h2} (the default) or {@code postgresql}. */
  public static final String PROPERTY = "tagging.db";

  // SqlStatements.POSTGRESQL_SCHEMA, spelled out: this package is also compiled into each submission's
  // sandbox, next to the student's classes and without the rest of lab.tagging.support.
  private static final String STATS_SCHEMA = "stats";

  private static EmbeddedPostgres server;

  private PostgresServer() {}

  /** Whether this run asked for PostgreSQL. */
  public static boolean wanted() {
    String db = System.getProperty(PROPERTY, "h2").strip();
    return db.equalsIgnoreCase("postgresql") || db.equalsIgnoreCase("postgres");
  }

  /**
   * The JDBC URL of a fresh, empty database {@code name} on the JVM's server, which starts on the
   * first call. Signing in as the server's superuser, {@code postgres}, needs no password.
   */
  public static synchronized String database(String name) {
    try {
      if (server == null) {
        server = EmbeddedPostgres.builder()
            // The statement counts of the N+1 checks, kept by the server itself.
            .setServerConfig("shared_preload_libraries", "pg_stat_statements")
            .setServerConfig("pg_stat_statements.track", "all")
            // A scratch server: speed over durability.
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
      }
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("drop database if exists \"" + name + "\"");
        s.execute("create database \"" + name + "\"");
      }
      String url = server.getJdbcUrl("postgres", name);
      try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement()) {
        // In a schema of its own, so that the app's schema holds the app's tables and nothing else.
        s.execute("create schema " + STATS_SCHEMA);
        s.execute("create extension pg_stat_statements schema " + STATS_SCHEMA);
      }
      return url;
    } catch (IOException | SQLException | IllegalStateException e) {
      throw new AssertionError(explain(e), e);
    }
  }

  private static String explain(Exception e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Missing embedded postgres binaries") || message.contains("binaries")) {
      return "This run asked for PostgreSQL (" + PROPERTY + "=" + System.getProperty(PROPERTY) + "), but the "
          + "PostgreSQL server for the tests is not on the class path. Run Maven with -Ddb=postgresql, which adds "
          + "it for your system (Linux and Windows on x86-64, and macOS); in an IDE, reload the Maven project with "
          + "that property set. (" + message + ")";
    }
    return "The tests' PostgreSQL server could not start: " + message;
  }
}
