package lab.tagging.support;

import java.util.ArrayList;
import java.util.List;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/** Counts the SQL statements Hibernate sends, so a test can catch an N+1 query pattern. */
public final class SqlStatements implements StatementInspector {

  private final List<String> seen = new ArrayList<>();

  @Override
  public synchronized String inspect(String sql) {
    seen.add(sql);
    return sql;
  }

  /** Forgets the statements seen so far. */
  public synchronized void reset() {
    seen.clear();
  }

  /** How many statements were sent since the last reset. */
  public synchronized int count() {
    return seen.size();
  }

  /** The statements sent since the last reset, one per line, for a failure message. */
  public synchronized String listing() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < seen.size(); i++) {
      out.append("\n  ").append(i + 1).append(". ").append(seen.get(i));
    }
    return out.toString();
  }
}
