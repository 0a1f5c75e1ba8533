package lab.tagging.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Rows read and written with plain JDBC, behind Hibernate's back. */
public final class Rows {

  /** One row of Itemtags. */
  public record Link(long tagId, String taggable, long taggableId, Instant createdAt, Instant updatedAt) {

    /** Its identity, to compare with what the code under test reports. */
    public lab.tagging.grading.fixture.RowId id() {
      return new lab.tagging.grading.fixture.RowId(tagId, taggable, taggableId);
    }

    @Override
    public String toString() {
      return "(tag_id " + tagId + ", '" + taggable + "', taggable_id " + taggableId + ")";
    }
  }

  // No graded test makes more than a few dozen rows; more means the code under test made them.
  private static final int MAX_ROWS = 10_000;

  private final DataSource dataSource;
  private final Dialect dialect;

  Rows(DataSource dataSource) {
    this.dataSource = dataSource;
    this.dialect = Dialect.of(dataSource);
  }

  /** Every row of Itemtags, ordered by (tag_id, taggable, taggable_id). */
  public List<Link> itemtags() {
    String sql = "select tag_id, taggable, taggable_id, " + q("createdAt") + ", " + q("updatedAt")
        + " from " + q("Itemtags") + " order by tag_id, taggable, taggable_id";
    try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setMaxRows(MAX_ROWS + 1);
      try (ResultSet rs = statement.executeQuery()) {
        List<Link> links = new ArrayList<>();
        while (rs.next()) {
          links.add(new Link(rs.getLong(1), rs.getString(2), rs.getLong(3),
              instant(rs.getObject(4, OffsetDateTime.class)), instant(rs.getObject(5, OffsetDateTime.class))));
        }
        return capped(links, "Itemtags");
      }
    } catch (SQLException e) {
      throw new AssertionError(noItemtags(e), e);
    }
  }

  /**
   * Writes a join row directly, as another part of an application would: for example a
   * video's row {@code (tag, 'video', id)} that must never show up as a post's link.
   */
  public void insertItemtag(long tagId, String taggable, long taggableId) {
    insertItemtag(tagId, taggable, taggableId, Lab.START);
  }

  /**
   * Like {@link #insertItemtag(long, String, long)}, with both timestamps set to {@code at}
   * (an ISO instant such as {@code 2026-11-24T19:19:48.301Z}). Lets a test link posts and tags
   * without depending on the student's addTag.
   */
  public void insertItemtag(long tagId, String taggable, long taggableId, String at) {
    String sql = "insert into " + q("Itemtags") + " (tag_id, taggable, taggable_id, " + q("createdAt") + ", "
        + q("updatedAt") + ") values (?, ?, ?, ?, ?)";
    OffsetDateTime time = Instant.parse(at).atOffset(ZoneOffset.UTC);
    update(sql, tagId, taggable, taggableId, time, time);
  }

  /** Deletes the row {@code id} of {@code table} (Posts or Tags) behind the app's back; true if it was there. */
  public boolean delete(String table, long id) {
    return update("delete from " + q(table) + " where id = ?", id) == 1;
  }

  /** The ids in {@code table}, in id order. */
  public List<Long> ids(String table) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement("select id from " + q(table) + " order by id")) {
      statement.setMaxRows(MAX_ROWS + 1);
      try (ResultSet rs = statement.executeQuery()) {
        List<Long> ids = new ArrayList<>();
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
        return capped(ids, table);
      }
    } catch (SQLException e) {
      throw new AssertionError("Could not read the ids of " + table + ": " + e.getMessage(), e);
    }
  }

  /** How many rows {@code table} has. */
  public long count(String table) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement("select count(*) from " + q(table));
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError("Could not count the rows of " + table + ": " + e.getMessage(), e);
    }
  }

  // An insert, update or delete; fails the test with the database's message.
  private int update(String sql, Object... parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError(noItemtagsHint() + "\n  The test's own SQL failed: " + sql + "\n  "
          + e.getMessage(), e);
    }
  }

  private static <T> List<T> capped(List<T> rows, String table) {
    if (rows.size() > MAX_ROWS) {
      throw new AssertionError(table + " holds more than " + MAX_ROWS + " rows, though the test made a few: "
          + "the code under test writes rows it should not.");
    }
    return rows;
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private String q(String lessonName) {
    return dialect.name(lessonName);
  }

  private static String noItemtags(SQLException e) {
    return noItemtagsHint() + "\n  Could not read table Itemtags: " + e.getMessage();
  }

  private static String noItemtagsHint() {
    return "This test needs table Itemtags with columns tag_id, taggable, taggable_id, createdAt and "
        + "updatedAt: map Itemtag and ItemtagId first (lab 1, tasks 1 and 2).";
  }
}
