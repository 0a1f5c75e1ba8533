package lab.tagging.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Real git clones for the kit's checks, made with JGit: commits with the dates a test chooses. */
public final class Clones {

  private Clones() {}

  /** A new repository in {@code dir} on branch main, with no commit yet. */
  public static Git init(Path dir) {
    try {
      Files.createDirectories(dir);
      return Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Commits the work tree as {@code change} leaves it (new, changed and deleted files), authored
   * and committed at {@code when}, as a student's machine would date it.
   */
  public static RevCommit commit(Git git, OffsetDateTime when, String message, Consumer<Path> change) {
    change.accept(git.getRepository().getWorkTree().toPath());
    PersonIdent student = new PersonIdent(new PersonIdent("A Student", "student@example.com"), when.toInstant(),
        when.getOffset());
    try {
      git.add().addFilepattern(".").call();
      git.add().setUpdate(true).addFilepattern(".").call();
      return git.commit().setMessage(message).setAuthor(student).setCommitter(student).setSign(false)
          .setAllowEmpty(true).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The work tree's files replaced by the kit's starter files. */
  public static Consumer<Path> starter() {
    return dir -> Gradings.starterAt(dir);
  }

  /** The work tree's files replaced by the reference solution's files. */
  public static Consumer<Path> solution() {
    return dir -> Gradings.copyTree(Gradings.KIT.root().resolve("solutions"), dir);
  }

  /** A digest of every file and link under {@code root}, .git included: what "unchanged" means. */
  public static Map<String, String> snapshot(Path root) {
    Map<String, String> digests = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String key = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          digests.put(key, "link to " + Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          digests.put(key, HexFormat.of().formatHex(Digests.sha256().digest(Files.readAllBytes(p)))
              + " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
        } else {
          digests.put(key, "folder");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return digests;
  }
}
