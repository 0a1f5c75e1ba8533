package lab.tagging.grading.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.tagging.grading.Gradings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the fixtures of src/test/fixtures/similarity with the starter as base code: three
 * correct solutions written independently in different styles (indie-*), the reference solution,
 * and a correct solution (copy-source) with a copy of it whose identifiers are renamed and whose
 * methods and annotations are reordered (copy-renamed).
 */
@Tag("kit")
@Timeout(120)
@DisplayName("Similarity · pairs of alike submissions, with JPlag and the starter as base code")
class SimilarityTest {

  static final Path FIXTURES = Path.of("src/test/fixtures/similarity");
  static final List<String> INDEPENDENT = List.of("indie-factories", "indie-loops", "indie-streams", "reference");
  static final String ORIGINAL = "copy-source";
  static final String COPY = "copy-renamed";

  @TempDir
  static Path temp;

  static Path starter;
  static Map<String, Path> submissions;
  static Similarity.Result result;

  @BeforeAll
  static void compareTheFixtures() {
    starter = Gradings.starterAt(temp.resolve("starter"));
    submissions = new LinkedHashMap<>();
    for (String id : INDEPENDENT) {
      submissions.put(id, id.equals("reference") ? Gradings.KIT.root().resolve("solutions") : FIXTURES.resolve(id));
    }
    submissions.put(ORIGINAL, FIXTURES.resolve(ORIGINAL));
    submissions.put(COPY, FIXTURES.resolve(COPY));
    result = Similarity.compare(submissions, starter);
  }

  @Test
  @DisplayName("a copy with renamed identifiers and reordered methods is flagged, above the default threshold")
  void copyIsFlagged() {
    Similarity.Pair pair = pair(COPY, ORIGINAL);

    assertThat(pair.similarity()).as("average similarity of the copied pair").isGreaterThanOrEqualTo(
        Similarity.Options.DEFAULT_THRESHOLD);
    assertThat(result.flagged()).as("flagged pairs").contains(pair);
  }

  @Test
  @DisplayName("no two of the independently written correct solutions are flagged")
  void independentSolutionsAreNotFlagged() {
    for (int i = 0; i < INDEPENDENT.size(); i++) {
      for (int j = i + 1; j < INDEPENDENT.size(); j++) {
        Similarity.Pair pair = pair(INDEPENDENT.get(i), INDEPENDENT.get(j));
        assertThat(pair.similarity()).as(pair.idA() + " and " + pair.idB() + " are independent work")
            .isLessThan(Similarity.Options.DEFAULT_THRESHOLD);
      }
    }
  }

  @Test
  @DisplayName("no independent solution is flagged with either submission of the copied pair")
  void independentAndCopiedAreNotFlagged() {
    for (String independent : INDEPENDENT) {
      for (String copied : List.of(ORIGINAL, COPY)) {
        Similarity.Pair pair = pair(independent, copied);
        assertThat(pair.similarity()).as(pair.idA() + " and " + pair.idB() + " are independent work")
            .isLessThan(Similarity.Options.DEFAULT_THRESHOLD);
      }
    }
  }

  @Test
  @DisplayName("a pair's matching parts name each side's file and lines: the renamed retry check matches the original")
  void matchesPointAtTheCopiedCode() throws IOException {
    Path handler = Path.of("src/main/java/lab/tagging/web/AddTagHandler.java");
    int copyLine = lineOf(FIXTURES.resolve(COPY).resolve(handler), "c instanceof ConstraintViolationException");
    int originalLine = lineOf(FIXTURES.resolve(ORIGINAL).resolve(handler), "cause instanceof ConstraintViolationException");

    Similarity.Pair pair = pair(COPY, ORIGINAL);

    assertThat(pair.matches()).as("matching parts of " + COPY + " and " + ORIGINAL).anySatisfy(m -> {
      assertThat(m.fileA()).isEqualTo("src/main/java/lab/tagging/web/AddTagHandler.java");
      assertThat(m.fileB()).isEqualTo("src/main/java/lab/tagging/web/AddTagHandler.java");
      assertThat(copyLine).isBetween(m.startLineA(), m.endLineA());
      assertThat(originalLine).isBetween(m.startLineB(), m.endLineB());
    });
  }

  @Test
  @DisplayName("the starter's own code does not count: two submissions that are the starter are 0% alike")
  void starterCodeDoesNotCount() {
    Path one = Gradings.starterAt(temp.resolve("starter-one"));
    Path two = Gradings.starterAt(temp.resolve("starter-two"));

    Similarity.Result starters = Similarity.compare(Map.of("one", one, "two", two), starter);

    assertThat(starters.pairs()).as("the one pair of two untouched starters").singleElement().satisfies(p -> {
      assertThat(p.similarity()).as("average similarity").isZero();
      assertThat(p.matchedTokens()).as("matched tokens").isZero();
    });
  }

  @Test
  @DisplayName("a submission that does not parse is left out with the file and line that fail, and the others are compared")
  void unparsableSubmissionIsReported() throws IOException {
    Path broken = copyOf(ORIGINAL, "broken");
    Path post = broken.resolve("src/main/java/lab/tagging/posts/Post.java");
    List<String> lines = Files.readAllLines(post);
    int line = lines.indexOf("  public Long getId() {") + 1;
    lines.set(line - 1, "  public Long getId( {");
    Files.write(post, lines);

    Similarity.Result withBroken = Similarity.compare(
        Map.of("broken", broken, ORIGINAL, FIXTURES.resolve(ORIGINAL), COPY, FIXTURES.resolve(COPY)), starter);

    assertThat(withBroken.notCompared()).as("submissions left out").containsOnlyKeys("broken");
    assertThat(withBroken.notCompared().get("broken")).as("why broken was left out")
        .contains("src/main/java/lab/tagging/posts/Post.java:" + line);
    assertThat(withBroken.pairs()).as("pairs of the two that parse").singleElement()
        .satisfies(p -> assertThat(List.of(p.idA(), p.idB())).containsExactly(COPY, ORIGINAL));
  }

