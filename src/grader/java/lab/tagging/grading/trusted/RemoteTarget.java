package lab.tagging.grading.trusted;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import lab.tagging.grading.fixture.Entities;
import lab.tagging.grading.fixture.Target;
import lab.tagging.grading.sandbox.Sandbox;
import lab.tagging.grading.sandbox.inside.Wire;
import org.opentest4j.TestAbortedException;

/**
 * A submission's app, running in a sandboxed JVM, as the graded tests in the grader's JVM see
 * it. It launches the sandbox, watches it, launches it again when it dies (at most
 * {@code maxRelaunches} times), and kills it when the submission's time budget runs out.
 *
 * <p>What the tests learn from here: HTTP answers through the front door, rows and the catalog
 * from the database host with admin rights the app does not have, and the driver's answers to
 * entity calls. The first two are observed from outside the sandbox; the third is checked for
 * shape. None of it can say that a test passed.
 */
public final class RemoteTarget implements Target, AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final Sandbox sandbox;
  private final Sandbox.Spec spec;
  private final Channels channels;
  private final DatabaseHost.Database database;
  private final Output output;
  private final long deadline;
  private final int budgetSeconds;
  private final int maxRelaunches;
  private final Entities entities;
  private final Thread watchdog;

  private volatile Process process;
  private volatile Control control;
  private volatile boolean expired;
  private String broken;
  private int deaths;
  private boolean crashed;

  /**
   * A target for the app that {@code spec} starts in {@code sandbox}, on {@code database} of the
   * database host listening on {@code databasePort}, reached through sockets the grader opens in
   * {@code channelDir}; its output goes to {@code log}.
   */
  public RemoteTarget(Sandbox sandbox, Sandbox.Spec spec, java.nio.file.Path channelDir, int databasePort,
      DatabaseHost.Database database, java.nio.file.Path log, int budgetSeconds, int maxRelaunches) {
    this.sandbox = sandbox;
    this.spec = spec;
    this.channels = new Channels(channelDir, databasePort, violations::add);
    sandbox.letThrough(channelDir);
    this.database = database;
    this.output = new Output(log);
    this.budgetSeconds = budgetSeconds;
    this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(budgetSeconds);
    this.maxRelaunches = maxRelaunches;
    this.entities = new RemoteEntities(() -> control, violations::add);
    this.watchdog = new Thread(this::watch, "sandbox-budget");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  @Override
  public synchronized void beforeTest() {
    crashed = false;
    if (expired) {
      throw new TestAbortedException("Not run: the submission's time budget (" + budgetSeconds
          + " s) ran out before this test.");
    }
    if (process == null || !process.isAlive() || control == null || !control.isOpen()) {
      if (process != null) {
        died();
      }
      if (deaths > maxRelaunches) {
        throw new TestAbortedException("Not run: the app's JVM kept stopping before this test.");
      }
      launch();
    }
    if (broken != null) {
      throw new AssertionError(broken);
    }
  }

  @Override
  public synchronized String afterTest() {
    if (expired || process == null || !stopping()) {
      return null;
    }
    died();
    crashed = true;
    return "The app's JVM stopped during this test (System.exit, a crash, or out of memory), so it failed. "
        + "Code under test must never end the process.";
  }

  // Whether the app's JVM is ending or gone: its control channel closed or it stopped answering,
  // and it exits within a few seconds (one that is only busy is not counted as stopped).
  private boolean stopping() {
    Control c = control;
    boolean answers = false;
    if (c != null && c.isOpen()) {
      try {
        c.call(Wire.JSON.createObjectNode().put("op", Wire.PING), Duration.ofSeconds(2));
        answers = true;
      } catch (Control.Failed e) {
        // Not answering: ending, gone, or too busy to say.
      }
    }
    if (answers) {
      return false;
    }
    try {
      return process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void launch() {
    output.newLaunch();
    try {
      process = new ProcessBuilder(sandbox.command(spec)).directory(sandbox.workingDirectory(spec).toFile())
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the sandbox: " + e.getMessage(), e);
    }
    output.drain(process.getInputStream());
    long limit = Math.min(deadline, System.nanoTime() + START_TIMEOUT.toNanos());
    try {
      SocketChannel connection = null;
      while (connection == null && process.isAlive() && System.nanoTime() < limit) {
        connection = channels.nextControl(100);
      }
      if (connection != null) {
        Control started = new Control(connection, violations::add);
        channels.use(started);
        control = started;
        JsonNode hello = started.hello(Duration.ofNanos(Math.max(0, limit - System.nanoTime())));
        if (hello != null) {
          broken = hello.path("type").asText().equals(Wire.BROKEN) ? hello.path("message").asText() : null;
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String printed = output.take().strip();
    kill();
    died();
    if (expired) {
      throw new TestAbortedException("Not run: the submission's time budget (" + budgetSeconds
          + " s) ran out before this test.");
    }
    throw new AssertionError("The app's JVM stopped before it was ready (System.exit, a crash, or out of memory "
        + "while the classes were loaded and Hibernate started), so this test could not run."
        + (printed.isEmpty() ? "" : " What it printed:\n" + cut(printed, 2_000)));
  }

  private void died() {
    kill();
    deaths++;
    process = null;
    if (control != null) {
      control.close();
      control = null;
    }
  }

  private void kill() {
    Process p = process;
    if (p != null) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    sandbox.cleanUp(spec.uid());
  }

  // Sleeps until the submission's time is up, then ends its JVM: the test that was running fails,
  // the rest are not run.
  private void watch() {
    try {
      long left;
      while ((left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.sleep(left);
      }
      expired = true;
      Control c = control;
      if (c != null) {
        c.close();
      }
      channels.closeFrontDoor();
      kill();
    } catch (InterruptedException e) {
      // Closed before the budget ran out.
    }
  }

  @Override
  public DataSource database() {
    return database.tests();
  }

  @Override
  public void setClock(Instant now) {
    call(Wire.CLOCK, "set the app's clock", now);
  }

  @Override
  public String startApp() {
    call(Wire.START, "start the app", null);
    return channels.openFrontDoor();
  }

  @Override
  public void stopApp() {
    channels.closeFrontDoor();
    Control c = control;
    if (c != null && c.isOpen()) {
      try {
        c.call(Wire.JSON.createObjectNode().put("op", Wire.STOP), CALL_TIMEOUT);
      } catch (Control.Failed e) {
        // An app that will not stop is replaced by the next test's anyway.
      }
    }
  }

  private void call(String op, String what, Instant at) {
    Control c = control;
    if (c == null) {
      throw new AssertionError("Could not " + what + ": the app's JVM is not running.");
    }
    try {
      c.call(at == null ? Wire.JSON.createObjectNode().put("op", op)
          : Wire.JSON.createObjectNode().put("op", op).put("at", at.toString()), CALL_TIMEOUT);
    } catch (Control.Failed e) {
      throw new AssertionError("Could not " + what + ": " + e.getMessage());
    }
  }

  @Override
  public Entities entities() {
    return entities;
  }

  /** What the app printed since the last call. */
  public String takeOutput() {
    return output.take();
  }

  /** Whether the app's JVM stopped during the test that just ended. */
  public synchronized boolean crashed() {
    return crashed;
  }

  /** Whether the submission's time budget ran out. */
  public boolean expired() {
    return expired;
  }

  /** How many times the app's JVM stopped (or never became ready). */
  public synchronized int deaths() {
    return deaths;
  }

  /** What the sandbox did against the protocol, for the instructor. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /**
   * Ends the run: the control channel closes, which ends the app's JVM (letting it write a
   * class-data archive, if asked to); one that does not end within {@code 30 s} is killed.
   */
  @Override
  public synchronized void close() {
    if (Boolean.getBoolean("grading.timing") && process != null) {
      java.time.Duration cpu = process.descendants().map(h -> h.info().totalCpuDuration().orElse(java.time.Duration.ZERO))
          .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
      System.err.printf("app JVM: %d ms of CPU, %d launch(es)%n", cpu.toMillis(), deaths + 1);
    }
    watchdog.interrupt();
    if (control != null) {
      control.close();
    }
    Process p = process;
    if (p != null && !expired) {
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    kill();
    channels.close();
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
