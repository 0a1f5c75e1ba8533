package lab.tagging.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when the app's database settings are wrong: one line, no password, no stack trace. */
@Tag("kit")
@DisplayName("Kit · the app's database settings")
class DatabaseSettingsTest {

  @Test
  @DisplayName("a PostgreSQL server that is not there is one line naming the URL without its password")
  void unreachableServerIsOneLine(@TempDir Path dir) throws Exception {
    int port = freePort();
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/lab?user=teacher&password=s3cret";
    Run run = runMain(dir, Map.of("JDBC_URL", url, "PORT", "0"));

    assertThat(run.status()).as("exit status").isEqualTo(1);
    assertThat(run.errorLines()).as("what the user sees on stderr").hasSize(1);
    assertThat(run.errorLines().get(0))
        .startsWith("tagging-lab: Could not connect to the database at jdbc:postgresql://127.0.0.1:" + port
            + "/lab?user=teacher&password=***")
        .contains("refused")
        .endsWith("Check that the server is running and that JDBC_URL, JDBC_USER and JDBC_PASSWORD name it.")
        .doesNotContain("s3cret");
  }

  @Test
  @DisplayName("JDBC_PASSWORD never shows, and JDBC_USER is named")
  void passwordFromTheEnvironmentNeverShows(@TempDir Path dir) throws Exception {
    int port = freePort();
    Run run = runMain(dir, Map.of("JDBC_URL", "jdbc:postgresql://127.0.0.1:" + port + "/lab", "JDBC_USER", "teacher",
        "JDBC_PASSWORD", "s3cret", "PORT", "0"));

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errorLines()).hasSize(1);
    assertThat(run.errorLines().get(0)).contains("/lab as teacher:").doesNotContain("s3cret");
  }

  @Test
  @DisplayName("a JDBC URL of a database the kit does not support is one line saying which it supports")
  void unsupportedDatabaseIsOneLine(@TempDir Path dir) throws Exception {
    Run run = runMain(dir, Map.of("JDBC_URL", "jdbc:mysql://localhost/lab?password=s3cret"));

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errorLines()).containsExactly("tagging-lab: JDBC_URL must start with jdbc:h2: or jdbc:postgresql:, "
        + "not 'jdbc:mysql://localhost/lab?password=***'");
  }

  private record Run(int status, List<String> errorLines) {}

  private static Run runMain(Path dir, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "lab.tagging.Main").directory(dir.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("JDBC_") || key.equals("PORT"));
    builder.environment().putAll(env);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the app did not stop; it wrote:\n" + err);
    }
    return new Run(process.exitValue(), err.lines().filter(line -> !line.isBlank()).toList());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
