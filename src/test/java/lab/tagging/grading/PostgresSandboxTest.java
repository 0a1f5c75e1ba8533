package lab.tagging.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.tagging.grading.report.Reports;
import lab.tagging.grading.trusted.DatabaseHost;
import lab.tagging.grading.trusted.Harness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An instructor's grading on PostgreSQL ({@code ./grade --db postgresql}): the app sandboxed as
 * on H2, its database on a server of the grader's, signing in as a user without a superuser's
 * rights. Needs the server's binaries, which Maven adds under {@code -Ddb=postgresql}, as CI runs.
 */
@Tag("kit")
@DisplayName("Kit · instructor grading on PostgreSQL")
class PostgresSandboxTest {

  private static final Path ROOT = Gradings.WORK.resolve("postgresql-sandbox");
  private static Harness harness;

  @BeforeAll
  static void start() {
    assumeTrue("postgresql".equals(System.getProperty("tagging.db")),
        "these checks need PostgreSQL's binaries: run the kit's tests with -Ddb=postgresql, as CI does");
    Folders.clean(ROOT);
    // A low cap on a database's size, to prove the cap without writing 256 MB.
    System.setProperty("grading.postgresql.max-mb", "24");
    harness = new Harness(Gradings.KIT, Gradings.SANDBOX, Grader.jarsOnClassPath(), Grader.runnerJar(), 1,
        DatabaseHost.Kind.POSTGRESQL);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    System.clearProperty("grading.postgresql.max-mb");
  }

  @Test
  @Timeout(300)
  @DisplayName("the reference solution scores 100 through the sandbox on PostgreSQL, hidden tests included")
  void solutionScoresFull() {
    Grade grade = grade("solution", Gradings.solutionWith("postgresql-sandbox-solution", null));

    assertThat(grade.tests()).allSatisfy(t -> assertThat(t.passed())
        .as(t.fullName() + " fails on the solution on PostgreSQL: " + t.message()).isTrue());
    assertThat(grade.tests()).anySatisfy(t -> assertThat(t.hidden()).isTrue());
    assertThat(grade.score()).isEqualTo(100);
  }

  @Test
  @Timeout(300)
  @DisplayName("an app that tries a superuser's powers on PostgreSQL is refused each, gains nothing and is cut off when it fills its database")
  void hostileAppIsRefused() throws IOException {
    Path submission = Gradings.starterAt(ROOT.resolve("submissions/hostile-postgres"));
    Gradings.copyFixture(Path.of("src/test/fixtures/postgresql/hostile-postgres/src"), submission.resolve("src"),
        ROOT.resolve("submissions"), ROOT.resolve("grades"));

    Grade grade = grade("hostile-postgres", submission);
    String results = Files.readString(ROOT.resolve("hostile-postgres/results.json"));

    assertThat(grade.score()).as("an attack on the starter earns nothing").isZero();
    assertThat(results)
        .as("what the app was allowed, in its own words: nothing a superuser may do")
        .contains("refused: COPY (SELECT 1) TO PROGRAM", "refused: SELECT pg_read_file",
            "refused: CREATE EXTENSION dblink", "refused: ALTER ROLE CURRENT_USER SUPERUSER",
            "refused: CREATE DATABASE stolen", "refused: SELECT stats.pg_stat_statements_reset()",
            "refused: DROP SCHEMA stats CASCADE", "refused: connect to postgres as app_",
            "refused: connect to template1 as app_", "refused: connect to postgres as postgres")
        .doesNotContain("allowed:");
    assertThat(results).as("the size cap cut the app off").contains("cut off while filling the database");
    assertThat(Path.of("/tmp/tagging-lab-pg-program-ran")).as("a program run by the server for the app").doesNotExist();
    assertThat(Path.of("/tmp/tagging-lab-pg-trigger-ran"))
        .as("a program run by the app's trigger with the graded tests' rights").doesNotExist();
  }

  private static Grade grade(String name, Path submission) {
    Path out = ROOT.resolve(name);
    Grade grade = new Grader(Gradings.KIT, harness).grade(submission, out.resolve("work"),
        new Grader.Options(Gradings.KIT.hasHiddenTests(), null, Gradings.limits()));
    Reports.write(grade, out, name);
    return grade;
  }
}
