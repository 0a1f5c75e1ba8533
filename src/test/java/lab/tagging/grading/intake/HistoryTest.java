package lab.tagging.grading.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import lab.tagging.grading.Clones;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a clone's history at a deadline with JGit, on real repositories whose dates the test sets. */
@Tag("kit")
@DisplayName("Intake · a clone's history at a deadline")
class HistoryTest {

  static final OffsetDateTime DEADLINE = OffsetDateTime.parse("2026-12-18T23:59:00+01:00");

  @TempDir
  Path dir;

  @Test
  @DisplayName("the commit graded is the last at or before the deadline; the later ones are counted and the latest named")
  void lastCommitAtOrBeforeTheDeadline() throws Exception {
    Git git = Clones.init(dir.resolve("clone"));
    Clones.commit(git, at("2026-12-10T10:00:00+01:00"), "start", write("A.java", "1"));
    RevCommit onTime = Clones.commit(git, at("2026-12-18T23:59:00+01:00"), "just in time", write("A.java", "2"));
    Clones.commit(git, at("2026-12-19T08:00:00+01:00"), "late", write("A.java", "3"));
    RevCommit latest = Clones.commit(git, at("2026-12-20T12:00:00+01:00"), "later", write("A.java", "4"));

    History.Pick pick = History.pick(dir.resolve("clone"), DEADLINE);

    assertThat(pick.onTime().id()).as("a commit exactly at the deadline is on time").isEqualTo(onTime.name());
    assertThat(pick.onTime().date()).as("the committer date, in the committer's offset")
        .isEqualTo("2026-12-18T23:59:00+01:00");
    assertThat(pick.later()).as("commits after the one graded").isEqualTo(2);
    assertThat(pick.latest().id()).as("the latest commit").isEqualTo(latest.name());
    assertThat(pick.latest().shortHash()).as("short hashes, as git log --oneline shows them")
        .isEqualTo(latest.name().substring(0, 7));
    assertThat(pick.warnings()).as("a history in order").isEmpty();
  }

  @Test
  @DisplayName("dates are compared as instants: 23:30 in UTC is after 23:59 at UTC+1")
  void datesAreInstants() throws Exception {
    Git git = Clones.init(dir.resolve("clone"));
    RevCommit onTime = Clones.commit(git, at("2026-12-18T22:00:00Z"), "23:00 at UTC+1", write("A.java", "1"));
    Clones.commit(git, at("2026-12-18T23:30:00Z"), "00:30 at UTC+1", write("A.java", "2"));

    History.Pick pick = History.pick(dir.resolve("clone"), DEADLINE);

    assertThat(pick.onTime().id()).as("the commit graded").isEqualTo(onTime.name());
    assertThat(pick.onTime().date()).as("the date as the committer's machine wrote it").isEqualTo("2026-12-18T22:00:00Z");
    assertThat(pick.later()).as("later commits").isEqualTo(1);
  }

  @Test
  @DisplayName("a clone whose commits all come after the deadline has none to grade, and all of them are later")
  void noCommitBeforeTheDeadline() throws Exception {
    Git git = Clones.init(dir.resolve("clone"));
    Clones.commit(git, at("2026-12-19T09:00:00+01:00"), "late", write("A.java", "1"));
    RevCommit latest = Clones.commit(git, at("2026-12-19T10:00:00+01:00"), "later", write("A.java", "2"));

    History.Pick pick = History.pick(dir.resolve("clone"), DEADLINE);

    assertThat(pick.onTime()).as("the commit to grade").isNull();
    assertThat(pick.later()).as("later commits").isEqualTo(2);
    assertThat(pick.latest().id()).as("the latest commit").isEqualTo(latest.name());
  }

  @Test
  @DisplayName("an empty repository has no commit to grade and no latest one")
  void emptyRepository() throws Exception {
    Clones.init(dir.resolve("clone"));

    History.Pick pick = History.pick(dir.resolve("clone"), DEADLINE);

    assertThat(pick.onTime()).as("the commit to grade").isNull();
    assertThat(pick.latest()).as("the latest commit").isNull();
  }

