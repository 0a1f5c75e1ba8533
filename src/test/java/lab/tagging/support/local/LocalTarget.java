package lab.tagging.support.local;

import java.time.Instant;
import javax.sql.DataSource;
import lab.tagging.db.Database;
import lab.tagging.grading.fixture.Entities;
import lab.tagging.grading.fixture.Target;
import org.hibernate.tool.schema.Action;

/**
 * The app in the test's own JVM, on one database that every test of the JVM shares: in-memory
 * H2, or under {@code tagging.db=postgresql} a real PostgreSQL server the run starts itself (see
 * {@link PostgresServer}). This is how a student's run and an IDE run the graded tests,
 * breakpoints and all. Hibernate is built once per JVM; when the mappings are broken, every test
 * reports why in a student's words.
 */
public final class LocalTarget implements Target {

  private static LocalTarget instance;

  private AppHost host;
  private AssertionError failure;

  private LocalTarget() {}

  /** The JVM's one in-process target; the fixture finds it by name, so it is public. */
  public static synchronized LocalTarget get() {
    if (instance == null) {
      instance = new LocalTarget();
    }
    return instance;
  }

  @Override
  public synchronized void beforeTest() {
    if (host == null && failure == null) {
      try {
        String url = PostgresServer.wanted() ? PostgresServer.database("graded") : "jdbc:h2:mem:graded;DB_CLOSE_DELAY=-1";
        host = AppHost.open(Database.Settings.forUrl(url).as(PostgresServer.wanted() ? "postgres" : "sa", "")
            .schema(Action.CREATE_DROP));
      } catch (AssertionError e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw new AssertionError(failure.getMessage(), failure.getCause());
    }
  }

  @Override
  public String afterTest() {
    return null;  // the app runs in this JVM: if it stopped, so did the test
  }

  @Override
  public DataSource database() {
    return host.db().dataSource();
  }

  @Override
  public void setClock(Instant now) {
    host.setClock(now);
  }

  @Override
  public String startApp() {
    return "http://127.0.0.1:" + host.startApp();
  }

  @Override
  public void stopApp() {
    host.stopApp();
  }

  @Override
  public Entities entities() {
    return host.entities();
  }
}
