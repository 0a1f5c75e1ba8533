package lab.tagging.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What an instructor sees of ./grade's options: its help, the guide's copy of it, and its errors. */
@Tag("kit")
@DisplayName("Grader · the instructor's command line")
class GradeCommandLineTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("./grade --help lists the deadline, late policy, roster, LMS and shard options")
  void helpListsTheOptions() {
    String help = run("class", "--help").out();

    assertThat(help).as("./grade --help").contains("--deadline=DATE-TIME", "--late-policy=POLICY", "--roster=CSV",
        "--lms=LMS", "--lms-id=FIELD", "--lms-assignment=NAME", "--shard=I/N", "./grade merge");
  }

  @Test
  @DisplayName("the instructor guide shows ./grade --help and ./grade merge --help as the grader prints them")
  void guideShowsTheHelp() throws IOException {
    String guide = Files.readString(Gradings.KIT.root().resolve("docs/instructor-guide.md"));

    assertThat(guide).as("docs/instructor-guide.md").contains("```\n$ ./grade --help\n" + run("class", "--help").out()
        + "```\n");
    assertThat(guide).as("docs/instructor-guide.md").contains("```\n$ ./grade merge --help\n"
        + run("merge", "--help").out() + "```\n");
  }

  static Stream<Arguments> mistakes() {
    String usage = " (the usage: grader class --help; the commands: self, submission, class, merge, export, gradescope)";
    return Stream.of(
        Arguments.of(List.of("--deadline", "2026-12-18T23:59"), "error: Invalid value for option '--deadline': "
            + "'2026-12-18T23:59' is not a date and time with its offset from UTC, such as 2026-12-18T23:59:00+01:00 "
            + "(Z for UTC)" + usage),
        Arguments.of(List.of("--lms", "blackboard"), "error: Invalid value for option '--lms': 'blackboard' is neither "
            + "canvas nor moodle" + usage),
        Arguments.of(List.of("--shard", "9/8"), "error: Invalid value for option '--shard': '9/8' is not I/N, the I-th "
            + "of N parts with 1 <= I <= N <= 1000 (e.g. 3/8)" + usage),
        Arguments.of(List.of("--late-policy", "sometimes"), "error: Invalid value for option '--late-policy': "
            + "'sometimes' is neither none nor both" + usage),
        Arguments.of(List.of("--late-policy", "both"), "error: --late-policy both grades the latest commit beside the "
            + "one at the deadline: it needs --deadline"),
        Arguments.of(List.of("--roster", "@ROSTER@"), "error: the roster @ROSTER@, line 3: the identifier 'a' is on "
            + "line 2 too"),
        Arguments.of(List.of("--lms", "canvas", "--shard", "1/2"), "error: --lms writes the whole class's import: pass "
            + "it to ./grade merge, which joins the shards, not to a shard"),
        Arguments.of(List.of("--lms", "moodle", "--lms-id", "sis-user-id"), "error: --lms-id for moodle takes email, "
            + "username, idnumber, not 'sis-user-id'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  @DisplayName("a mistake in an option is one line of error, exit status 2, and nothing is graded or written")
  void mistakeIsOneLine(List<String> options, String expected) throws IOException {
    Path submissions = Gradings.starterAt(dir.resolve("submissions/hw1-ada"));
    Path roster = dir.resolve("classroom_roster.csv");
    Files.writeString(roster, "identifier,github_username,github_id,name\na,ann,1,\na,bob,2,\n");
    Path out = dir.resolve("grades");
    List<String> args = new ArrayList<>(List.of("class", submissions.getParent().toString(), "--out", out.toString(),
        "--kit", Gradings.KIT.root().toString()));
    options.forEach(o -> args.add(o.replace("@ROSTER@", roster.toString())));

    Run run = run(args.toArray(String[]::new));

    assertThat(run.status()).as("exit status").isEqualTo(2);
    assertThat(run.err()).as("what the instructor reads").isEqualTo(expected.replace("@ROSTER@", roster.toString())
        + "\n");
    assertThat(run.out()).as("the summary").isEmpty();
    assertThat(out).as("the output folder").doesNotExist();
  }

  record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new Run(status, out.toString(), err.toString());
  }
}
