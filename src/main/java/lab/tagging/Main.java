package lab.tagging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import lab.tagging.db.Database;
import lab.tagging.web.TaggingApp;

/** Starts the lab's HTTP API on an embedded H2 file database. */
public final class Main {

  static final int DEFAULT_PORT = 7070;
  static final String DEFAULT_JDBC_URL = "jdbc:h2:file:./data/tagging-lab";

  private Main() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    int port = port(env.getOrDefault("PORT", String.valueOf(DEFAULT_PORT)));
    String jdbcUrl = env.getOrDefault("JDBC_URL", DEFAULT_JDBC_URL);
    if (jdbcUrl.equals(DEFAULT_JDBC_URL)) {
      Files.createDirectories(Path.of("data"));
    }
    Database db = Database.open(Database.Settings.forUrl(jdbcUrl));
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