  @Test
  @DisplayName("a back-dated commit on top of a late one is graded, and the history is flagged with both dates")
  void backwardsDatesAreFlagged() throws Exception {
    Git git = Clones.init(dir.resolve("clone"));
    RevCommit late = Clones.commit(git, at("2026-12-20T10:00:00+01:00"), "late", write("A.java", "1"));
    RevCommit backDated = Clones.commit(git, at("2026-12-17T10:00:00+01:00"), "back-dated", write("A.java", "2"));

    History.Pick pick = History.pick(dir.resolve("clone"), DEADLINE);

    assertThat(pick.onTime().id()).as("the newest commit on the line dated before the deadline")
        .isEqualTo(backDated.name());
    assertThat(pick.warnings()).as("what a person should look at").singleElement().asString()
        .startsWith("commit dates run backwards: ")
        .contains(backDated.name().substring(0, 7) + " (2026-12-17T10:00:00+01:00) is dated before its parent "
            + late.name().substring(0, 7) + " (2026-12-20T10:00:00+01:00)")
        .contains("set on the student's machine");
  }

  @Test
  @DisplayName("the files of the commit graded are written out, not the work tree's, and the clone stays as it was")
  void checkoutLeavesTheCloneAlone() throws Exception {
    Path clone = dir.resolve("clone");
    Git git = Clones.init(clone);
    RevCommit onTime = Clones.commit(git, at("2026-12-10T10:00:00+01:00"), "on time",
        write("src/main/java/A.java", "on time"));
    Clones.commit(git, at("2026-12-19T10:00:00+01:00"), "late", write("src/main/java/A.java", "late"));
    write("src/main/java/A.java", "not committed").accept(clone);
    write("notes.txt", "untracked").accept(clone);
    Map<String, String> before = Clones.snapshot(clone);

    History.Checkout checkout = History.checkout(clone, onTime.name(), dir.resolve("out"));

    assertThat(Files.readString(dir.resolve("out/src/main/java/A.java"))).as("the file as committed on time")
        .isEqualTo("on time");
    assertThat(dir.resolve("out/notes.txt")).as("a file never committed").doesNotExist();
    assertThat(dir.resolve("out/.git")).as("the history itself").doesNotExist();
    assertThat(checkout.leftOut()).as("what was left out").isEmpty();
    assertThat(Clones.snapshot(clone)).as("every file of the clone, .git included, after grading")
        .isEqualTo(before);
  }

