package lab.tagging.grading;

import lab.tagging.grading.sandbox.Sandbox;
import lab.tagging.grading.trusted.Harness;
import lab.tagging.grading.report.Reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Grades submissions the way instructors do, for the kit's own checks. */
public final class Gradings {

  public static final Kit KIT = Kit.find(Path.of(""));
  public static final Path WORK = KIT.root().resolve("target/kit-check");

  private Gradings() {}

  /** The sandbox the kit's checks grade in: the best this machine has, as ./grade would pick. */
  public static final Sandbox SANDBOX = Sandbox.detect(null);

  // One harness for the checks of this JVM, with a slot for each of the two that run at once.
  private static final Harness HARNESS = new Harness(KIT, SANDBOX, Grader.jarsOnClassPath(), Grader.runnerJar(), 2);

  public static Limits limits() {
    return new Limits(10, 240, "384m", null);
  }

  /** The grader an instructor's run uses: the code under test in the sandbox, the tests here. */
  public static Grader grader() {
    return new Grader(KIT, HARNESS);
  }

  /** Grades {@code submission} with the visible and hidden tests; results land in target/kit-check/NAME. */
  public static Grade grade(String name, Path submission) {
    return grade(name, submission, null);
  }

  /** Like {@link #grade(String, Path)}, with only the tests of {@code steps} (comma-separated). */
  public static Grade grade(String name, Path submission, String steps) {
    Path out = WORK.resolve(name);
    Grade grade = grader().grade(submission, out.resolve("work"),
        new Grader.Options(KIT.hasHiddenTests(), steps, limits()));
    Reports.write(grade, out, name);
    return grade;
  }

  /** The lab steps of the student files found under {@code overlay}. */
  public static java.util.Set<String> stepsTouchedBy(Path overlay) {
    java.util.Set<String> steps = new java.util.TreeSet<>();
    for (Kit.StudentFile file : KIT.studentFiles()) {
      if (Files.exists(overlay.resolve(file.path()))) {
        steps.addAll(file.steps());
      }
    }
    return steps;
  }

  /** A submission made of the reference solution with {@code overlay}'s files on top. */
  public static Path solutionWith(String name, Path overlay) {
    Path dir = WORK.resolve(name).resolve("submission");
    Folders.clean(dir);
    copyTree(KIT.root().resolve("solutions"), dir);
    if (overlay != null) {
      copyTree(overlay, dir);
    }
    return dir;
  }

  /**
   * Copies a hostile fixture's sources with the real places it may aim at written in (a hostile
   * student knows from the guide where the grader keeps things): {@code @@KIT@@}, the class's
   * {@code @@SUBMISSIONS@@} and {@code @@OUT@@} folders, and {@code @@CLASSMATE@@}, the folder of
   * the submission named good.
   */
  public static void copyFixture(Path from, Path to, Path submissions, Path out) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.writeString(target, Files.readString(p)
            .replace("@@KIT@@", KIT.root().toString())
            .replace("@@SUBMISSIONS@@", submissions.toAbsolutePath().toString())
            .replace("@@CLASSMATE@@", submissions.resolve("good").toAbsolutePath().toString())
            .replace("@@OUT@@", out.toAbsolutePath().toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kit's starter files, as a submission in {@code dir}. */
  public static Path starterAt(Path dir) {
    for (Kit.StudentFile f : KIT.studentFiles()) {
      Path target = dir.resolve(f.path());
      try {
        Files.createDirectories(target.getParent());
        Files.copy(KIT.root().resolve(f.path()), target, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  public static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
