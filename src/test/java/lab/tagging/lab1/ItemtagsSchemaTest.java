package lab.tagging.lab1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import lab.tagging.support.Schema;
import lab.tagging.support.Schema.ForeignKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("lab1")
@DisplayName("Lab 1 · the Itemtags join table")
class ItemtagsSchemaTest {

  @RegisterExtension
  final Lab lab = new Lab();

  @Test
  @Points(2)
  @DisplayName("Itemtags has the lesson's five columns and no id column")
  void itemtagsHasTheLessonsColumns() {
    assertThat(lab.schema().columns("Itemtags"))
        .as("Table Itemtags should exist with exactly the columns tag_id, taggable, taggable_id, createdAt and "
            + "updatedAt. No table at all means Itemtag is not an @Entity with @Table(name = \"Itemtags\") yet; an "
            + "extra ID column means the id is not the embedded ItemtagId (lab 1, tasks 1 and 2)")
        .containsExactlyInAnyOrder("TAG_ID", "TAGGABLE", "TAGGABLE_ID", "CREATEDAT", "UPDATEDAT");
  }

  @Test
  @Points(2)
  @DisplayName("the triple (tag_id, taggable, taggable_id) is unique under the name item_tag_taggable")
  void tripleIsUniqueUnderTheLessonsName() {
    assertThat(lab.schema().uniqueKey("Itemtags", "item_tag_taggable"))
        .as("Itemtags should have a unique constraint named item_tag_taggable on exactly (tag_id, taggable, "
            + "taggable_id): the row's identity. Declare it in @Table(uniqueConstraints = ...) on Itemtag "
            + "(lab 1, task 2). Unique keys found: " + lab.schema().uniqueKeys("Itemtags"))
        .hasValueSatisfying(columns -> assertThat(columns)
            .containsExactlyInAnyOrder("TAG_ID", "TAGGABLE", "TAGGABLE_ID"));
  }

  @Test
  @Points(2)
  @DisplayName("the primary key of Itemtags is the whole triple, not just (tag_id, taggable_id)")
  void primaryKeyIsTheTriple() {
    requireItemtagsTable();
    assertThat(lab.schema().primaryKey("Itemtags"))
        .as("The primary key of Itemtags should be (tag_id, taggable, taggable_id). The lesson's table used "
            + "(tag_id, taggable_id), which forbids giving post 1 and video 1 the same tag. Make Itemtag's id the "
            + "@EmbeddedId ItemtagId with all three fields as columns (lab 1, tasks 1 and 2)")
        .containsExactlyInAnyOrder("TAG_ID", "TAGGABLE", "TAGGABLE_ID");
  }

  @Test
  @Points(2)
  @DisplayName("tag_id references Tags and its rows are deleted with the tag (ON DELETE CASCADE)")
  void tagIdReferencesTagsWithCascade() {
    requireItemtagsTable();
    List<ForeignKey> keys = lab.schema().foreignKeys("Itemtags");
    assertThat(keys)
        .as("Itemtags.tag_id should have a foreign key to Tags whose ON DELETE rule is CASCADE, so that deleting "
            + "a tag removes its join rows in the database itself. Map Itemtag.tag as @ManyToOne with "
            + "@JoinColumn(name = \"tag_id\") and ask Hibernate for the cascade with @OnDelete (lab 1, task 2). "
            + "Foreign keys found: " + keys)
        .contains(new ForeignKey("TAG_ID", "TAGS", true));
  }

  @Test
  @Points(2)
  @DisplayName("taggable_id has no foreign key, since it points into a different table for each taggable")
  void taggableIdHasNoForeignKey() {
    requireItemtagsTable();
    List<ForeignKey> keys = lab.schema().foreignKeys("Itemtags");
    assertThat(keys)
        .as("Itemtags.taggable_id must have no foreign key: with taggable = 'video' it holds a video's id, which "
            + "no row of Posts has (the lesson's models got this wrong). Keep the @ManyToOne to Post but give its "
            + "@JoinColumn foreignKey = @ForeignKey(ConstraintMode.NO_CONSTRAINT) (lab 1, task 2). Foreign keys "
            + "found: " + keys)
        .noneMatch(key -> key.column().equals("TAGGABLE_ID"));
  }

  @Test
  @Points(1)
  @DisplayName("the key columns and both timestamps of Itemtags are NOT NULL")
  void itemtagsColumnsAreNotNull() {
    requireItemtagsTable();
    for (String column : List.of("tag_id", "taggable", "taggable_id", "createdAt", "updatedAt")) {
      assertThat(lab.schema().nullable("Itemtags", column))
          .as("Itemtags." + column + " should be NOT NULL: a join row without it means nothing. The id's columns "
              + "come from ItemtagId (lab 1, task 1; taggable needs nullable = false), the timestamps from "
              + "@Column(name = ..., nullable = false) on Itemtag (lab 1, task 2)")
          .isFalse();
    }
  }

  @Test
  @Points(1)
  @DisplayName("the schema has exactly the three tables Posts, Tags and Itemtags")
  void schemaHasExactlyThreeTables() {
    assertThat(lab.schema().tables())
        .as("The database should hold exactly Posts, Tags and Itemtags. Without Itemtags, Itemtag is not an "
            + "entity yet (lab 1, task 2). A fourth table such as Posts_Itemtags means Post.itemtags is not mapped "
            + "by Itemtag's post field: use @OneToMany(mappedBy = \"post\") (lab 1, task 3)")
        .containsExactlyInAnyOrder("POSTS", "TAGS", "ITEMTAGS");
  }

  @Test
  @Points(1)
  @DisplayName("with the join mapped, Posts and Tags keep the lesson's columns and NOT NULL timestamps")
  void postsAndTagsKeepTheLessonsColumns() {
    requireItemtagsTable();
    Schema schema = lab.schema();
    assertThat(schema.columns("Posts"))
        .as("Posts should keep exactly id, text, createdAt and updatedAt: the link to tags lives in Itemtags, so "
            + "Post.itemtags must not add a column to Posts (lab 1, task 3)")
        .containsExactlyInAnyOrder("ID", "TEXT", "CREATEDAT", "UPDATEDAT");
    assertThat(schema.columns("Tags"))
        .as("Tags should keep exactly id, name, createdAt and updatedAt: the link to posts lives in Itemtags")
        .containsExactlyInAnyOrder("ID", "NAME", "CREATEDAT", "UPDATEDAT");
    for (String table : List.of("Posts", "Tags")) {
      for (String column : List.of("createdAt", "updatedAt")) {
        assertThat(schema.nullable(table, column))
            .as(table + "." + column + " should be NOT NULL, as in the lesson's schema; it is kit code, so undo "
                + "any change to its @Column")
            .isFalse();
      }
    }
  }

  // Checks on an absent table would pass for the wrong reason (no foreign keys, say), so each
  // test that looks inside Itemtags first makes sure there is an Itemtags to look at.
  private void requireItemtagsTable() {
    assertThat(lab.schema().tables())
        .as("There is no table Itemtags yet, so this check cannot run. Make Itemtag an @Entity with "
            + "@Table(name = \"Itemtags\") and ItemtagId an @Embeddable (lab 1, tasks 1 and 2)")
        .contains("ITEMTAGS");
  }
}