  @Test
  @DisplayName("a commit's links and submodules are left out and named, never written")
  void linksAndSubmodulesAreLeftOut() throws Exception {
    Path clone = dir.resolve("clone");
    Git git = Clones.init(clone);
    ObjectId commit = commitTree(git.getRepository(), (ins, root) -> {
      ObjectId source = ins.insert(Constants.OBJ_BLOB, "class A {}".getBytes(StandardCharsets.UTF_8));
      TreeFormatter src = new TreeFormatter();
      src.append("A.java", FileMode.REGULAR_FILE, source);
      root.append("link", FileMode.SYMLINK, ins.insert(Constants.OBJ_BLOB, "/etc/passwd".getBytes(StandardCharsets.UTF_8)));
      root.append("src", FileMode.TREE, insert(ins, src));
      root.append("sub", FileMode.GITLINK, source);
    });

    History.Checkout checkout = History.checkout(clone, commit.name(), dir.resolve("out"));

    assertThat(checkout.leftOut()).as("what was not written").containsExactly("link (a symbolic link)",
        "sub (a submodule)");
    assertThat(dir.resolve("out/src/A.java")).as("a regular file").hasContent("class A {}");
    try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
      assertThat(files.map(p -> dir.resolve("out").relativize(p).toString())).as("what the checkout wrote")
          .containsExactlyInAnyOrder("", "src", "src/A.java");
    }
  }

  @Test
  @DisplayName("a commit with a path out of its folder is refused, and nothing is written outside")
  void pathsOutOfTheFolderAreRefused() throws Exception {
    Path clone = dir.resolve("clone");
    Git git = Clones.init(clone);
    ObjectId commit = commitTree(git.getRepository(), (ins, root) -> {
      TreeFormatter up = new TreeFormatter();
      up.append("escaped.txt", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, new byte[] {'x'}));
      root.append("..", FileMode.TREE, insert(ins, up));
    });

    History.Refused refused = catchThrowableOfType(History.Refused.class,
        () -> History.checkout(clone, commit.name(), dir.resolve("out/inner")));

    assertThat(refused).as("the refusal").isNotNull();
    assertThat(refused.getMessage()).as("why, in one line").isEqualTo(
        "its commit has a path that points outside its folder: ..").doesNotContain("\n");
    assertThat(dir.resolve("out/escaped.txt")).as("a file the commit aimed outside its folder").doesNotExist();
  }

  @Test
  @DisplayName("a clone that borrows objects from another repository is refused in one line")
  void borrowedObjectsAreRefused() throws Exception {
    Path clone = dir.resolve("clone");
    Git git = Clones.init(clone);
    Clones.commit(git, at("2026-12-10T10:00:00+01:00"), "start", write("A.java", "1"));
    Files.writeString(clone.resolve(".git/objects/info/alternates"), dir.resolve("other/.git/objects") + "\n");

    History.Refused refused = catchThrowableOfType(History.Refused.class, () -> History.pick(clone, DEADLINE));

    assertThat(refused.getMessage()).as("why").isEqualTo(
        "its history borrows from another repository (.git/objects/info/alternates): grade a full clone");
  }

  @Test
  @DisplayName("a .git that is a file pointing to a repository elsewhere is refused in one line")
  void gitFileIsRefused() throws Exception {
    Path clone = dir.resolve("clone");
    Files.createDirectories(clone);
    Files.writeString(clone.resolve(".git"), "gitdir: /somewhere/else/.git\n");

    History.Refused refused = catchThrowableOfType(History.Refused.class, () -> History.pick(clone, DEADLINE));

    assertThat(History.isClone(clone)).as("a folder with a .git of its own is a clone").isTrue();
    assertThat(refused.getMessage()).as("why").startsWith("its .git is a file that points to a repository elsewhere");
  }

  @Test
  @DisplayName("a history with an object missing is unreadable: one line, nothing picked")
  void missingObjectIsUnreadable() throws Exception {
    Path clone = dir.resolve("clone");
    Git git = Clones.init(clone);
    RevCommit first = Clones.commit(git, at("2026-12-10T10:00:00+01:00"), "start", write("A.java", "1"));
    Clones.commit(git, at("2026-12-19T10:00:00+01:00"), "late", write("A.java", "2"));
    String name = first.name();
    Files.delete(clone.resolve(".git/objects").resolve(name.substring(0, 2)).resolve(name.substring(2)));

    History.Refused refused = catchThrowableOfType(History.Refused.class, () -> History.pick(clone, DEADLINE));

    assertThat(refused.getMessage()).as("why").startsWith("its history could not be read (")
        .contains(name).doesNotContain("\n");
  }

  @Test
  @DisplayName("a folder without a .git and a zip are not clones: they have no history to read")
  void onlyFoldersWithGitAreClones() throws Exception {
    Files.createDirectories(dir.resolve("folder"));
    Files.writeString(dir.resolve("work.zip"), "PK");

    assertThat(History.isClone(dir.resolve("folder"))).as("a folder without .git").isFalse();
    assertThat(History.isClone(dir.resolve("work.zip"))).as("a zip").isFalse();
  }

  private static OffsetDateTime at(String when) {
    return OffsetDateTime.parse(when);
  }

  private static Consumer<Path> write(String file, String text) {
    return root -> {
      try {
        Path target = root.resolve(file);
        Files.createDirectories(target.getParent());
        Files.writeString(target, text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private interface TreeMaker {
    void fill(ObjectInserter inserter, TreeFormatter root) throws IOException;
  }

  private static ObjectId insert(ObjectInserter inserter, TreeFormatter tree) throws IOException {
    return inserter.insert(tree);
  }

  // A commit whose tree the test writes entry by entry, as no work tree could hold it, made HEAD.
  private static ObjectId commitTree(Repository repo, TreeMaker maker) throws IOException {
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      TreeFormatter root = new TreeFormatter();
      maker.fill(inserter, root);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(root));
      PersonIdent student = new PersonIdent(new PersonIdent("A Student", "student@example.com"),
          at("2026-12-10T10:00:00+01:00").toInstant(), at("2026-12-10T10:00:00+01:00").getOffset());
      commit.setAuthor(student);
      commit.setCommitter(student);
      commit.setMessage("made by hand");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repo.updateRef(Constants.R_HEADS + "main");
      update.setNewObjectId(id);
      update.forceUpdate();
      return id;
    }
  }
}
