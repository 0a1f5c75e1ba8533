import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import lab.tagging.Timestamps;
import lab.tagging.web.Json;
import lab.tagging.web.Missing;
import lab.tagging.web.PathIds;

/**
 * The floor: the same two endpoints written by hand, with plain JDBC on the app's own connection
 * pool and Jackson's streaming writer on the app's own JSON factory, served on the app's own
 * Javalin instance (same server, same threads, same error handlers). Only the data access and the
 * serialization differ from the solution.
 *
 * <ul>
 *   <li>{@code GET /floor/posts}: one SELECT joining Posts, the post-scoped Itemtags and Tags,
 *       ordered as the solution orders (post id, then tag id), written row by row with a
 *       {@link JsonGenerator} into a string that goes out as {@code ctx.json} sends its string.
 *   <li>{@code POST /floor/posts/{id}/tags/{tid}}: one SELECT (post, tag and any existing join
 *       row at once), then for a new link one insert that does nothing on a key conflict
 *       ({@code ON CONFLICT DO NOTHING} on PostgreSQL, {@code MERGE ... WHEN NOT MATCHED} on H2),
 *       in autocommit. A lost race reads the winner's row and answers 200, as the solution does.
 * </ul>
 */
final class Floor {

  private final DataSource pool;
  private final boolean postgres;
  private final Clock clock;
  private final JsonFactory json = Json.mapper().getFactory();
  private final String listSql;
  private final String linkSql;
  private final String insertSql;

  Floor(DataSource pool, boolean postgres, Clock clock) {
    this.pool = pool;
    this.postgres = postgres;
    this.clock = clock;
    listSql = names("""
        select p.id, p.text, p."createdAt", p."updatedAt",
               t.id, t.name, t."createdAt", t."updatedAt",
               i.taggable, i."createdAt", i."updatedAt"
        from "Posts" p
        left join "Itemtags" i on i.taggable_id = p.id and i.taggable = 'post'
        left join "Tags" t on t.id = i.tag_id
        order by p.id, i.tag_id""");
    linkSql = names("""
        select i."createdAt", i."updatedAt"
        from "Posts" p
        join "Tags" t on t.id = ?
        left join "Itemtags" i on i.tag_id = t.id and i.taggable = 'post' and i.taggable_id = p.id
        where p.id = ?""");
    insertSql = postgres
        ? """
          insert into "Itemtags" (tag_id, taggable, taggable_id, "createdAt", "updatedAt")
          values (?, 'post', ?, ?, ?) on conflict do nothing"""
        : """
          merge into Itemtags i
          using (values (cast(? as bigint), 'post', cast(? as bigint))) v(tag_id, taggable, taggable_id)
          on i.tag_id = v.tag_id and i.taggable = v.taggable and i.taggable_id = v.taggable_id
          when not matched then insert (tag_id, taggable, taggable_id, createdAt, updatedAt)
          values (v.tag_id, v.taggable, v.taggable_id, ?, ?)""";
  }

  // The app names its tables and columns as the lesson does: quoted on PostgreSQL, unquoted
  // (folded to upper case) on H2.
  private String names(String sql) {
    return postgres ? sql : sql.replace("\"", "");
  }

  void register(Javalin app) {
    app.get("/floor/posts", this::list);
    app.post("/floor/posts/{id}/tags/{tid}", this::addTag);
  }

  private void list(Context ctx) throws SQLException, IOException {
    ctx.contentType(ContentType.APPLICATION_JSON).result(listJson());
  }

