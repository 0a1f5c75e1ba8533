package lab.tagging.grading.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import lab.tagging.grading.Grade;
import lab.tagging.grading.Grader;
import lab.tagging.grading.Gradings;
import lab.tagging.grading.Limits;
import lab.tagging.grading.trusted.Harness;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fallback where user namespaces are not allowed (Gradescope's containers): a user id of its
 * own. It needs root and a kit closed to other users, as on a fresh CI clone; elsewhere it is
 * skipped, with the reason.
 */
@Tag("kit")
@DisplayName("Sandbox · the user mode, where bubblewrap cannot run")
class UserSandboxTest {

  @Test
  @Timeout(300)
  @DisplayName("as a user of its own, a hostile submission earns nothing and leaves no process; the solution earns all")
  void userModeHoldsAHostileSubmission() throws Exception {
    Set<PosixFilePermission> kit = Files.getPosixFilePermissions(Gradings.KIT.root());
    assumeTrue(kit.stream().noneMatch(p -> p == PosixFilePermission.OTHERS_READ || p == PosixFilePermission.OTHERS_EXECUTE),
        "the kit is open to other users, which user mode refuses (chmod o-rwx on the kit runs this test)");
    Sandbox user;
    try {
      user = Sandbox.detect(Sandbox.Mode.USER);
    } catch (Sandbox.Unavailable e) {
      assumeTrue(false, e.getMessage());
      return;
    }
    Path root = Gradings.WORK.resolve("user-mode");
    lab.tagging.grading.Folders.clean(root);
    Path good = Gradings.solutionWith("user-mode-good", null);
    Path hostile = Gradings.starterAt(root.resolve("submissions/hostile-escapes"));
    Gradings.copyFixture(Path.of("src/test/fixtures/class/hostile-escapes/src"), hostile.resolve("src"),
        root.resolve("submissions"), root.resolve("grades"));
    Limits limits = new Limits(10, 120, "256m", null);

    Grade honest;
    Grade attack;
    try (Harness harness = new Harness(Gradings.KIT, user, Grader.jarsOnClassPath(), Grader.runnerJar(), 1)) {
      Grader grader = new Grader(Gradings.KIT, harness);
      honest = grader.grade(good, root.resolve("work-good"), new Grader.Options(false, "lab2", limits));
      attack = grader.grade(hostile, root.resolve("work-hostile"), new Grader.Options(false, "lab2", limits));
    }
    Thread.sleep(8_000);  // longer than the process it leaves behind waits before it acts

    assertThat(honest.score()).as(String.valueOf(honest.tests())).isEqualTo(honest.maxScore());
    assertThat(honest.notes()).anySatisfy(note -> assertThat(note).startsWith("Sandbox: user:"));
    assertThat(attack.score()).isZero();
    assertThat(ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("tagging-lab-linger-marker")))
        .as("processes the hostile submission left behind").isEmpty();
    assertThat(Path.of("/tmp/tagging-lab-linger-ran")).as("the work of a process left behind").doesNotExist();
    assertThat(root.resolve("grades/.work/rows/good.json")).doesNotExist();
  }
}
