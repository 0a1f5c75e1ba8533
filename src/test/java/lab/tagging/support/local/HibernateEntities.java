package lab.tagging.support.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lab.tagging.db.Database;
import lab.tagging.grading.fixture.Entities;
import lab.tagging.grading.fixture.RowId;
import lab.tagging.posts.Post;
import lab.tagging.tagging.Itemtag;
import lab.tagging.tagging.ItemtagId;
import lab.tagging.tags.Tag;

/** The entity-level calls of the graded tests, made on the student's classes through Hibernate. */
final class HibernateEntities implements Entities {

  private final Database db;

  HibernateEntities(Database db) {
    this.db = db;
  }

  @Override
  public void addTag(long postId, long tagId, Instant at) {
    // Only the post is changed: the new row must reach the database through the post's cascade.
    db.writeVoid(session -> post(session, postId).addTag(tag(session, tagId), at));
  }

  @Override
  public List<RowId> itemtagsOf(long postId) {
    return db.read(session -> {
      List<RowId> ids = new ArrayList<>();
      for (Itemtag itemtag : post(session, postId).getItemtags()) {
        ids.add(id(itemtag));
      }
      return ids;
    });
  }

  @Override
  public List<RowId> findItemtags(long postId, List<Long> tagIds, boolean copies) {
    List<Tag> loadedElsewhere = new ArrayList<>();
    if (copies) {
      for (long tagId : tagIds) {
        loadedElsewhere.add(db.read(session -> tag(session, tagId)));
      }
    }
    return db.read(session -> {
      Post post = post(session, postId);
      List<RowId> found = new ArrayList<>();
      for (int i = 0; i < tagIds.size(); i++) {
        Tag tag = copies ? loadedElsewhere.get(i) : tag(session, tagIds.get(i));
        found.add(id(post.findItemtag(tag)));
      }
      return found;
    });
  }

  @Override
  public List<Boolean> removeTags(long postId, List<Long> tagIds) {
    return db.write(session -> {
      Post post = post(session, postId);
      List<Boolean> answers = new ArrayList<>();
      for (long tagId : tagIds) {
        answers.add(post.removeTag(tag(session, tagId)));
      }
      return answers;
    });
  }

  @Override
  public void removePost(long postId) {
    db.writeVoid(session -> session.remove(post(session, postId)));
  }

  private static Post post(org.hibernate.Session session, long id) {
    Post post = session.find(Post.class, id);
    if (post == null) {
      throw new IllegalStateException("session.find(Post.class, " + id + ") found no post, though the test saved it");
    }
    return post;
  }

  private static Tag tag(org.hibernate.Session session, long id) {
    Tag tag = session.find(Tag.class, id);
    if (tag == null) {
      throw new IllegalStateException("session.find(Tag.class, " + id + ") found no tag, though the test saved it");
    }
    return tag;
  }

  private static RowId id(Itemtag itemtag) {
    if (itemtag == null) {
      return null;
    }
    ItemtagId id = itemtag.getId();
    if (id == null) {
      throw new IllegalStateException("Itemtag.getId() returned null for a row of the post");
    }
    return new RowId(id.getTagId(), id.getTaggable(), id.getTaggableId());
  }
}
