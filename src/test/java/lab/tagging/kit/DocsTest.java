package lab.tagging.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the kit's own docs state about the kit holds. */
@Tag("kit")
@DisplayName("Kit · the docs")
class DocsTest {

  private static final Map<String, Integer> NUMBERS = Map.of("one", 1, "two", 2, "three", 3, "four", 4, "five", 5,
      "six", 6, "seven", 7, "eight", 8, "nine", 9, "ten", 10);

  @Test
  @DisplayName("every doc that counts the student files gives the count of student-files.txt")
  void studentFileCountsMatch() throws IOException {
    long count = Files.readAllLines(Path.of("student-files.txt")).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#")).count();
    Pattern counted = Pattern.compile("\\b(one|two|three|four|five|six|seven|eight|nine|ten|\\d+) student files\\b");
    for (Path doc : docs()) {
      Matcher m = counted.matcher(Files.readString(doc));
      while (m.find()) {
        String said = m.group(1);
        int n = NUMBERS.containsKey(said) ? NUMBERS.get(said) : Integer.parseInt(said);
        assertThat(n).as(doc + " says \"" + m.group() + "\"; student-files.txt lists " + count).isEqualTo(count);
      }
    }
  }

  private static List<Path> docs() throws IOException {
    try (Stream<Path> walk = Stream.of("README.md", "docs", "labs", "export").map(Path::of).flatMap(DocsTest::walk)) {
      return walk.filter(p -> p.toString().endsWith(".md")).toList();
    }
  }

  private static Stream<Path> walk(Path p) {
    try {
      return Files.isDirectory(p) ? Files.walk(p) : Stream.of(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
