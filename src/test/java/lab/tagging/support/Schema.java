package lab.tagging.support;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What the database says about its own schema, read through JDBC metadata and the standard
 * {@code information_schema}, the same on H2 and PostgreSQL. Names come back upper-cased (H2
 * folds unquoted names to upper case, PostgreSQL keeps the lesson's quoted mixed case), so
 * compare in upper case.
 */
public final class Schema {

  /** A foreign key from {@code column} to {@code targetTable}, with its ON DELETE rule. */
  public record ForeignKey(String column, String targetTable, boolean cascadesOnDelete) {}

  private final DataSource dataSource;
  private final String schema;

  Schema(DataSource dataSource) {
    this.dataSource = dataSource;
    this.schema = Dialect.of(dataSource).schema();
  }

  /** The table names of the application's schema. */
  public Set<String> tables() {
    return query(meta -> {
      Set<String> tables = new LinkedHashSet<>();
      try (ResultSet rs = meta.getTables(null, schema, null, new String[] {"TABLE", "BASE TABLE"})) {
        while (rs.next()) {
          tables.add(upper(rs.getString("TABLE_NAME")));
        }
      }
      return tables;
    });
  }

  /** The column names of {@code table}, in the table's order; empty if there is no such table. */
  public List<String> columns(String table) {
    return query(meta -> {
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = meta.getColumns(null, schema, actual(meta, table), null)) {
        while (rs.next()) {
          columns.add(upper(rs.getString("COLUMN_NAME")));
        }
      }
      return columns;
    });
  }

  /** Whether {@code column} of {@code table} accepts NULL. */
  public boolean nullable(String table, String column) {
    return query(meta -> {
      try (ResultSet rs = meta.getColumns(null, schema, actual(meta, table), null)) {
        while (rs.next()) {
          if (upper(rs.getString("COLUMN_NAME")).equals(upper(column))) {
            return rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
          }
        }
      }
      throw new AssertionError("Table " + table + " has no column " + column);
    });
  }

  /** The columns of the primary key of {@code table}. */
  public Set<String> primaryKey(String table) {
    return query(meta -> {
      Set<String> columns = new LinkedHashSet<>();
      try (ResultSet rs = meta.getPrimaryKeys(null, schema, actual(meta, table))) {
        while (rs.next()) {
          columns.add(upper(rs.getString("COLUMN_NAME")));
        }
      }
      return columns;
    });
  }

  /** The foreign keys that leave {@code table}. */
  public List<ForeignKey> foreignKeys(String table) {
    return query(meta -> {
      List<ForeignKey> keys = new ArrayList<>();
      try (ResultSet rs = meta.getImportedKeys(null, schema, actual(meta, table))) {
        while (rs.next()) {
          keys.add(new ForeignKey(upper(rs.getString("FKCOLUMN_NAME")), upper(rs.getString("PKTABLE_NAME")),
              rs.getShort("DELETE_RULE") == DatabaseMetaData.importedKeyCascade));
        }
      }
      return keys;
    });
  }

  /**
   * The columns of each constraint that makes rows unique (UNIQUE or PRIMARY KEY) of
   * {@code table}, by constraint name. Hibernate folds a unique constraint on exactly the
   * primary key's columns into the primary key, keeping the constraint's name.
   */
  public Map<String, Set<String>> uniqueKeys(String table) {
    String sql = "select tc.constraint_name, k.column_name"
        + " from information_schema.table_constraints tc"
        + " join information_schema.key_column_usage k"
        + "   on k.constraint_schema = tc.constraint_schema and k.constraint_name = tc.constraint_name"
        + " where tc.constraint_type in ('UNIQUE', 'PRIMARY KEY') and upper(tc.table_name) = ?"
        + " and tc.table_schema = ? order by tc.constraint_name, k.ordinal_position";
    try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setString(1, upper(table));
      statement.setString(2, schema);
      Map<String, Set<String>> constraints = new LinkedHashMap<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          constraints.computeIfAbsent(upper(rs.getString(1)), name -> new LinkedHashSet<>())
              .add(upper(rs.getString(2)));
        }
      }
      return constraints;
    } catch (SQLException e) {
      throw new AssertionError("Could not read the unique constraints of " + table + ": " + e.getMessage(), e);
    }
  }

  /** The columns of the unique key {@code name} of {@code table}, if it exists. */
  public Optional<Set<String>> uniqueKey(String table, String name) {
    return Optional.ofNullable(uniqueKeys(table).get(upper(name)));
  }

  private interface MetaQuery<T> {
    T run(DatabaseMetaData meta) throws SQLException;
  }

  private <T> T query(MetaQuery<T> query) {
    try (Connection c = dataSource.getConnection()) {
      return query.run(c.getMetaData());
    } catch (SQLException e) {
      throw new AssertionError("Could not read the schema: " + e.getMessage(), e);
    }
  }

  // The table's name as stored, which differs from ours only in case (if it was quoted).
  private String actual(DatabaseMetaData meta, String table) throws SQLException {
    try (ResultSet rs = meta.getTables(null, schema, null, null)) {
      while (rs.next()) {
        if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
          return rs.getString("TABLE_NAME");
        }
      }
    }
    return upper(table);
  }

  private static String upper(String name) {
    return name.toUpperCase(Locale.ROOT);
  }
}
