package lab.tagging.grading.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cutting a class into shards by name, and refusing shards that do not make one class. */
@Tag("kit")
@DisplayName("Class grader · shards")
class ShardsTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a shard is I/N with 1 <= I <= N; anything else is one line saying so")
  void specs() {
    assertThat(Shards.Spec.parse("3/8")).as("3/8").isEqualTo(new Shards.Spec(3, 8));
    assertThat(Shards.Spec.parse(" 1/1 ")).as("one part, spaces around").isEqualTo(new Shards.Spec(1, 1));
    for (String bad : List.of("0/8", "9/8", "3-8", "3/", "x/8", "1/0", "1/1001", "")) {
      IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Shards.Spec.parse(bad));
      assertThat(e.getMessage()).as("'" + bad + "'").isEqualTo("'" + bad + "' is not I/N, the I-th of N parts with "
          + "1 <= I <= N <= 1000 (e.g. 3/8)");
    }
  }

  @Test
  @DisplayName("an entry's shard follows from its name alone, whatever else the class folder holds")
  void stableByName() {
    List<Path> small = names("hw1-", 20);
    List<Path> large = new ArrayList<>(names("hw1-", 20));
    large.addAll(names("late-", 50));
    for (int i = 1; i <= 8; i++) {
      Shards.Spec spec = new Shards.Spec(i, 8);
      assertThat(Shards.select(large, spec)).as("shard " + spec + " of a larger class, its first 20 entries")
          .filteredOn(p -> p.getFileName().toString().startsWith("hw1-"))
          .containsExactlyElementsOf(Shards.select(small, spec));
    }
    assertThat(Shards.shardOf("hw1-ada-l", 8)).as("the same shard on every machine and every run").isEqualTo(
        Shards.shardOf("hw1-ada-l", 8)).isBetween(1, 8);
  }

  @Test
  @DisplayName("the shards of a class hold each entry once, in parts of about the same size")
  void everyEntryOnce() {
    List<Path> entries = names("hw1-student", 400);
    List<Path> seen = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      List<Path> part = Shards.select(entries, new Shards.Spec(i, 8));
      assertThat(part.size()).as("shard " + i + "/8 of 400 entries").isBetween(30, 70);
      seen.addAll(part);
    }
    assertThat(seen).as("all shards together").containsExactlyInAnyOrderElementsOf(entries);
  }

  @Test
  @DisplayName("merge refuses two outputs of the same shard as overlapping")
  void overlapIsRefused() throws IOException {
    Path a = shard("a", 1, 2, "x");
    Path b = shard("b", 1, 2, "y");

    assertThat(error(List.of(a, b))).isEqualTo("the shards " + a + " and " + b + " are both shard 1/2: they overlap");
  }

  @Test
  @DisplayName("merge refuses a class with a shard missing")
  void missingShardIsRefused() throws IOException {
    Path a = shard("a", 1, 3, "x");
    Path c = shard("c", 3, 3, "z");

    assertThat(error(List.of(a, c))).isEqualTo("shard(s) 2/3 missing: merge needs all 3 parts of the class");
  }

  @Test
  @DisplayName("merge refuses shards graded with different deadlines")
  void differentDeadlinesAreRefused() throws IOException {
    Path a = shard("a", 1, 2, "x");
    Path b = dir.resolve("b");
    Files.createDirectories(b);
    Shards.write(manifest(new Shards.Spec(2, 2), "2026-12-19T23:59:00+01:00", List.of(row("y"))), b);

    assertThat(error(List.of(a, b))).isEqualTo("the shards " + a + " and " + b + " were graded with different "
        + "deadlines (2026-12-18T23:59:00+01:00 and 2026-12-19T23:59:00+01:00): grade them again alike");
  }

  @Test
  @DisplayName("merge refuses a whole class's output and a folder that is no output at all")
  void notShardsAreRefused() throws IOException {
    Path whole = dir.resolve("whole");
    Files.createDirectories(whole);
    Shards.write(manifest(null, "2026-12-18T23:59:00+01:00", List.of(row("x"), row("y"))), whole);
    Files.createDirectories(dir.resolve("empty"));

    assertThat(error(List.of(whole))).isEqualTo(whole + " holds a whole class (graded without --shard), not a shard");
    assertThat(error(List.of(dir.resolve("empty")))).isEqualTo(dir.resolve("empty")
        + " is not the output of ./grade: it has no class.json");
  }

  @Test
  @DisplayName("merge refuses to write into one of its shards")
  void outIsNotAShard() throws IOException {
    Path a = shard("a", 1, 1, "x", "y");

    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Shards.check(List.of(a), a));

    assertThat(e.getMessage()).isEqualTo("--out " + a + " is one of the shards; merge into another folder");
  }

  @Test
  @DisplayName("the shards of one class, all there, merge into its rows")
  void completeShardsMerge() throws IOException {
    Path a = shard("a", 1, 2, "x");
    Path b = shard("b", 2, 2, "y");

    Shards.Merged merged = Shards.check(List.of(a, b), dir.resolve("out"));

    assertThat(merged.manifest().rows()).as("the class's rows").extracting(ClassGrader.Row::id)
        .containsExactly("x", "y");
    assertThat(merged.manifest().shard()).as("no longer a shard").isNull();
  }

  private static List<Path> names(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> Path.of("class", prefix + i)).toList();
  }

  // An output folder of shard index/count holding rows for the named entries, of a class of two.
  private Path shard(String name, int index, int count, String... entries) throws IOException {
    Path out = dir.resolve(name);
    Files.createDirectories(out);
    Shards.write(manifest(new Shards.Spec(index, count), "2026-12-18T23:59:00+01:00",
        java.util.Arrays.stream(entries).map(ShardsTest::row).toList()), out);
    return out;
  }

  private static Shards.Manifest manifest(Shards.Spec spec, String deadline, List<ClassGrader.Row> rows) {
    return new Shards.Manifest(Shards.Manifest.FORMAT, "kit", deadline, "none", null, spec, 2, "class", 100, "test",
        rows);
  }

  private static ClassGrader.Row row(String entry) {
    return new ClassGrader.Row(entry, entry, 50, 100, Map.of("lab1", 50), "graded", List.of(), 1.0, "h");
  }

  private Path dirOut() {
    return dir.resolve("out");
  }

  private String error(List<Path> parts) {
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
        () -> Shards.check(parts, dirOut()));
    assertThat(e).as("merging " + parts).isNotNull();
    assertThat(e.getMessage()).as("one line").doesNotContain("\n");
    return e.getMessage();
  }
}
