package lab.tagging.grading.trusted;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * An H2 database host process (see {@link DbHostMain}) as the grader drives it: started once per
 * grading job and reused for the submissions it grades one after another, each with a database
 * of its own, dropped when the submission is done. A host that died (a submission filled its
 * memory, say) is replaced before the next submission.
 */
public final class DbHost implements DatabaseHost {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final String HEAP = "512m";

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> answers = new ArrayBlockingQueue<>(16);
  private final int port;

  private DbHost(Process process) throws IOException {
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          answers.offer(line);
        }
      } catch (IOException ignored) {
        // The host is gone; the next command says so.
      }
    }, "db-host-output");
    reader.setDaemon(true);
    reader.start();
    String first = answer(30);
    if (first == null || !first.startsWith("port ")) {
      process.destroyForcibly();
      throw new IOException("the database host did not start" + (first == null ? "" : ": " + first));
    }
    port = Integer.parseInt(first.substring(5).strip());
  }

  /**
   * Starts a host whose JVM runs {@link DbHostMain} from {@code classPath} (the runner and H2).
   * The quick JIT tier only: the host runs small statements for minutes, and the optimising
   * compiler cost it more CPU than it saved (20 s against 8 s for a class of eight).
   */
  public static DbHost start(List<Path> classPath) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + HEAP, "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:-UsePerfData",
        "-Dfile.encoding=UTF-8", "-Duser.timezone=UTC", "-cp",
        String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()),
        DbHostMain.class.getName()));
    try {
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      return new DbHost(process);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the database host: " + e.getMessage(), e);
    }
  }

  @Override
  public Kind kind() {
    return Kind.H2;
  }

  @Override
  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public synchronized Database create() throws IOException {
    String name = "sub-" + NAMES.incrementAndGet() + "-" + token(4);
    String admin = token(16);
    String app = token(16);
    command("create " + name + " " + admin + " " + app);
    String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + name;
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "grader", admin);
    pool.setMaxConnections(8);
    pool.setLoginTimeout(10);
    return new Database(Kind.H2, name, "app", app, pool, pool::dispose);
  }

  @Override
  public synchronized void drop(Database database) {
    database.close();
    if (alive()) {
      try {
        command("drop " + database.name());
      } catch (IOException e) {
        process.destroyForcibly();  // a host that does not answer is replaced
      }
    }
  }

  @Override
  public int port() {
    return port;
  }

  private void command(String line) throws IOException {
    if (!alive()) {
      throw new IOException("the database host has stopped");
    }
    answers.clear();
    commands.write(line + "\n");
    commands.flush();
    String answer = answer(30);
    if (!"ok".equals(answer)) {
      throw new IOException("the database host answered " + (answer == null ? "nothing" : answer));
    }
  }

  private String answer(int seconds) {
    try {
      return answers.poll(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String token(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  @Override
  public void close() {
    if (Boolean.getBoolean("grading.timing")) {
      System.err.printf("database host: %d ms of CPU%n",
          process.info().totalCpuDuration().orElse(java.time.Duration.ZERO).toMillis());
    }
    try {
      commands.close();
    } catch (IOException ignored) {
      // It is being stopped anyway.
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
