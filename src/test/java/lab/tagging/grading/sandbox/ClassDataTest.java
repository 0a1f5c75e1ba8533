package lab.tagging.grading.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the shared class-data archive is used, and when it is built again. */
class ClassDataTest {

  @TempDir
  Path dir;

  private Path jar;

  @BeforeEach
  void aJar() throws IOException {
    jar = Files.write(dir.resolve("lib.jar"), new byte[] {1, 2, 3});
  }

  // What the warm-up JVM would do: write the archive where the dump option says.
  private Path dumpAs(ClassData data) throws IOException {
    Path dump = dir.resolve("warm-up.jsa");
    String option = data.dumpOptions(dump).get(0);
    return Files.write(Path.of(option.substring(option.indexOf('=') + 1)), new byte[] {42});
  }

  @Test
  @DisplayName("without an archive the test JVMs get no option, and a warm-up that wrote none changes nothing")
  void noArchiveNoOption() {
    ClassData data = new ClassData(dir.resolve("cds"), List.of(jar), "384m");
    assertThat(data.ready()).isFalse();
    assertThat(data.jvmOptions()).isEmpty();
    assertThat(data.dumped(dir.resolve("none.jsa"))).isFalse();
    assertThat(data.jvmOptions()).isEmpty();
  }

  @Test
  @DisplayName("a warm-up's archive is used at once and by the next grader with the same class path")
  void archiveIsUsedAndReused() throws IOException {
    ClassData data = new ClassData(dir.resolve("cds"), List.of(jar), "384m");
    assertThat(data.dumped(dumpAs(data))).isTrue();
    assertThat(data.jvmOptions()).last().asString().isEqualTo("-XX:SharedArchiveFile=" + dir.resolve("cds/test-jvm.jsa"));
    assertThat(new ClassData(dir.resolve("cds"), List.of(jar), "384m").ready()).isTrue();
  }

  @Test
  @DisplayName("a changed jar, another class path or another heap makes the archive stale")
  void staleArchiveIsNotUsed() throws IOException {
    ClassData data = new ClassData(dir.resolve("cds"), List.of(jar), "384m");
    data.dumped(dumpAs(data));
    assertThat(new ClassData(dir.resolve("cds"), List.of(jar), "256m").ready()).isFalse();
    assertThat(new ClassData(dir.resolve("cds"), List.of(jar, jar), "384m").ready()).isFalse();
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
    assertThat(new ClassData(dir.resolve("cds"), List.of(jar), "384m").ready()).isFalse();
  }
}
