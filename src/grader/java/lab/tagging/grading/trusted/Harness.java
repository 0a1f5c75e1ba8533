package lab.tagging.grading.trusted;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import lab.tagging.grading.Folders;
import lab.tagging.grading.Kit;
import lab.tagging.grading.Limits;
import lab.tagging.grading.Outcome;
import lab.tagging.grading.sandbox.Sandbox;
import lab.tagging.grading.sandbox.inside.Boot;

/**
 * The grader's trusted side for a whole grading run: the sandbox in force, the graded tests
 * compiled once, and one slot per grading job, each with a user id and a warm database host of
 * its own. A submission takes a slot, gets a {@link Workspace} to compile into, runs, and gives
 * the slot back with its database dropped.
 */
public final class Harness implements AutoCloseable {

  /** Where one submission's sandbox reads its classes and finds its channels. */
  public record Workspace(Path dir, Path classes, Path driver, Path resources, Path channels, Path scratch, int slot) {}

  // Code that ended its JVM in three tests will end it in the rest too: they are reported as not run.
  static final int MAX_RELAUNCHES = 2;

  private final Kit kit;
  private final Sandbox sandbox;
  private final List<Path> libraries;
  private final Path runnerJar;
  private final Path root;
  private final List<Path> sandboxClassPath;
  private final BlockingQueue<Integer> freeSlots;
  private final DatabaseHost.Kind db;
  private final DatabaseHost[] hosts;
  private PgHost postgres;
  private final Map<Boolean, TrustedTests> tests = new ConcurrentHashMap<>();
  private final AtomicInteger workspaces = new AtomicInteger();

  /**
   * A harness for {@code jobs} submissions at a time: the sandboxed JVMs run {@code runnerJar}
   * (the grader's classes, packed) with {@code libraries}, on H2.
   */
  public Harness(Kit kit, Sandbox sandbox, List<Path> libraries, Path runnerJar, int jobs) {
    this(kit, sandbox, libraries, runnerJar, jobs, DatabaseHost.Kind.H2);
  }

