package lab.tagging.grading.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import lab.tagging.grading.Folders;
import lab.tagging.grading.Grade;
import lab.tagging.grading.Grader;
import lab.tagging.grading.Gradings;
import lab.tagging.grading.Limits;
import lab.tagging.grading.report.Reports;
import lab.tagging.grading.sandbox.ClassData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a student's repeated runs reuse (RunCache): only what a run would have made again from
 * the same inputs, detected stale when an input changes, and never a change to the grade.
 */
@Tag("kit")
@DisplayName("Kit · what a student's runs reuse")
class RunCacheTest {

  // A step no graded test has: the run compiles everything and starts the test JVM, which finds
  // nothing to run; what the cache does is all there is to see, in a few seconds.
  private static final String NO_TESTS = "none";

  @TempDir
  Path dir;

  private static Limits limits() {
    return new Limits(10, 240, "384m", null);
  }

  private Path solutionCopy() throws IOException {
    Path submission = dir.resolve("submission");
    copyTree(Gradings.KIT.root().resolve("solutions"), submission);
    return submission;
  }

  private RunCache cache() {
    return new RunCache(dir.resolve("cache"), Grader.testJvmClassPath());
  }

  private static Grade grade(Grader grader, Path submission, Path work, String step) {
    return grader.grade(submission, work, new Grader.Options(false, step, limits()));
  }

  @Test
  @Timeout(300)
  @DisplayName("a run with the cache grades exactly as one without, on its first run and on a run that reuses "
      + "everything")
  void cachedRunsGradeTheSame() throws IOException {
    Path submission = solutionCopy();
    Grader plain = new Grader(Gradings.KIT);
    Grader reusing = new Grader(Gradings.KIT).reusing(cache());
    String expected = scoreboard(grade(plain, submission, dir.resolve("plain"), "lab1"));
    assertThat(expected).as("the solution's lab 1 without any cache").contains("Score: 20/20");

    Grade first = grade(reusing, submission, dir.resolve("first"), "lab1");
    ClassData archive = cache().archive("384m");
    assertThat(archive.ready()).as("the first run with the cache wrote the test JVM's archive and kept it").isTrue();
    assertThat(scoreboard(first)).as("the first run with the cache (it writes the archive)").isEqualTo(expected);

    FileTime mainKept = Files.getLastModifiedTime(dir.resolve("cache/main/key"));
    FileTime testsKept = Files.getLastModifiedTime(dir.resolve("cache/tests/key"));
    Grade second = grade(reusing, submission, dir.resolve("second"), "lab1");
    assertThat(scoreboard(second)).as("a run that reuses the classes, the compiled tests and the archive")
        .isEqualTo(expected);
    assertThat(List.of(Files.getLastModifiedTime(dir.resolve("cache/main/key")),
        Files.getLastModifiedTime(dir.resolve("cache/tests/key"))))
        .as("nothing changed, so nothing was compiled and kept again").containsExactly(mainKept, testsKept);
    assertThat(dir.resolve("second/test-jvm.jsa")).as("an archive that is there is used, not written again")
        .doesNotExist();
  }

  @Test
  @Timeout(300)
  @DisplayName("a changed method body compiles the student's classes again and keeps the compiled tests; "
      + "a changed API compiles the tests again; a corrupt archive is passed over")
  void staleEntriesAreRebuilt() throws IOException {
    Path submission = solutionCopy();
    Grader reusing = new Grader(Gradings.KIT).reusing(cache());
    assertThat(grade(reusing, submission, dir.resolve("run"), NO_TESTS).status()).isEqualTo(Grade.Status.GRADED);
    String main = Files.readString(dir.resolve("cache/main/key"));
    String tests = Files.readString(dir.resolve("cache/tests/key"));

    Path post = submission.resolve("src/main/java/lab/tagging/posts/Post.java");
    Files.writeString(post, Files.readString(post) + "\n// a comment: new bytes, the same API\n");
    assertThat(grade(reusing, submission, dir.resolve("run"), NO_TESTS).status()).isEqualTo(Grade.Status.GRADED);
    assertThat(Files.readString(dir.resolve("cache/main/key"))).as("the student's classes, after a change")
        .isNotEqualTo(main);
    assertThat(Files.readString(dir.resolve("cache/tests/key"))).as("the graded tests, the API unchanged")
        .isEqualTo(tests);

    String source = Files.readString(post);
    int end = source.lastIndexOf('}');
    Files.writeString(post, source.substring(0, end) + "  public int aNewMethod() { return 1; }\n}\n");
    assertThat(grade(reusing, submission, dir.resolve("run"), NO_TESTS).status()).isEqualTo(Grade.Status.GRADED);
    assertThat(Files.readString(dir.resolve("cache/tests/key"))).as("the graded tests, after a public method was added")
        .isNotEqualTo(tests);

    // The stamp still matches; the JVM must find the archive unusable on its own and go on without it.
    Path jsa = dir.resolve("cache/class-data/test-jvm.jsa");
    assertThat(cache().archive("384m").ready()).as("the archive the first run wrote").isTrue();
    jsa.toFile().setWritable(true);
    Files.write(jsa, new byte[] {1, 2, 3, 4});
    assertThat(grade(reusing, submission, dir.resolve("run"), NO_TESTS).status())
        .as("a run whose archive is corrupt behind a good stamp").isEqualTo(Grade.Status.GRADED);
  }

