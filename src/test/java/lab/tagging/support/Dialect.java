package lab.tagging.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import javax.sql.DataSource;

/**
 * What the tests' own SQL must say differently on the two databases the kit runs on. The app
 * names its tables and columns as the lesson does ({@code Posts}, {@code createdAt}): unquoted on
 * H2, which folds them to upper case, and quoted on PostgreSQL, which would fold them to lower case.
 */
public enum Dialect {
  H2("PUBLIC"), POSTGRESQL("public");

  private static final Map<DataSource, Dialect> KNOWN = Collections.synchronizedMap(new WeakHashMap<>());

  private final String schema;

  Dialect(String schema) {
    this.schema = schema;
  }

  /** The dialect of the database behind {@code dataSource}, asked once per data source. */
  public static Dialect of(DataSource dataSource) {
    Dialect known = KNOWN.get(dataSource);
    if (known != null) {
      return known;
    }
    try (Connection c = dataSource.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      Dialect dialect = product.contains("postgres") ? POSTGRESQL : H2;
      KNOWN.put(dataSource, dialect);
      return dialect;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not reach the app's database: " + e.getMessage(), e);
    }
  }

  /** A table or column name of the lesson, as this database must be told it. */
  public String name(String lessonName) {
    return this == H2 ? lessonName : "\"" + lessonName.replace("\"", "\"\"") + "\"";
  }

  /** The schema the app's tables live in, as the catalog spells it. */
  public String schema() {
    return schema;
  }
}