  @Test
  @DisplayName("with fewer than two submissions there is nothing to compare and no pair")
  void fewerThanTwoSubmissions() {
    Similarity.Result one = Similarity.compare(Map.of(ORIGINAL, FIXTURES.resolve(ORIGINAL)), starter);

    assertThat(one.pairs()).as("pairs of a single submission").isEmpty();
    assertThat(one.compared()).as("submissions compared").isEqualTo(1);
  }

  @Test
  @DisplayName("a submission above the size limit is left out and said to be too large, not compared")
  void oversizedSubmissionIsReported() {
    Similarity.Options small = Similarity.Options.defaults().withLimits(50, Similarity.Options.DEFAULT_MAX_BYTES);

    Similarity.Result limited = Similarity.compare(
        Map.of(ORIGINAL, FIXTURES.resolve(ORIGINAL), COPY, FIXTURES.resolve(COPY)), starter, small);

    assertThat(limited.notCompared()).as("submissions left out").containsOnlyKeys(ORIGINAL, COPY);
    assertThat(limited.notCompared().get(COPY)).as("why " + COPY + " was left out").contains("too large");
    assertThat(limited.pairs()).as("pairs").isEmpty();
  }

  @Test
  @DisplayName("a threshold outside 0 to 1 is refused")
  void thresholdOutOfRangeIsRefused() {
    assertThatThrownBy(() -> Similarity.Options.defaults().withThreshold(60))
        .as("a threshold of 60, meant as percent").isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 to 1");
  }

  @Test
  @DisplayName("the gradebook flag says how similar and to whom, for both of the copied pair and no one else")
  void gradebookFlags() {
    String percent = SimilarityReport.percent(pair(COPY, ORIGINAL).similarity());

    Map<String, String> flags = SimilarityReport.flags(result);

    assertThat(flags).as("gradebook flags").containsExactly(
        Map.entry(COPY, "similar to " + ORIGINAL + " (" + percent + "): see report.html"),
        Map.entry(ORIGINAL, "similar to " + COPY + " (" + percent + "): see report.html"));
  }

  @Test
  @DisplayName("the report section lists the flagged pair with both similarities and its matching code side by side")
  void sectionShowsThePairSideBySide() {
    Similarity.Pair pair = pair(COPY, ORIGINAL);

    String html = SimilarityReport.section(result, submissions);

    assertThat(html).as("the report section").contains(
        COPY + " and " + ORIGINAL,
        SimilarityReport.percent(pair.similarity()) + " average",
        SimilarityReport.percent(pair.maxSimilarity()) + " maximum",
        "copy-renamed: src/main/java/lab/tagging/web/AddTagHandler.java, lines ",
        "copy-source: src/main/java/lab/tagging/web/AddTagHandler.java, lines ",
        "private static boolean sameKeyInsertedMeanwhile(Throwable failure) {",
        "private static boolean isUniqueViolation(Throwable problem) {",
        "background:#fff8c5");
    assertThat(html).as("the report section names only flagged pairs").doesNotContain("indie-loops and");
  }

  @Test
  @DisplayName("the report section escapes hostile code and ids: a comment with </pre><script> stays text")
  void sectionEscapesHostileContent() throws IOException {
    Path hostile = copyOf(ORIGINAL, "hostile");
    Path handler = hostile.resolve("src/main/java/lab/tagging/web/AddTagHandler.java");
    Files.writeString(handler, Files.readString(handler).replace("    return false;\n  }",
        "    // </pre></td></table><script>alert(1)</script> \u202e\n    return false;\n  }"));
    String id = "<img src=x onerror=alert(2)>";
    Map<String, Path> pairOfTwo = Map.of(id, hostile, ORIGINAL, FIXTURES.resolve(ORIGINAL));

    String html = SimilarityReport.section(Similarity.compare(pairOfTwo, starter), pairOfTwo);

    assertThat(html).as("the report section").contains(
        "// &lt;/pre&gt;&lt;/td&gt;&lt;/table&gt;&lt;script&gt;alert(1)&lt;/script&gt; [U+202E]",
        "&lt;img src=x onerror=alert(2)&gt;");
    assertThat(html).as("the report section").doesNotContain("<script", "<img", "\u202e");
  }

  @Test
  @DisplayName("the report section is self-contained: no script, style sheet, image or outside link")
  void sectionIsSelfContained() {
    String html = SimilarityReport.section(result, submissions);

    assertThat(html).as("the report section").doesNotContain("<script", "<link", "<img", "<iframe", "<style",
        "src=", "url(", "@import", "href=\"http", "href=\"/", "href=\"javascript");
  }

  private static Similarity.Pair pair(String a, String b) {
    return result.pairs().stream()
        .filter(p -> (p.idA().equals(a) && p.idB().equals(b)) || (p.idA().equals(b) && p.idB().equals(a)))
        .findFirst().orElseThrow(() -> new AssertionError("no pair " + a + " and " + b + " in " + result));
  }

  private static Path copyOf(String fixture, String name) {
    Path dir = temp.resolve(name);
    Gradings.copyTree(FIXTURES.resolve(fixture), dir);
    return dir;
  }

  private static int lineOf(Path file, String text) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(file + " has no line with " + text);
  }
}