  @Test
  @DisplayName("a key changes with a source's bytes, a jar's size or time, and the set of sources; the same inputs "
      + "give the same key")
  void keysFollowTheirInputs() throws IOException {
    Path jar = Files.write(dir.resolve("lib.jar"), new byte[] {1, 2, 3});
    Path source = Files.writeString(dir.resolve("A.java"), "class A {}");
    Path other = Files.writeString(dir.resolve("B.java"), "class B {}");
    String key = new RunCache(dir.resolve("cache"), List.of(jar)).key("main", List.of(source));

    assertThat(new RunCache(dir.resolve("cache"), List.of(jar)).key("main", List.of(source)))
        .as("the same inputs").isEqualTo(key);
    assertThat(new RunCache(dir.resolve("cache"), List.of(jar)).key("main", List.of(source, other)))
        .as("one more source").isNotEqualTo(key);
    assertThat(new RunCache(dir.resolve("cache"), List.of(jar)).key("main", List.of(source), "api"))
        .as("another API fingerprint").isNotEqualTo(key);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
    assertThat(new RunCache(dir.resolve("cache"), List.of(jar)).key("main", List.of(source)))
        .as("a jar with another time stamp").isNotEqualTo(key);
    String touched = new RunCache(dir.resolve("cache"), List.of(jar)).key("main", List.of(source));
    Files.write(jar, new byte[] {1, 2, 3, 4});
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis()));
    assertThat(new RunCache(dir.resolve("cache"), List.of(jar)).key("main", List.of(source)))
        .as("a jar of another size").isNotEqualTo(touched);
    String before = new RunCache(dir.resolve("cache"), List.of(jar)).key("main", List.of(source));
    Files.writeString(source, "class A { }");
    assertThat(new RunCache(dir.resolve("cache"), List.of(jar)).key("main", List.of(source)))
        .as("a source with other bytes").isNotEqualTo(before);
  }

  @Test
  @DisplayName("kept classes come back only for their own key and only as they were kept")
  void keptClassesAreChecked() throws IOException {
    RunCache cache = new RunCache(dir.resolve("cache"), List.of());
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes.resolve("p"));
    Files.write(classes.resolve("p/A.class"), new byte[] {1, 2, 3});
    cache.keep("main", "key-1", classes);

    assertThat(cache.restore("main", "key-1", dir.resolve("out"))).as("the same key").isTrue();
    assertThat(dir.resolve("out/p/A.class")).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(cache.restore("main", "key-2", dir.resolve("other"))).as("another key").isFalse();
    assertThat(dir.resolve("other")).as("nothing is written for another key").doesNotExist();

    Files.write(dir.resolve("cache/main/classes/p/A.class"), new byte[] {9, 9, 9});
    assertThat(cache.restore("main", "key-1", dir.resolve("edited"))).as("a kept class edited since").isFalse();
    Files.delete(dir.resolve("cache/main/classes/p/A.class"));
    assertThat(cache.restore("main", "key-1", dir.resolve("deleted"))).as("a kept class deleted since").isFalse();
  }

  @Test
  @DisplayName("an archive the JVM cannot map is never installed")
  void anUnusableDumpIsRefused() throws IOException {
    ClassData archive = new ClassData(dir.resolve("class-data"), Grader.testJvmClassPath(), "384m");
    Path dump = Files.write(dir.resolve("cut-short.jsa"), new byte[] {1, 2, 3, 4});
    assertThat(archive.checkedDump(dump)).as("a dump cut short").isFalse();
    assertThat(archive.ready()).isFalse();
    assertThat(archive.jvmOptions()).isEmpty();
  }

  private static String scoreboard(Grade grade) {
    return Reports.scoreboard(grade, Gradings.KIT, false);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Folders.clean(to);
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
