package baseline;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** The one entity of the baseline. */
@Entity
public class Note {
  @Id
  @GeneratedValue
  Long id;

  String text;

  protected Note() {}

  Note(String text) {
    this.text = text;
  }
}
