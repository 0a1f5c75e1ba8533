package lab.tagging.db;

import jakarta.persistence.Entity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
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

  private final SessionFactory sessionFactory;
  private final JdbcConnectionPool pool;

  private Database(SessionFactory sessionFactory, JdbcConnectionPool pool) {
    this.sessionFactory = sessionFactory;
    this.pool = pool;
  }

  /** How to reach the database, as whom, and what to do with its schema. */
  public record Settings(String jdbcUrl, String user, String password, Action schemaAction,
      Map<String, Object> extraProperties) {

    /**
     * A file or server database keeps its rows between runs, so its schema is updated; an
     * in-memory one starts empty and gets the schema created. H2's default user, sa.
     */
    public static Settings forUrl(String jdbcUrl) {
      Action action = jdbcUrl.startsWith("jdbc:h2:mem:") ? Action.CREATE_DROP : Action.UPDATE;
      return new Settings(jdbcUrl, "sa", "", action, Map.of());
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

  /** Builds the session factory from the entity mappings, creating or updating the schema. */
  public static Database open(Settings settings) {
    JdbcConnectionPool pool = JdbcConnectionPool.create(settings.jdbcUrl(), settings.user(), settings.password());
    pool.setMaxConnections(16);
    try {
      HibernatePersistenceConfiguration config = new HibernatePersistenceConfiguration("tagging-lab")
          .schemaToolingAction(settings.schemaAction())
          .property("hibernate.connection.datasource", pool)
          .property("hibernate.jdbc.time_zone", "UTC");
      if (settings.jdbcUrl().startsWith("jdbc:h2:")) {
        config.property("hibernate.dialect", H2CharacterDialect.class.getName());
      }
      for (Class<?> type : mappedClasses()) {
        config.managedClass(type);
      }
      settings.extraProperties().forEach(config::property);
      return new Database(config.createEntityManagerFactory(), pool);
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
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
  public javax.sql.DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    sessionFactory.close();
    pool.dispose();
  }
}
