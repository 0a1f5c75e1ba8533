package lab.tagging.grading.intake;

import lab.tagging.grading.Kit;
import lab.tagging.grading.compile.Compilation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a student's files in whatever shape a submission arrives: a clone of the repository, a
 * folder one level down (as a zip often has), or the files uploaded loose (as on Gradescope).
 */
public final class Submission {

  /** Where each student file was found, and what stopped the search for the others. */
  public record Found(Map<String, Path> files, List<Compilation.Problem> problems) {

    /** Whether every problem is a student file the submission lacks (none is there but broken). */
    public boolean onlyMissing() {
      return !problems.isEmpty() && problems.stream().allMatch(p -> p.message().startsWith(MISSING));
    }
  }

  public static final String MISSING = "missing: ";

  /** Folders whose files are never taken for a student file: the history, build output, packages. */
  static final java.util.Set<String> NEVER_READ = java.util.Set.of(".git", "target", "node_modules");

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final int MAX_FILES_SCANNED = 20_000;
  private static final long MAX_SOURCE_BYTES = 512 * 1024;

  private Submission() {}

  /**
   * The student files in {@code dir}. A file is taken only if it is a regular file whose real path
   * lies inside the submission and no folder on its way is a symbolic link: links are never
   * followed, so a link to a classmate's work or to the kit counts as no file at all.
   */
  public static Found find(Kit kit, Path dir) {
    Path root;
    try {
      root = dir.toRealPath();
    } catch (IOException e) {
      return new Found(Map.of(), List.of(new Compilation.Problem("(submission)", 0, "cannot be read: " + e.getMessage())));
    }
    List<Path> javaFiles = javaFilesUnder(root);
    Map<String, Path> files = new LinkedHashMap<>();
    List<Compilation.Problem> problems = new ArrayList<>();
    for (Kit.StudentFile file : kit.studentFiles()) {
      Path exact = root.resolve(file.path());
      String link = linkOnTheWay(root, exact);
      Path found = link == null && Files.isRegularFile(exact, LinkOption.NOFOLLOW_LINKS) ? exact
          : byName(javaFiles, file.path());
      if (found != null && (linkOnTheWay(root, found) != null || !inside(root, found))) {
        found = null;
      }
      if (found == null) {
        problems.add(new Compilation.Problem(file.path(), 0, link != null
            ? MISSING + link + " is a symbolic link, and the grader never follows links, so the submission "
                + "has no " + fileName(file.path())
            : MISSING + "the submission has no " + fileName(file.path())));
        continue;
      }
      String problem = check(found, file.path());
      if (problem != null) {
        problems.add(new Compilation.Problem(file.path(), 0, problem));
      } else {
        files.put(file.path(), found);
      }
    }
    return new Found(files, problems);
  }

  // The one file with the same name, preferring one in the expected package folder.
  private static Path byName(List<Path> javaFiles, String path) {
    String name = fileName(path);
    String packagePath = path.substring(path.indexOf("lab/"));
    List<Path> sameName = javaFiles.stream().filter(p -> p.getFileName().toString().equals(name)).toList();
    List<Path> samePackage = sameName.stream()
        .filter(p -> p.toString().replace('\\', '/').endsWith(packagePath)).toList();
    if (samePackage.size() == 1) {
      return samePackage.get(0);
    }
    return sameName.size() == 1 ? sameName.get(0) : null;
  }

  private static String check(Path file, String expectedPath) {
    try {
      if (Files.size(file) > MAX_SOURCE_BYTES) {
        return "the file is larger than " + MAX_SOURCE_BYTES / 1024 + " KiB; a source file of this lab is a few KiB";
      }
      String source = Files.readString(file, StandardCharsets.UTF_8);
      String expected = expectedPath.substring(expectedPath.indexOf("lab/"), expectedPath.lastIndexOf('/'))
          .replace('/', '.');
      Matcher m = PACKAGE.matcher(source);
      String declared = m.find() ? m.group(1) : "(none)";
      if (!declared.equals(expected)) {
        return "declares package " + declared + " but must be in package " + expected;
      }
      return null;
    } catch (IOException | UncheckedIOException e) {
      return "cannot be read as UTF-8 text";
    }
  }

  // The first part of file's path below root that is a symbolic link (as a path relative to root), or null.
  private static String linkOnTheWay(Path root, Path file) {
    Path relative = root.relativize(file);
    Path at = root;
    for (Path part : relative) {
      at = at.resolve(part);
      if (Files.isSymbolicLink(at)) {
        return "'" + root.relativize(at).toString().replace('\\', '/') + "'";
      }
      if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
    }
    return null;
  }

  private static boolean inside(Path root, Path file) {
    try {
      return file.toRealPath().startsWith(root);
    } catch (IOException e) {
      return false;
    }
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  // Every .java file under dir; links are never followed, and a huge tree is cut short.
  static List<Path> javaFilesUnder(Path dir) {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return found;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        int seen;

        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          String name = d.getFileName() == null ? "" : d.getFileName().toString();
          return NEVER_READ.contains(name) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (++seen > MAX_FILES_SCANNED) {
            return FileVisitResult.TERMINATE;
          }
          if (attrs.isRegularFile() && f.getFileName().toString().endsWith(".java")) {
            found.add(f);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    found.sort(null);
    return found;
  }
}
