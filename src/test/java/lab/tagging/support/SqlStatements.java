package lab.tagging.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import lab.tagging.grading.fixture.Target;

/**
 * The SQL statements the app's database ran, as the database itself counts them, so a test can
 * catch an N+1 query pattern whatever the app's code reports: H2's query statistics, or
 * PostgreSQL's {@code pg_stat_statements} for the app's own database.
 */
public final class SqlStatements {

  /** One statement text and how many times the database ran it. */
  public record Ran(String sql, long times) {}

  private final DataSource db;
  private final Dialect dialect;

  SqlStatements(DataSource db) {
    this.db = db;
    this.dialect = Dialect.of(db);
  }

  /** Forgets the statements run so far. */
  public void reset() {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      if (dialect == Dialect.POSTGRESQL) {
        s.execute("select " + Target.POSTGRESQL_STATISTICS + ".pg_stat_statements_reset(0,"
            + " (select oid from pg_database where datname = current_database()), 0)");
      } else {
        s.execute("set query_statistics false");
        s.execute("set query_statistics true");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not reset the database's statement statistics: " + e.getMessage(), e);
    }
  }

  /** How many statements the app sent since the last reset. */
  public int count() {
    return (int) statements().stream().mapToLong(Ran::times).sum();
  }

  /** The statements sent since the last reset, one per line, for a failure message. */
  public String listing() {
    StringBuilder out = new StringBuilder();
    int i = 0;
    for (Ran ran : statements()) {
      out.append("\n  ").append(++i).append(". ").append(ran.times() > 1 ? ran.times() + "× " : "").append(ran.sql());
    }
    return out.toString();
  }

  // The app's reads and writes. The driver's own housekeeping (COMMIT, ROLLBACK, SET, its look at
  // the settings) and this class's reading of the statistics are not the app's queries.
  private List<Ran> statements() {
    String sql = dialect == Dialect.POSTGRESQL
        ? "select query, calls from " + Target.POSTGRESQL_STATISTICS + ".pg_stat_statements"
            + " where dbid = (select oid from pg_database where datname = current_database()) order by query"
        : "select sql_statement, execution_count from information_schema.query_statistics order by sql_statement";
    List<Ran> ran = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        String text = rs.getString(1);
        String start = text.stripLeading().toLowerCase(Locale.ROOT);
        boolean query = start.startsWith("select") || start.startsWith("insert") || start.startsWith("update")
            || start.startsWith("delete") || start.startsWith("merge") || start.startsWith("with");
        boolean housekeeping = start.contains("information_schema.") || start.contains("pg_stat_statements")
            || start.contains("pg_catalog.");
        if (query && !housekeeping) {
          ran.add(new Ran(text, rs.getLong(2)));
        }
      }
      return ran;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the database's statement statistics: " + e.getMessage(), e);
    }
  }
}
