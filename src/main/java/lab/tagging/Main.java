package lab.tagging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import lab.tagging.db.Database;
import lab.tagging.web.TaggingApp;

/**
 * Starts the lab's HTTP API: on an embedded H2 file database by default, or on the database that
 * {@code JDBC_URL} names (H2 or PostgreSQL; {@code JDBC_USER} and {@code JDBC_PASSWORD} sign in).
 */
public final class Main {

  static final int DEFAULT_PORT = 7070;
  static final String DEFAULT_JDBC_URL = "jdbc:h2:file:./data/tagging-lab";

  private Main() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Database db;
    int port;
    Database.Settings settings;
    try {
      port = port(env.getOrDefault("PORT", String.valueOf(DEFAULT_PORT)));
      settings = Database.Settings.fromEnvironment(env, DEFAULT_JDBC_URL);
      if (settings.jdbcUrl().equals(DEFAULT_JDBC_URL)) {
        Files.createDirectories(Path.of("data"));
      }
      db = Database.open(settings);
    } catch (IllegalArgumentException | Database.Unreachable e) {
      // A setting or a server the user can fix: one line that says which, not a stack trace.
      System.err.println("tagging-lab: " + e.getMessage());
      System.exit(1);
      return;
    }
    String jdbcUrl = Database.redacted(settings.jdbcUrl());
    TaggingApp app = new TaggingApp(db, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.stop();
      db.close();
    }));
    app.start(port);
    System.out.printf("tagging-lab is listening on http://localhost:%d (database: %s)%n", app.port(), jdbcUrl);
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PORT must be a number from 0 to 65535, not '" + value + "'", e);
    }
  }
}
