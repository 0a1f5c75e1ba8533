package lab.tagging.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Emptying and deleting the grader's own working folders. */
public final class Folders {

  private Folders() {}

  /** Deletes {@code dir} and all it holds; an empty folder that cannot go is left, harmlessly. */
  public static void delete(Path dir) {
    clean(dir);
    try {
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // An empty folder left behind is harmless.
    }
  }

  /** Empties {@code dir}, creating it if needed. Links inside are deleted, never followed. */
  public static void clean(Path dir) {
    try {
      if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
