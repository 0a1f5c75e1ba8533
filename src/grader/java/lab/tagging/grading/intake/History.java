package lab.tagging.grading.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A clone's history, read with JGit and never changed: which commit was the last at or before a
 * deadline, what came after it, and that commit's files written out for intake.
 *
 * <p>Commit dates come from the student's machine, so they are reported, never trusted: the
 * commit graded is the newest one on the clone's first-parent line (from {@code HEAD}) whose
 * committer date is at or before the deadline, and a history whose dates run backwards (a commit
 * dated before its parent, the trace of a back-dated commit) is pointed out for a person to judge.
 */
public final class History {

  /** A commit: its id, short hash and committer date (with the committer's own offset). */
  public record Version(String id, String shortHash, OffsetDateTime committed) {

    public String date() {
      return committed.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
  }

  /**
   * What the history says at a deadline: the commit to grade ({@code null} when none is at or
   * before it), the latest commit ({@code null} in an empty repository), how many commits the
   * latest has that the graded one has not, and what a person should look at.
   */
  public record Pick(Version onTime, Version latest, int later, List<String> warnings) {}

  /** Why a clone's history cannot be used; the message is one line for the instructor. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** What a checkout left out: paths that are links, submodules or too large, never written. */
  public record Checkout(List<String> leftOut) {}

  // A clone for this lab has tens of commits; these bound what a hostile one can make us read.
  static final int MAX_COMMITS = 100_000;
  static final int MAX_GIT_FILES = 200_000;

  private History() {}

  /** Whether {@code entry} is a folder with a {@code .git} of its own (a directory, a file or a link). */
  public static boolean isClone(Path entry) {
    return Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
        && Files.exists(entry.resolve(".git"), LinkOption.NOFOLLOW_LINKS);
  }

  /** The commit to grade at {@code deadline}, the latest commit, and what is odd about the history. */
  public static Pick pick(Path clone, OffsetDateTime deadline) throws Refused {
    Path git = gitDir(clone);
    try (Repository repo = open(git); RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve(Constants.HEAD);
      if (head == null) {
        return new Pick(null, null, 0, List.of());
      }
      RevCommit latest = walk.parseCommit(head);
      RevCommit onTime = latest;
      int steps = 0;
      while (onTime != null && after(onTime, deadline)) {
        if (++steps > MAX_COMMITS) {
          throw new Refused("its history has more than " + MAX_COMMITS + " commits");
        }
        onTime = onTime.getParentCount() == 0 ? null : walk.parseCommit(onTime.getParent(0));
      }
      List<String> warnings = new ArrayList<>();
      backwards(repo, latest).ifPresent(warnings::add);
      if (Files.exists(git.resolve("shallow"))) {
        warnings.add("a shallow clone: older commits are not in it, so the commit at the deadline may be missing");
      }
      return new Pick(onTime == null ? null : version(repo, onTime), version(repo, latest),
          later(repo, latest, onTime), List.copyOf(warnings));
    } catch (IOException | RevisionSyntaxException | IllegalStateException e) {
      throw unreadable(e);
    }
  }

  /**
   * Writes the files of commit {@code id} into {@code target} (a new, empty folder), with the
   * limits intake puts on a zip: no path may leave the folder, no link or submodule is made, a file
   * over {@value Unpack#MAX_FILE_BYTES} bytes is left out, and too many files or bytes refuse the
   * commit. Folders intake never reads ({@code target}, {@code node_modules}) are left out too.
   */
  public static Checkout checkout(Path clone, String id, Path target) throws Refused, IOException {
    Path git = gitDir(clone);
    Files.createDirectories(target);
    Path root = target.toAbsolutePath().normalize();
    List<String> leftOut = new ArrayList<>();
    try (Repository repo = open(git); RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(id));
      tree.addTree(commit.getTree());
      tree.setRecursive(false);
      long total = 0;
      int files = 0;
      while (tree.next()) {
        String path = tree.getPathString();
        Path out = safe(root, path);
        if (tree.isSubtree()) {
          if (!Submission.NEVER_READ.contains(tree.getNameString())) {
            tree.enterSubtree();
          }
          continue;
        }
        FileMode mode = tree.getFileMode(0);
        if (mode == FileMode.SYMLINK) {
          leftOut.add(path + " (a symbolic link)");
          continue;
        }
        if (mode == FileMode.GITLINK) {
          leftOut.add(path + " (a submodule)");
          continue;
        }
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
          leftOut.add(path + " (an entry of unknown kind)");
          continue;
        }
        if (++files > Unpack.MAX_ENTRIES) {
          throw new Refused("commit " + shortHash(commit) + " holds more than " + Unpack.MAX_ENTRIES + " files");
        }
        ObjectLoader blob = repo.open(tree.getObjectId(0), Constants.OBJ_BLOB);
        if (blob.getSize() > Unpack.MAX_FILE_BYTES) {
          leftOut.add(path + " (larger than " + Unpack.MAX_FILE_BYTES / (1024 * 1024) + " MiB)");
          continue;
        }
        total += blob.getSize();
        if (total > Unpack.MAX_TOTAL_BYTES) {
          throw new Refused("commit " + shortHash(commit) + " holds more than "
              + Unpack.MAX_TOTAL_BYTES / (1024 * 1024) + " MiB of files");
        }
        Files.createDirectories(out.getParent());
        try (OutputStream sink = Files.newOutputStream(out)) {
          blob.copyTo(sink);
        }
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw unreadable(e);
    }
    return new Checkout(List.copyOf(leftOut));
  }

