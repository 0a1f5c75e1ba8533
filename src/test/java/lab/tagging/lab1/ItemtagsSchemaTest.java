package lab.tagging.lab1;

import static org.assertj.core.api.Assertions.assertThat;

import lab.tagging.support.Lab;
import lab.tagging.support.Points;
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
  @Points(3)
  @DisplayName("Itemtags has the lesson's five columns and no id column")
  void itemtagsHasTheLessonsColumns() {
    assertThat(lab.schema().columns("Itemtags"))
        .as("Table Itemtags should exist with exactly the columns tag_id, taggable, taggable_id, createdAt and "
            + "updatedAt. No table at all means Itemtag is not an @Entity with @Table(name = \"Itemtags\") yet; an "
            + "extra ID column means the id is not the embedded ItemtagId (lab 1, tasks 1 and 2)")
        .containsExactlyInAnyOrder("TAG_ID", "TAGGABLE", "TAGGABLE_ID", "CREATEDAT", "UPDATEDAT");
  }

  @Test
  @Points(4)
  @DisplayName("the triple (tag_id, taggable, taggable_id) is unique under the name item_tag_taggable")
  void tripleIsUniqueUnderTheLessonsName() {
    assertThat(lab.schema().uniqueKey("Itemtags", "item_tag_taggable"))
        .as("Itemtags should have a unique constraint named item_tag_taggable on exactly (tag_id, taggable, "
            + "taggable_id): the row's identity. Declare it in @Table(uniqueConstraints = ...) on Itemtag "
            + "(lab 1, task 2). Unique keys found: " + lab.schema().uniqueKeys("Itemtags"))
        .hasValueSatisfying(columns -> assertThat(columns)
            .containsExactlyInAnyOrder("TAG_ID", "TAGGABLE", "TAGGABLE_ID"));
  }
}