  /** Like {@link #Harness(Kit, Sandbox, List, Path, int)}, with the apps' databases on {@code db}. */
  public Harness(Kit kit, Sandbox sandbox, List<Path> libraries, Path runnerJar, int jobs, DatabaseHost.Kind db) {
    this.kit = kit;
    this.db = db;
    this.sandbox = sandbox;
    sandbox.requirePrivate(List.of(kit.root()));
    jobs = sandbox.jobs(jobs);
    this.libraries = List.copyOf(libraries);
    this.runnerJar = runnerJar;
    this.freeSlots = new ArrayBlockingQueue<>(jobs);
    this.hosts = new DatabaseHost[jobs];
    for (int i = 0; i < jobs; i++) {
      freeSlots.add(i);
    }
    try {
      root = Files.createTempDirectory("tagging-lab-sandbox");
      // Other users may pass through (each workspace belongs to its job's user), never list it.
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> jars = new ArrayList<>();
    jars.add(runnerJar);
    jars.addAll(libraries);
    this.sandboxClassPath = sandbox.readableJars(jars, root.resolve("lib"));
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  /** The database the apps run on. */
  public DatabaseHost.Kind db() {
    return db;
  }

  /** The sandboxed JVM's class path: jars only, the same for every submission (see {@code ClassData}). */
  public List<Path> sandboxClassPath() {
    return sandboxClassPath;
  }

  /** Waits for a free slot and makes an empty workspace in it. */
  public Workspace workspace() {
    int slot;
    try {
      slot = freeSlots.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a grading slot", e);
    }
    Path dir = root.resolve("w" + workspaces.incrementAndGet());
    Workspace ws = new Workspace(dir, dir.resolve("classes"), dir.resolve("driver"), dir.resolve("resources"),
        dir.resolve("channel"), dir.resolve("scratch"), slot);
    try {
      for (Path p : List.of(ws.classes(), ws.driver(), ws.resources(), ws.channels(), ws.scratch())) {
        Files.createDirectories(p);
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      freeSlots.add(slot);
      throw new UncheckedIOException(e);
    }
    return ws;
  }

  /** Deletes the workspace and frees its slot. */
  public void release(Workspace ws) {
    sandbox.cleanUp(uid(ws.slot()));
    Folders.delete(ws.dir());
    freeSlots.add(ws.slot());
  }

  /**
   * Runs the graded tests against the app compiled into {@code ws}. {@code jvmOptions} go to the
   * sandboxed JVM as they are; {@code writable} are folders it may write (only the kit's own
   * warm-up has any); its output is logged to {@code log}.
   */
  public Outcome run(Workspace ws, boolean hidden, String steps, Limits limits, List<String> jvmOptions,
      List<Path> writable, Path log) {
    TrustedTests graded = tests.computeIfAbsent(hidden, h -> TrustedTests.compile(kit, h, testClassPath()));
    DatabaseHost host = host(ws.slot());
    DatabaseHost.Database database;
    try {
      database = host.create();
    } catch (IOException e) {
      throw new IllegalStateException("The database host could not make a database: " + e.getMessage(), e);
    }
    int uid = uid(ws.slot());
    Sandbox.Spec spec = spec(ws, database, limits, jvmOptions, writable, uid);
    sandbox.letThrough(ws.dir());
    sandbox.handOver(ws.scratch(), uid);
    try (RemoteTarget target = new RemoteTarget(sandbox, spec, ws.channels(), host.port(), database, log,
        limits.runTimeoutSeconds(), MAX_RELAUNCHES)) {
      return TrustedRun.run(graded, target, hidden, steps, limits.testTimeoutSeconds());
    } finally {
      host.drop(database);
    }
  }

  private Sandbox.Spec spec(Workspace ws, DatabaseHost.Database database, Limits limits, List<String> jvmOptions,
      List<Path> writable, int uid) {
    Sandbox.Spec draft = new Sandbox.Spec(List.of(), List.of(), ws.scratch(), Map.of(), List.of(), uid);
    String tmp = sandbox.tmpdir(draft);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + limits.heap(), "-Xss1m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Dfile.encoding=UTF-8", "-Duser.timezone=UTC",
        "-Djava.io.tmpdir=" + tmp, "-Duser.home=" + tmp));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", join(sandboxClassPath),
        "-D" + Boot.SUBMISSION_PATH + "=" + join(List.of(ws.classes(), ws.driver(), ws.resources())),
        Boot.class.getName(), ws.channels().toString(), database.kind().id(), database.name(), database.appUser(),
        database.appPassword()));
    List<Path> readable = new ArrayList<>(sandboxClassPath);
    readable.addAll(List.of(ws.classes(), ws.driver(), ws.resources(), ws.channels()));
    for (String option : jvmOptions) {
      if (option.startsWith("-XX:SharedArchiveFile=")) {
        readable.add(Path.of(option.substring("-XX:SharedArchiveFile=".length())));
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("LANG", "C.UTF-8");
    env.put("TZ", "UTC");
    env.put("HOME", tmp);
    return new Sandbox.Spec(readable, writable, ws.scratch(), env, command, uid);
  }

  // A job's database host: started on first use, replaced when it died (a submission that filled
  // its memory, say). PostgreSQL is one server for every job, each submission in a database of its own.
  private synchronized DatabaseHost host(int slot) {
    if (db == DatabaseHost.Kind.POSTGRESQL) {
      if (postgres == null || !postgres.alive()) {
        if (postgres != null) {
          postgres.close();
        }
        postgres = PgHost.start();
      }
      return postgres;
    }
    if (hosts[slot] == null || !hosts[slot].alive()) {
      if (hosts[slot] != null) {
        hosts[slot].close();
      }
      Path h2 = libraries.stream().filter(p -> p.getFileName().toString().startsWith("h2-")).findFirst()
          .orElseThrow(() -> new IllegalStateException("H2's jar is not on the grader's class path"));
      hosts[slot] = DbHost.start(List.of(runnerJar, h2));
    }
    return hosts[slot];
  }

  private List<Path> testClassPath() {
    List<Path> classpath = new ArrayList<>(libraries);
    classpath.add(0, runnerJar);
    return classpath;
  }

  private static int uid(int slot) {
    return Sandbox.FIRST_UID + slot;
  }

  private static String join(List<Path> paths) {
    return String.join(java.io.File.pathSeparator, paths.stream().map(Path::toString).toList());
  }

  @Override
  public synchronized void close() {
    for (DatabaseHost host : hosts) {
      if (host != null) {
        host.close();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
    Folders.delete(root);
  }
}