  // The clone's .git folder, refused when it could make JGit read outside the clone: a link, a
  // pointer file (worktrees, submodules), borrowed objects, or any link inside it.
  private static Path gitDir(Path clone) throws Refused {
    Path git = clone.resolve(".git");
    if (Files.isSymbolicLink(git)) {
      throw new Refused("its .git is a symbolic link, and the grader never follows links");
    }
    if (!Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused("its .git is a file that points to a repository elsewhere (a worktree or a submodule): "
          + "grade a full clone");
    }
    for (String borrowing : List.of("objects/info/alternates", "objects/info/http-alternates", "commondir")) {
      if (Files.exists(git.resolve(borrowing), LinkOption.NOFOLLOW_LINKS)) {
        throw new Refused("its history borrows from another repository (.git/" + borrowing + "): grade a full clone");
      }
    }
    String link = firstLink(git);
    if (link != null) {
      throw new Refused(link);
    }
    return git;
  }

  private static String firstLink(Path git) throws Refused {
    String[] found = new String[1];
    int[] seen = new int[1];
    try {
      Files.walkFileTree(git, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isSymbolicLink() || !(attrs.isRegularFile() || attrs.isDirectory())) {
            found[0] = ".git/" + git.relativize(file).toString().replace('\\', '/')
                + (attrs.isSymbolicLink() ? " is a symbolic link" : " is not a file") + ", which the grader never reads";
            return FileVisitResult.TERMINATE;
          }
          return ++seen[0] > MAX_GIT_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw unreadable(e);
    }
    if (found[0] == null && seen[0] > MAX_GIT_FILES) {
      throw new Refused("its .git holds more than " + MAX_GIT_FILES + " files");
    }
    return found[0];
  }

  // Only the clone's own .git: no environment variables, no search upwards for another repository.
  private static Repository open(Path git) throws IOException {
    return new FileRepositoryBuilder().setGitDir(git.toFile()).setMustExist(true).build();
  }

  private static boolean after(RevCommit commit, OffsetDateTime deadline) {
    return commit.getCommitterIdent().getWhenAsInstant().isAfter(deadline.toInstant());
  }

  // How many commits the latest has that the graded one has not (all of them when none is graded).
  private static int later(Repository repo, RevCommit latest, RevCommit onTime) throws IOException, Refused {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(latest));
      if (onTime != null) {
        walk.markUninteresting(walk.parseCommit(onTime));
      }
      int count = 0;
      while (walk.next() != null) {
        if (++count > MAX_COMMITS) {
          throw new Refused("its history has more than " + MAX_COMMITS + " commits");
        }
      }
      return count;
    }
  }

  // The first commit dated before one of its parents, and how many such commits there are.
  private static java.util.Optional<String> backwards(Repository repo, RevCommit latest) throws IOException, Refused {
    try (RevWalk walk = new RevWalk(repo)) {
      walk.markStart(walk.parseCommit(latest));
      String first = null;
      int count = 0;
      int seen = 0;
      for (RevCommit c; (c = walk.next()) != null; ) {
        if (++seen > MAX_COMMITS) {
          throw new Refused("its history has more than " + MAX_COMMITS + " commits");
        }
        for (RevCommit parent : c.getParents()) {
          walk.parseHeaders(parent);
          if (c.getCommitterIdent().getWhenAsInstant().isBefore(parent.getCommitterIdent().getWhenAsInstant())) {
            count++;
            if (first == null) {
              first = shortHash(c) + " (" + version(repo, c).date() + ") is dated before its parent "
                  + shortHash(parent) + " (" + version(repo, parent).date() + ")";
            }
            break;
          }
        }
      }
      return first == null ? java.util.Optional.empty() : java.util.Optional.of("commit dates run backwards: " + first
          + (count > 1 ? " and " + (count - 1) + " more commit(s) are too" : "")
          + "; commit dates are set on the student's machine");
    }
  }

  private static Version version(Repository repo, RevCommit commit) {
    PersonIdent committer = commit.getCommitterIdent();
    OffsetDateTime when = OffsetDateTime.ofInstant(committer.getWhenAsInstant(), committer.getZoneId());
    return new Version(commit.name(), shortHash(commit), when);
  }

  private static String shortHash(ObjectId id) {
    return id.abbreviate(7).name();
  }

  // A path of the commit's tree as a file under root: each part a plain name, never '..' or '.git'.
  private static Path safe(Path root, String path) throws Refused {
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.toLowerCase(Locale.ROOT).equals(".git")
          || part.indexOf('\0') >= 0) {
        throw new Refused("its commit has a path that points outside its folder: " + Unpack.printable(path));
      }
    }
    Path out = root.resolve(path).normalize();
    if (!out.startsWith(root) || out.equals(root)) {
      throw new Refused("its commit has a path that points outside its folder: " + Unpack.printable(path));
    }
    return out;
  }

  private static Refused unreadable(Exception e) {
    String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    return new Refused("its history could not be read (" + e.getClass().getSimpleName() + ": "
        + (message.length() > 200 ? message.substring(0, 200) + "…" : message) + ")");
  }
}
