package lab.tagging.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.Entity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import lab.tagging.posts.Post;
import lab.tagging.tagging.Itemtag;
import lab.tagging.tags.Tag;
import org.h2.jdbcx.JdbcConnectionPool;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.Session;
import org.hibernate.tool.schema.Action;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's one session factory and the connection pool under it.
 *
 * <p>Build it once per process: a session factory is expensive to make and safe to share, while a
 * {@link Session} is cheap and belongs to one unit of work ({@link #read} or {@link #write}).
 */
public final class Database implements AutoCloseable {

  /** The mapped classes, in the order Hibernate should see them. */
  public static final List<Class<?>> ENTITY_CLASSES = List.of(Post.class, Tag.class, Itemtag.class);

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  static {
    // Hibernate logs through JBoss Logging, which would pick java.util.logging on its own and
    // print every INFO line; through SLF4J it follows simplelogger.properties like the rest.
    if (System.getProperty("org.jboss.logging.provider") == null) {
      System.setProperty("org.jboss.logging.provider", "slf4j");
    }
  }

  private static final int MAX_CONNECTIONS = 16;

  private final SessionFactory sessionFactory;
  private final DataSource pool;
  private final AutoCloseable closePool;

  private Database(SessionFactory sessionFactory, DataSource pool, AutoCloseable closePool) {
    this.sessionFactory = sessionFactory;
    this.pool = pool;
    this.closePool = closePool;
  }

  /** The databases the kit runs on: H2 in process (the default) and a PostgreSQL server. */
  public enum Kind {
    H2("jdbc:h2:"), POSTGRESQL("jdbc:postgresql:");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    /** The kind of database {@code jdbcUrl} names; an {@link IllegalArgumentException} for others. */
    public static Kind of(String jdbcUrl) {
      for (Kind kind : values()) {
        if (jdbcUrl.startsWith(kind.prefix)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("JDBC_URL must start with jdbc:h2: or jdbc:postgresql:, not '"
          + redacted(jdbcUrl) + "'");
    }
  }

  /** How to reach the database, as whom, and what to do with its schema. */
  public record Settings(String jdbcUrl, String user, String password, Action schemaAction,
      Map<String, Object> extraProperties) {

    /**
     * A file or server database keeps its rows between runs, so its schema is updated; an
     * in-memory one starts empty and gets the schema created. On H2 the user is H2's default,
     * sa; on PostgreSQL none is set, so the URL's {@code user} and {@code password} apply.
     */
    public static Settings forUrl(String jdbcUrl) {
      Kind kind = Kind.of(jdbcUrl);
      Action action = jdbcUrl.startsWith("jdbc:h2:mem:") ? Action.CREATE_DROP : Action.UPDATE;
      return kind == Kind.H2
          ? new Settings(jdbcUrl, "sa", "", action, Map.of())
          : new Settings(jdbcUrl, null, null, action, Map.of());
    }

    /**
     * The settings a deployment gives in its environment: {@code JDBC_URL} (else
     * {@code defaultUrl}), and {@code JDBC_USER} and {@code JDBC_PASSWORD} when set.
     */
    public static Settings fromEnvironment(Map<String, String> env, String defaultUrl) {
      Settings settings = forUrl(env.getOrDefault("JDBC_URL", defaultUrl));
      String user = env.get("JDBC_USER");
      return user == null ? settings : settings.as(user, env.getOrDefault("JDBC_PASSWORD", ""));
    }

    public Kind kind() {
      return Kind.of(jdbcUrl);
    }

    /** These settings, signing in as {@code user}. */
    public Settings as(String user, String password) {
      return new Settings(jdbcUrl, user, password, schemaAction, extraProperties);
    }

    /** These settings with another schema action (CREATE_DROP for a database that starts empty). */
    public Settings schema(Action action) {
      return new Settings(jdbcUrl, user, password, action, extraProperties);
    }

    /** These settings plus one more Hibernate property (a statement inspector, say). */
    public Settings with(String property, Object value) {
      Map<String, Object> more = new LinkedHashMap<>(extraProperties);
      more.put(property, value);
      return new Settings(jdbcUrl, user, password, schemaAction, Map.copyOf(more));
    }
  }

  /**
   * Builds the session factory from the entity mappings, creating or updating the schema.
   * A database that cannot be reached throws {@link Unreachable}, whose message is one line.
   */
  public static Database open(Settings settings) {
    Kind kind = settings.kind();
    DataSource pool;
    AutoCloseable closePool;
    if (kind == Kind.H2) {
      JdbcConnectionPool h2 = JdbcConnectionPool.create(settings.jdbcUrl(), settings.user(), settings.password());
      h2.setMaxConnections(MAX_CONNECTIONS);
      pool = h2;
      closePool = h2::dispose;
    } else {
      HikariDataSource hikari = serverPool(settings);
      pool = hikari;
      closePool = hikari;
    }
    try {
      HibernatePersistenceConfiguration config = new HibernatePersistenceConfiguration("tagging-lab")
          .schemaToolingAction(settings.schemaAction())
          .property("hibernate.connection.datasource", pool)
          .property("hibernate.jdbc.time_zone", "UTC");
      if (kind == Kind.H2) {
        config.property("hibernate.dialect", H2CharacterDialect.class.getName());
      } else {
        // The lesson's tables and columns are mixed case ("Posts", "createdAt"), as Sequelize
        // quotes them; unquoted, PostgreSQL would fold them to posts and createdat.
        config.property("hibernate.globally_quoted_identifiers", true);
      }
      for (Class<?> type : mappedClasses()) {
        config.managedClass(type);
      }
      settings.extraProperties().forEach(config::property);
      return new Database(config.createEntityManagerFactory(), pool, closePool);
    } catch (RuntimeException e) {
      closeQuietly(closePool);
      if (connectionFailure(e)) {
        throw new Unreachable(unreachable(settings, e), e);
      }
      throw e;
    }
  }

  /** The database could not be reached: the message says where, as whom, why, and what to check. */
  public static final class Unreachable extends RuntimeException {
    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static HikariDataSource serverPool(Settings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("tagging-lab");
    config.setJdbcUrl(settings.jdbcUrl());
    if (settings.user() != null) {
      config.setUsername(settings.user());
      config.setPassword(settings.password());
    }
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(10_000);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new Unreachable(unreachable(settings, e), e);
    }
  }

  // Failures to reach or sign in to the database, as told apart from mapping mistakes: SQL states
  // 08 (connection), 28 (authorisation) and 3D (no such database), and H2's file already in use.
  private static boolean connectionFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("28") || state.startsWith("3D") || state.equals("90020")) {
          return true;
        }
      }
    }
    return false;
  }

  // One line: the URL without its password, the user, the server's own reason, the fix.
  private static String unreachable(Settings settings, Throwable failure) {
    String reason = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException && t.getMessage() != null) {
        reason = t.getMessage();
      }
    }
    if (reason == null) {
      reason = String.valueOf(failure.getMessage());
    }
    String user = settings.user() != null ? " as " + settings.user() : "";
    return "Could not connect to the database at " + redacted(settings.jdbcUrl()) + user + ": "
        + reason.strip().replaceAll("\\s*\\R\\s*", " ").replaceAll("\\.+$", "")
        + ". Check that the server is running and that JDBC_URL, JDBC_USER and JDBC_PASSWORD name it.";
  }

  /** {@code jdbcUrl} with the value of any {@code password} parameter hidden. */
  public static String redacted(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Already failing; the first failure is the one to report.
    }
  }

  /**
   * The entity classes that carry {@code @Entity} so far. The starter leaves Itemtag unmapped;
   * skipping it keeps the application bootable until lab 1 maps it.
   */
  static List<Class<?>> mappedClasses() {
    List<Class<?>> mapped = new ArrayList<>();
    for (Class<?> type : ENTITY_CLASSES) {
      if (type.isAnnotationPresent(Entity.class)) {
        mapped.add(type);
      } else {
        LOG.warn("{} is not an @Entity yet, so it has no table (see labs/lab1-join-table.md)", type.getSimpleName());
      }
    }
    return mapped;
  }

  /** Runs {@code work} in a transaction that is committed before this method returns. */
  public <T> T write(Function<Session, T> work) {
    return sessionFactory.fromTransaction(work);
  }

  /** Like {@link #write(Function)}, for work without a result. */
  public void writeVoid(Consumer<Session> work) {
    sessionFactory.inTransaction(work);
  }

  /** Runs read-only {@code work} in its own transaction. */
  public <T> T read(Function<Session, T> work) {
    return sessionFactory.fromTransaction(session -> {
      session.setDefaultReadOnly(true);
      return work.apply(session);
    });
  }

  /** The session factory, for tools and tests that need Hibernate directly. */
  public SessionFactory sessionFactory() {
    return sessionFactory;
  }

  /** The pool's raw JDBC connections: for checks that must bypass Hibernate. */
  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    sessionFactory.close();
    closeQuietly(closePool);
  }
}
