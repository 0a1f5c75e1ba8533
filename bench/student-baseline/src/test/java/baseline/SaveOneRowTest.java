package baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;

/** The baseline's one test: Hibernate boots on an in-memory H2 database and saves one row. */
class SaveOneRowTest {

  @Test
  void savesOneRow() {
    Configuration config = new Configuration().addAnnotatedClass(Note.class)
        .setProperty("hibernate.connection.url", "jdbc:h2:mem:baseline;DB_CLOSE_DELAY=-1")
        .setProperty("hibernate.connection.username", "sa")
        .setProperty("hibernate.hbm2ddl.auto", "create-drop");
    try (SessionFactory factory = config.buildSessionFactory()) {
      factory.inTransaction(session -> session.persist(new Note("one row")));
      long rows = factory.fromSession(session ->
          session.createSelectionQuery("select count(n) from Note n", Long.class).getSingleResult());
      assertEquals(1, rows);
    }
  }
}
