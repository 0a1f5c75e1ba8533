package lab.tagging.grading.intake;

import lab.tagging.grading.Kit;
import lab.tagging.grading.export.Export;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a submission changed outside the student files. None of it is graded (the kit's own
 * files are used instead) but all of it is reported; a changed test is flagged as tampering.
 */
public record Changes(List<String> tampered, List<String> changed, List<String> added, List<String> deleted,
    List<String> links) {

  private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "data", ".idea", ".vscode", "node_modules",
      "out", "build", "bin", ".gradle", ".settings", ".mvn", "grades");
  private static final int MAX_FILES = 20_000;

  public static Changes none() {
    return new Changes(List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /**
   * Compares the submission's tree with {@code baseline} (the student copy as exported, which is
   * what students start from), when the submission is a whole project.
   */
  public static Changes of(Kit kit, Path baseline, Map<String, Path> found) {
    Path root = projectRoot(found);
    if (root == null) {
      return none();
    }
    List<String> tampered = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> links = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(root) && SKIPPED_DIRS.contains(String.valueOf(dir.getFileName()))
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (seen.size() >= MAX_FILES) {
            return FileVisitResult.TERMINATE;
          }
          String rel = root.relativize(file).toString().replace('\\', '/');
          seen.add(rel);
          if (attrs.isSymbolicLink()) {
            links.add(rel);
            return FileVisitResult.CONTINUE;
          }
          if (!attrs.isRegularFile() || kit.isStudentFile(rel)) {
            return FileVisitResult.CONTINUE;
          }
          Path original = baseline.resolve(rel);
          if (!Files.isRegularFile(original, LinkOption.NOFOLLOW_LINKS)) {
            added.add(rel);
          } else if (!sameBytes(file, original)) {
            (isGradingFile(rel) ? tampered : changed).add(rel);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      return none();
    }
    List<String> deleted = new ArrayList<>();
    for (Path p : Kit.javaFiles(kit.testSources())) {
      String rel = kit.relative(p);
      if (Export.isStudentTest(kit.testSources().relativize(p)) && !seen.contains(rel)) {
        deleted.add(rel);
      }
    }
    return new Changes(tampered, changed, added, deleted, links);
  }

  /** A file whose change would change a grade if it were used: tests, the grader, the build. */
  static boolean isGradingFile(String rel) {
    return rel.startsWith("src/test/") || rel.startsWith("src/hidden/") || rel.startsWith("src/grader/")
        || rel.equals("pom.xml") || rel.equals(Kit.STUDENT_FILES) || rel.equals(Kit.STEPS);
  }

  private static Path projectRoot(Map<String, Path> found) {
    for (Map.Entry<String, Path> e : found.entrySet()) {
      String path = e.getValue().toString().replace('\\', '/');
      if (path.endsWith("/" + e.getKey())) {
        Path root = e.getValue();
        for (int i = 0; i < e.getKey().split("/").length; i++) {
          root = root.getParent();
        }
        return root;
      }
    }
    return null;
  }

  private static boolean sameBytes(Path a, Path b) {
    try {
      return Files.size(a) == Files.size(b) && Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
    } catch (IOException e) {
      return false;
    }
  }

  public boolean isEmpty() {
    return tampered.isEmpty() && changed.isEmpty() && added.isEmpty() && deleted.isEmpty() && links.isEmpty();
  }
}
