package lab.tagging.grading.trusted;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL server for a whole grading run, started by the grader from the binaries Maven adds
 * under {@code -Ddb=postgresql}, and shared by its jobs: each submission gets a database of its
 * own, owned by a role of its own.
 *
 * <p>The server trusts nobody once it is up: every connection signs in with a password
 * (SCRAM), the superuser's is random and known only to this object, and no Unix socket is
 * reachable from a sandbox. Per submission:
 * <ul>
 *   <li>{@code app_…} owns the database and nothing else: no superuser, no new databases or
 *       roles, no other database (CONNECT is revoked from everybody else), a cap on temporary
 *       files, 32 connections. Server-side files and programs (COPY … PROGRAM,
 *       {@code pg_read_file}) need rights it lacks; untrusted languages and extensions such as
 *       {@code dblink} need a superuser.</li>
 *   <li>{@code judge_…}, the graded tests' user: a member of {@code app_…} (so it may empty and
 *       fill the app's tables), allowed to read and reset the statement statistics, but no
 *       superuser either, so that a trigger or function the app planted runs with no more rights
 *       than the app's own when a test touches its tables. Its search path is {@code public}
 *       alone, so that a schema the app makes cannot stand in for the app's tables.</li>
 * </ul>
 * A database that grows past {@value #MAX_DATABASE_MB} MB is cut off: its app may no longer sign
 * in and its connections are ended, so a submission cannot fill the grader's disk.
 */
public final class PgHost implements DatabaseHost {

  static final int MAX_DATABASE_MB = 256;
  // The cap in force: the kit's own checks lower it, so as to prove it without writing 256 MB.
  private static final long CAP_MB = Long.getLong("grading.postgresql.max-mb", MAX_DATABASE_MB);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final EmbeddedPostgres server;
  private final Path socketDir;
  private final String superPassword;
  private final Map<String, Database> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "postgresql-size-watch");
    thread.setDaemon(true);
    return thread;
  });

  private PgHost(EmbeddedPostgres server, Path socketDir, String superPassword) {
    this.server = server;
    this.socketDir = socketDir;
    this.superPassword = superPassword;
    watchdog.scheduleWithFixedDelay(this::capSizes, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Starts the server; an {@link IllegalArgumentException} with one line to act on when this
   * grader was built without PostgreSQL's binaries.
   */
  public static PgHost start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("tagging-lab-postgresql");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String password = token(24);
    EmbeddedPostgres server;
    try {
      server = EmbeddedPostgres.builder()
          .setServerConfig("shared_preload_libraries", "pg_stat_statements")
          .setServerConfig("pg_stat_statements.track", "all")
          // Its socket in a folder only the grader's user may enter, and no line of pg_hba.conf
          // admits a socket connection anyway.
          .setServerConfig("unix_socket_directories", dir.toString())
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("max_connections", "300")
          // Until the superuser has a password, only it may sign in, and only until start-up ends:
          // no submission runs before this host is up.
          .setDataDirectoryCustomizer(data -> writeHba(data.toPath(),
              "host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"))
          .setPGStartupWait(Duration.ofSeconds(60))
          .start();
    } catch (IOException | RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("binaries")) {
        throw new IllegalArgumentException("--db postgresql needs PostgreSQL's server binaries, which this grader "
            + "was built without: build it with -Ddb=postgresql (./grade does when you pass --db postgresql)");
      }
      throw new IllegalStateException("PostgreSQL did not start: " + message, e);
    }
    try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("alter role postgres password '" + password + "'");
      s.execute("revoke all on database postgres from public");
      s.execute("revoke all on database template1 from public");
      writeHba(Path.of(dataDirectory(s)), "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
      s.execute("select pg_reload_conf()");
    } catch (SQLException | UncheckedIOException e) {
      closeQuietly(server);
      throw new IllegalStateException("PostgreSQL could not be locked down: " + e.getMessage(), e);
    }
    return new PgHost(server, dir, password);
  }

  private static String dataDirectory(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("show data_directory")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void writeHba(Path data, String rules) {
    try {
      Files.writeString(data.resolve("pg_hba.conf"), "# Written by the tagging-lab grader.\n" + rules);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Kind kind() {
    return Kind.POSTGRESQL;
  }

  @Override
  public boolean alive() {
    try (Connection c = superuser("postgres")) {
      return c.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public Database create() throws IOException {
    String id = NAMES.incrementAndGet() + "_" + token(4);
    String name = "sub_" + id;
    String app = "app_" + id;
    String judge = "judge_" + id;
    String appPassword = token(16);
    String judgePassword = token(16);
    try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
      s.execute("create role " + app + " login password '" + appPassword + "' nosuperuser nocreatedb nocreaterole"
          + " noreplication connection limit 32");
      s.execute("alter role " + app + " set temp_file_limit = '64MB'");
      s.execute("create role " + judge + " login password '" + judgePassword + "' nosuperuser nocreatedb"
          + " nocreaterole noreplication inherit in role " + app);
      s.execute("alter role " + judge + " set search_path = public");
      s.execute("grant pg_read_all_stats to " + judge);
      s.execute("create database " + name + " owner " + app);
      s.execute("revoke all on database " + name + " from public");
      s.execute("grant connect on database " + name + " to " + judge);
    } catch (SQLException e) {
      throw new IOException("PostgreSQL could not make a database: " + e.getMessage(), e);
    }
    try (Connection c = superuser(name); Statement s = c.createStatement()) {
      // The statistics in a schema the app neither owns nor may write, as in the tests' own runs.
      String stats = lab.tagging.grading.fixture.Target.POSTGRESQL_STATISTICS;
      s.execute("create schema " + stats);
      s.execute("create extension pg_stat_statements schema " + stats);
      s.execute("grant usage on schema " + stats + " to " + judge);
      s.execute("grant execute on function " + stats + ".pg_stat_statements_reset(oid, oid, bigint) to " + judge);
    } catch (SQLException e) {
      throw new IOException("PostgreSQL could not prepare a database: " + e.getMessage(), e);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("tests-" + name);
    config.setJdbcUrl(url(name));
    config.setUsername(judge);
    config.setPassword(judgePassword);
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(10_000);
    HikariDataSource tests = new HikariDataSource(config);
    Database database = new Database(Kind.POSTGRESQL, name, app, appPassword, tests, tests);
    open.put(name, database);
    return database;
  }

  @Override
  public void drop(Database database) {
    open.remove(database.name());
    database.close();
    String id = database.name().substring("sub_".length());
    try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
      s.execute("drop database if exists " + database.name() + " with (force)");
      s.execute("drop role if exists judge_" + id);
      s.execute("drop role if exists app_" + id);
    } catch (SQLException e) {
      // A server that cannot drop is gone; the next create says so.
    }
  }

  @Override
  public int port() {
    return server.getPort();
  }

  // The app's database may not outgrow a cap: past it, the app is shut out.
  private void capSizes() {
    if (open.isEmpty()) {
      return;
    }
    try (Connection c = superuser("postgres");
        PreparedStatement size = c.prepareStatement("select pg_database_size(?) / (1024 * 1024)")) {
      for (Database database : open.values()) {
        size.setString(1, database.name());
        try (ResultSet rs = size.executeQuery()) {
          if (rs.next() && rs.getLong(1) > CAP_MB) {
            try (Statement s = c.createStatement()) {
              s.execute("alter role " + database.appUser() + " nologin");
              s.execute("select pg_terminate_backend(pid) from pg_stat_activity where usename = '"
                  + database.appUser() + "'");
            }
          }
        }
      }
    } catch (SQLException e) {
      // Checked again in a second.
    }
  }

  private Connection superuser(String database) throws SQLException {
    return DriverManager.getConnection(url(database), "postgres", superPassword);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
  }

  private static String token(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Already failing.
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    for (Database database : open.values()) {
      database.close();
    }
    closeQuietly(server);
    try {
      Files.deleteIfExists(socketDir);
    } catch (IOException ignored) {
      // A temporary folder; the system clears it.
    }
  }
}
