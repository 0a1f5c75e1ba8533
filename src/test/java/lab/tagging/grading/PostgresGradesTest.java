package lab.tagging.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import lab.tagging.grading.report.Reports;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The starter and the solution graded on PostgreSQL, hidden tests included, the way a student's
 * {@code mvn -q -Pgrade -Ddb=postgresql} grades: in a test JVM that starts its own server. Needs
 * the server's binaries, which Maven adds under {@code -Ddb=postgresql} (as CI runs the kit).
 */
@Tag("kit")
@DisplayName("Kit · the starter and the solution on PostgreSQL")
class PostgresGradesTest {

  private static final List<String> ON_POSTGRESQL = List.of("-Dtagging.db=postgresql");

  @Test
  @Timeout(300)
  @DisplayName("the reference solution scores 100 on PostgreSQL, hidden tests included")
  void solutionScoresFull() throws IOException {
    requirePostgres();
    Path work = Gradings.WORK.resolve("postgresql-solution");
    Grade grade = grade(Gradings.solutionWith("postgresql-solution-files", null), work);

    assertThat(grade.tests()).allSatisfy(t -> assertThat(t.passed())
        .as(t.fullName() + " fails on the solution on PostgreSQL: " + t.message()).isTrue());
    assertThat(grade.tests()).anySatisfy(t -> assertThat(t.hidden()).isTrue());
    assertThat(grade.score()).isEqualTo(100);
    assertThat(serverUnpackedIn(work)).as("the test JVM should have started its own PostgreSQL server").isTrue();
  }

  @Test
  @Timeout(300)
  @DisplayName("the starter scores exactly 0 on PostgreSQL: every graded test fails")
  void starterScoresZero() throws IOException {
    requirePostgres();
    Path work = Gradings.WORK.resolve("postgresql-starter");
    Grade grade = grade(Gradings.KIT.root(), work);

    assertThat(grade.status()).isEqualTo(Grade.Status.GRADED);
    assertThat(grade.tests()).isNotEmpty()
        .allSatisfy(t -> assertThat(t.passed()).as(t.fullName() + " passes on the starter").isFalse());
    assertThat(grade.score()).isZero();
    assertThat(serverUnpackedIn(work)).as("the test JVM should have started its own PostgreSQL server").isTrue();
  }

  private static Grade grade(Path submission, Path out) {
    Grade grade = new Grader(Gradings.KIT).grade(submission, out.resolve("work"),
        new Grader.Options(Gradings.KIT.hasHiddenTests(), null, Gradings.limits(), ON_POSTGRESQL, List.of()));
    Reports.write(grade, out, out.getFileName().toString());
    return grade;
  }

  // The server's binaries are unpacked under the test JVM's temporary folder when it starts.
  private static boolean serverUnpackedIn(Path out) throws IOException {
    Path unpacked = out.resolve("work/scratch/embedded-pg");
    if (!Files.isDirectory(unpacked)) {
      return false;
    }
    try (Stream<Path> servers = Files.list(unpacked)) {
      return servers.anyMatch(dir -> Files.isRegularFile(dir.resolve("bin/postgres")));
    }
  }

  // Only a run with -Ddb=postgresql has the server's binaries on its class path.
  private static void requirePostgres() {
    assumeTrue("postgresql".equals(System.getProperty("tagging.db")),
        "these checks need PostgreSQL's binaries: run the kit's tests with -Ddb=postgresql, as CI does");
  }
}