  /** The body of {@code GET /floor/posts}. */
  String listJson() throws SQLException, IOException {
    StringWriter out = new StringWriter(1 << 16);
    char[] time = new char[24];
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(listSql);
        ResultSet rs = ps.executeQuery();
        JsonGenerator g = json.createGenerator(out)) {
      g.writeStartArray();
      long post = -1;
      while (rs.next()) {
        long id = rs.getLong(1);
        if (id != post) {
          if (post != -1) {
            g.writeEndArray();
            g.writeEndObject();
          }
          post = id;
          g.writeStartObject();
          g.writeNumberField("id", id);
          g.writeStringField("text", rs.getString(2));
          g.writeFieldName("createdAt");
          g.writeString(time(rs, 3, time), 0, 24);
          g.writeFieldName("updatedAt");
          g.writeString(time(rs, 4, time), 0, 24);
          g.writeArrayFieldStart("Tags");
        }
        long tag = rs.getLong(5);
        if (rs.wasNull()) {
          continue; // a post without tags: one row, no tag
        }
        g.writeStartObject();
        g.writeNumberField("id", tag);
        g.writeStringField("name", rs.getString(6));
        g.writeFieldName("createdAt");
        g.writeString(time(rs, 7, time), 0, 24);
        g.writeFieldName("updatedAt");
        g.writeString(time(rs, 8, time), 0, 24);
        g.writeObjectFieldStart("Itemtag");
        g.writeNumberField("tag_id", tag);
        g.writeStringField("taggable", rs.getString(9));
        g.writeNumberField("taggable_id", id);
        g.writeFieldName("createdAt");
        g.writeString(time(rs, 10, time), 0, 24);
        g.writeFieldName("updatedAt");
        g.writeString(time(rs, 11, time), 0, 24);
        g.writeEndObject();
        g.writeEndObject();
      }
      if (post != -1) {
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    return out.toString();
  }

  private void addTag(Context ctx) throws SQLException, IOException {
    long postId = PathIds.postId(ctx);
    long tagId = PathIds.tagId(ctx);
    try (Connection c = pool.getConnection()) {
      Instant[] existing = link(c, postId, tagId);
      if (existing.length == 2) {
        answer(ctx, 200, postId, tagId, existing[0], existing[1]);
        return;
      }
      Instant now = Timestamps.now(clock);
      if (insert(c, postId, tagId, now)) {
        answer(ctx, 201, postId, tagId, now, now);
        return;
      }
      // Another request linked the same pair between our SELECT and our insert: answer its row.
      existing = link(c, postId, tagId);
      answer(ctx, 200, postId, tagId, existing[0], existing[1]);
    }
  }

  // {createdAt, updatedAt} of the existing join row; {} if the post and tag exist but are not
  // linked; a 404 if either is missing.
  private Instant[] link(Connection c, long postId, long tagId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(linkSql)) {
      ps.setLong(1, tagId);
      ps.setLong(2, postId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw missing(c, postId, tagId);
        }
        OffsetDateTime created = rs.getObject(1, OffsetDateTime.class);
        return created == null
            ? new Instant[0]
            : new Instant[] {created.toInstant(), rs.getObject(2, OffsetDateTime.class).toInstant()};
      }
    }
  }

  private RuntimeException missing(Connection c, long postId, long tagId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(names("select 1 from \"Posts\" where id = ?"))) {
      ps.setLong(1, postId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Missing.tag(tagId) : Missing.post(postId);
      }
    }
  }

  private boolean insert(Connection c, long postId, long tagId, Instant now) throws SQLException {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    try (PreparedStatement ps = c.prepareStatement(insertSql)) {
      ps.setLong(1, tagId);
      ps.setLong(2, postId);
      ps.setObject(3, at);
      ps.setObject(4, at);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false; // H2's MERGE lost a race to a concurrent insert of the same key
      }
      throw e;
    }
  }

  private void answer(Context ctx, int status, long postId, long tagId, Instant created, Instant updated)
      throws IOException {
    StringWriter out = new StringWriter(160);
    char[] time = new char[24];
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("tag_id", tagId);
      g.writeStringField("taggable", "post");
      g.writeNumberField("taggable_id", postId);
      g.writeFieldName("createdAt");
      g.writeString(format(created.atOffset(ZoneOffset.UTC), time), 0, 24);
      g.writeFieldName("updatedAt");
      g.writeString(format(updated.atOffset(ZoneOffset.UTC), time), 0, 24);
      g.writeEndObject();
    }
    ctx.status(status).contentType(ContentType.APPLICATION_JSON).result(out.toString());
  }

  private static char[] time(ResultSet rs, int column, char[] into) throws SQLException {
    return format(rs.getObject(column, OffsetDateTime.class), into);
  }

  /** The lesson's timestamp, 2016-05-30T23:18:13.000Z, written into {@code into} without a formatter. */
  static char[] format(OffsetDateTime t, char[] into) {
    if (t.getOffset().getTotalSeconds() != 0) {
      t = t.withOffsetSameInstant(ZoneOffset.UTC);
    }
    digits(into, 0, t.getYear(), 4);
    into[4] = '-';
    digits(into, 5, t.getMonthValue(), 2);
    into[7] = '-';
    digits(into, 8, t.getDayOfMonth(), 2);
    into[10] = 'T';
    digits(into, 11, t.getHour(), 2);
    into[13] = ':';
    digits(into, 14, t.getMinute(), 2);
    into[16] = ':';
    digits(into, 17, t.getSecond(), 2);
    into[19] = '.';
    digits(into, 20, t.getNano() / 1_000_000, 3);
    into[23] = 'Z';
    return into;
  }

  private static void digits(char[] into, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      into[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
