package lab.tagging.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import lab.tagging.db.Database;
import lab.tagging.support.local.PostgresServer;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference solution's schema on PostgreSQL: the DDL the lesson page shows is the DDL
 * Hibernate generates, and a live server holds the lesson's names in their exact case.
 */
@Tag("kit")
@DisplayName("Kit · the schema on PostgreSQL")
class PostgresSchemaTest {

  @Test
  @DisplayName("the DDL that docs/lesson.md shows for PostgreSQL is the DDL Hibernate generates from the solution")
  void lessonShowsTheGeneratedDdl(@TempDir Path dir) throws IOException {
    Path script = dir.resolve("create.sql");
    // Offline: the PostgreSQL dialect writes the script without a server.
    HibernatePersistenceConfiguration config = new HibernatePersistenceConfiguration("ddl")
        .property("jakarta.persistence.database-product-name", "PostgreSQL")
        .property("jakarta.persistence.database-major-version", "14")
        .property("hibernate.boot.allow_jdbc_metadata_access", false)
        .property("hibernate.globally_quoted_identifiers", true)
        .property("jakarta.persistence.schema-generation.scripts.action", "create")
        .property("jakarta.persistence.schema-generation.scripts.create-target", script.toString())
        .property("hibernate.format_sql", true)
        .property("hibernate.hbm2ddl.delimiter", ";");
    Database.ENTITY_CLASSES.forEach(config::managedClass);
    config.createEntityManagerFactory().close();

    assertThat(statements(documentedDdl()))
        .as("The DDL block under \"The same schema on PostgreSQL\" in docs/lesson.md should be what Hibernate "
            + "generates from the solution's mappings; paste the new script there:\n" + Files.readString(script))
        .isEqualTo(statements(Files.readString(script)));
  }

  @Test
  @DisplayName("on a real PostgreSQL server the tables and columns carry the lesson's names in their exact case")
  void serverHoldsTheLessonsNames() throws SQLException {
    assumeTrue(PostgresServer.wanted(), "needs PostgreSQL: run the kit's tests with -Ddb=postgresql, as CI does");
    String url = PostgresServer.database("kit_schema");
    try (Database db = Database.open(Database.Settings.forUrl(url).as("postgres", "").schema(Action.CREATE_DROP));
        Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      assertThat(column(s, "select table_name from information_schema.tables where table_schema = 'public'"
          + " order by table_name"))
          .containsExactly("Itemtags", "Posts", "Tags");
      assertThat(column(s, "select column_name || ' ' || data_type from information_schema.columns"
          + " where table_name = 'Itemtags' order by column_name"))
          .containsExactly("createdAt timestamp with time zone", "tag_id bigint", "taggable character varying",
              "taggable_id bigint", "updatedAt timestamp with time zone");
      assertThat(column(s, "select conname || ' ' || pg_get_constraintdef(oid) from pg_constraint"
          + " where conrelid = '\"Itemtags\"'::regclass order by contype, conname"))
          .as("one foreign key, tag_id to Tags with ON DELETE CASCADE; the key is the triple, named item_tag_taggable")
          .containsExactly(
              "FK3e9xh10ivyfogomf0x8ouevud FOREIGN KEY (tag_id) REFERENCES \"Tags\"(id) ON DELETE CASCADE",
              "item_tag_taggable PRIMARY KEY (tag_id, taggable, taggable_id)");
    }
  }

  private static List<String> column(Statement s, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static String documentedDdl() throws IOException {
    String lesson = Files.readString(Path.of("docs/lesson.md"));
    int section = lesson.indexOf("### The same schema on PostgreSQL");
    assertThat(section).as("docs/lesson.md should have the section \"The same schema on PostgreSQL\"").isPositive();
    int start = lesson.indexOf("```sql\n", section) + "```sql\n".length();
    return lesson.substring(start, lesson.indexOf("```", start));
  }

  // The statements with their white space evened out: layout is not content.
  private static List<String> statements(String ddl) {
    List<String> statements = new ArrayList<>();
    for (String statement : ddl.split(";")) {
      String even = statement.strip().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")");
      if (!even.isEmpty()) {
        statements.add(even);
      }
    }
    return statements;
  }
}
