package lab.tagging.grading.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What changes the API fingerprint that decides when the graded tests are compiled again. */
class ApiFingerprintTest {

  private static final String BASE = """
      package demo;
      import java.util.function.Supplier;
      public class Shop {
        public static final int LIMIT = 3;
        private int count;
        public Shop(int count) { this.count = count; }
        public int count() { return count; }
        public String name(String prefix) throws java.io.IOException { return prefix + count; }
        public static class Item { public String label() { return "item"; } }
      }
      """;

  @TempDir
  Path dir;

  private String fingerprint(String source) throws IOException {
    Path root = Files.createTempDirectory(dir, "case");
    Path file = root.resolve("src/demo/Shop.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    Path classes = root.resolve("classes");
    assertThat(Compilation.compile(List.of(file), Path::toString, List.of(), classes)).isEmpty();
    return ApiFingerprint.of(classes);
  }

  private String changed(String from, String to) {
    assertThat(BASE).contains(from);
    return BASE.replace(from, to);
  }

  @Test
  @DisplayName("method bodies, private members, lambdas and anonymous classes leave it alone")
  void implementationDoesNotCount() throws IOException {
    String base = fingerprint(BASE);
    assertThat(fingerprint(changed("return count; }", "return count + helper(); }\n"
        + "  private int helper() { Supplier<Integer> s = () -> 0; return new Object() { int z = s.get(); }.z; }")))
        .isEqualTo(base);
    assertThat(fingerprint(changed("private int count;", "private long unused; private int count;"))).isEqualTo(base);
  }

  @Test
  @DisplayName("annotations and the order of members leave it alone")
  void annotationsAndOrderDoNotCount() throws IOException {
    String base = fingerprint(BASE);
    assertThat(fingerprint(changed("public int count()", "@Deprecated public int count()"))).isEqualTo(base);
    assertThat(fingerprint(changed(
        "  public int count() { return count; }\n  public String name(String prefix) throws java.io.IOException { return prefix + count; }",
        "  public String name(String prefix) throws java.io.IOException { return prefix + count; }\n  public int count() { return count; }")))
        .isEqualTo(base);
  }

  @Test
  @DisplayName("a visible signature, a checked exception, a constant or a nested class changes it")
  void visibleApiCounts() throws IOException {
    String base = fingerprint(BASE);
    assertThat(fingerprint(changed("public int count()", "public long count()"))).isNotEqualTo(base);
    assertThat(fingerprint(changed("public int count()", "int count()"))).isNotEqualTo(base);
    assertThat(fingerprint(changed(" throws java.io.IOException", ""))).isNotEqualTo(base);
    assertThat(fingerprint(changed("LIMIT = 3", "LIMIT = 4"))).isNotEqualTo(base);
    assertThat(fingerprint(changed("public static class Item", "public class Item"))).isNotEqualTo(base);
    assertThat(fingerprint(changed("public Shop(int count)", "public Shop(Integer count)"))).isNotEqualTo(base);
  }
}
