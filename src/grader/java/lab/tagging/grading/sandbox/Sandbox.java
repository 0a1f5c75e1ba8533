package lab.tagging.grading.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What fences in a JVM that runs a submission's code. Three modes, best first:
 *
 * <ul>
 *   <li><b>bubblewrap</b>: new user, PID, network (loopback only), IPC, UTS and mount
 *       namespaces; every capability dropped, no new privileges, killed with the grader; a file
 *       system that holds only the system's programs and libraries, the JDK, the jars, the
 *       submission's compiled classes and its channel folder, all read-only, and a size-capped
 *       tmpfs as the one place it can write. Nothing of the kit, of other students or of the
 *       results is in its view, and every process it starts ends with it.</li>
 *   <li><b>user</b>, where user namespaces are not allowed (a container such as Gradescope's)
 *       and the grader runs as root: a user id of its own per grading job, without
 *       capabilities or new privileges, killed with the grader, every process of that user
 *       killed after each run. It can read what other users can read, so the kit, the
 *       submissions and the results must not be readable by other users; it has the network.</li>
 *   <li><b>none</b>, only when asked for: a plain child process.</li>
 * </ul>
 */
public final class Sandbox {

  public enum Mode {
    BUBBLEWRAP("bubblewrap"), USER("user"), NONE("none");

    public final String label;

    Mode(String label) {
      this.label = label;
    }

    /** The mode named {@code name} (bubblewrap, user, none), or null for "the best available". */
    public static Mode named(String name) {
      if (name == null || name.isBlank() || name.equals("auto")) {
        return null;
      }
      for (Mode mode : values()) {
        if (mode.label.equals(name.toLowerCase(Locale.ROOT))) {
          return mode;
        }
      }
      throw new IllegalArgumentException("Unknown sandbox '" + name + "': use auto, bubblewrap, user or none");
    }
  }

  /** Why a sandbox could not be had; the message says what to do. */
  public static final class Unavailable extends RuntimeException {
    public Unavailable(String message) {
      super(message);
    }
  }

  /**
   * One run: the folders and files it may read, the folders it may write (only the kit's own
   * warm-up gets any), where its working folder is outside bubblewrap, its environment and
   * command, and the user id it gets in user mode.
   */
  public record Spec(List<Path> readable, List<Path> writable, Path workDir, Map<String, String> env,
      List<String> command, int uid) {}

  /** The size of the one writable folder (/tmp) in bubblewrap mode. */
  public static final long TMPFS_BYTES = 64L * 1024 * 1024;

  /** Largest file a sandboxed process may write, in bytes (the only cap in user mode). */
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  /** The first user id of user mode; job N runs as this plus N. */
  public static final int FIRST_UID = 61_000;

  private final Mode mode;
  private final Path etc;

  private Sandbox(Mode mode, Path etc) {
    this.mode = mode;
    this.etc = etc;
  }

  /**
   * The sandbox to use: {@code wanted}, or the best that works here when it is null. Throws
   * {@link Unavailable} when the wanted one does not work, or none does and none was asked for.
   */
  public static Sandbox detect(Mode wanted) {
    if (wanted == Mode.NONE) {
      return new Sandbox(Mode.NONE, null);
    }
    Path etc = etcFiles();
    if (wanted == null || wanted == Mode.BUBBLEWRAP) {
      Sandbox bubblewrap = new Sandbox(Mode.BUBBLEWRAP, etc);
      String why = bubblewrap.probe();
      if (why == null) {
        return bubblewrap;
      }
      if (wanted == Mode.BUBBLEWRAP) {
        throw new Unavailable("The bubblewrap sandbox does not work here: " + why);
      }
    }
    Sandbox user = new Sandbox(Mode.USER, etc);
    String why = user.probe();
    if (why == null) {
      return user;
    }
    throw new Unavailable("No sandbox works here, so student code cannot be fenced in. Install bubblewrap "
        + "(Debian and Ubuntu: apt-get install bubblewrap) where user namespaces are allowed, or run the "
        + "grader as root for a separate user (" + why + "). To grade code you trust without one, pass "
        + "--sandbox none.");
  }

  public Mode mode() {
    return mode;
  }

  /** One sentence on what is in force, for the summary, the report and the feedback. */
  public String description() {
    return switch (mode) {
      case BUBBLEWRAP -> "bubblewrap: each submission's JVM runs in its own user, PID, network (loopback only) "
          + "and mount namespaces, without capabilities, sees only the JDK, the libraries and its own classes "
          + "read-only, and writes only a " + TMPFS_BYTES / (1024 * 1024) + " MiB tmpfs";
      case USER -> "user: each submission's JVM runs as a user of its own without capabilities, one submission "
          + "at a time; it has the network and can read what other users can read (the kit, the submissions and "
          + "the results are closed to them), and files it writes are capped at "
          + MAX_FILE_BYTES / (1024 * 1024) + " MiB each";
      case NONE -> "none (--sandbox none): submissions' JVMs run as the grader's user, unfenced";
    };
  }

  /**
   * In user mode, the sandbox's users can read whatever other users can, so the kit (hidden tests,
   * solution), the submissions and the results must be closed to them: each of {@code folders}
   * must deny other users both reading and passing through. Throws {@link Unavailable} naming the
   * command that fixes it otherwise; other modes need nothing.
   */
  public void requirePrivate(List<Path> folders) {
    if (mode != Mode.USER) {
      return;
    }
    for (Path folder : folders) {
      try {
        Set<java.nio.file.attribute.PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
        if (permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
            || permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
          throw new Unavailable("With the user sandbox, the code under test can read what other users can read, "
              + "and " + folder + " is open to them. Close it first: chmod o-rwx " + folder);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** How many submissions may run at once: one in user mode, where they share the network. */
  public int jobs(int wanted) {
    return mode == Mode.USER ? 1 : Math.max(1, wanted);
  }

  /** The whole command line that runs {@code spec} in this sandbox. */
  public List<String> command(Spec spec) {
    List<String> argv = new ArrayList<>();
    switch (mode) {
      case BUBBLEWRAP -> bubblewrap(argv, spec);
      case USER -> {
        argv.addAll(List.of("prlimit", "--fsize=" + MAX_FILE_BYTES, "--core=0", "--",
            "setpriv", "--reuid=" + spec.uid(), "--regid=" + spec.uid(), "--clear-groups", "--inh-caps=-all",
            "--bounding-set=-all", "--no-new-privs", "--pdeathsig=KILL", "--", "env", "-i"));
        spec.env().forEach((k, v) -> argv.add(k + "=" + v));
      }
      case NONE -> {
        argv.addAll(List.of("env", "-i"));
        spec.env().forEach((k, v) -> argv.add(k + "=" + v));
      }
    }
    argv.addAll(spec.command());
    return argv;
  }

  /** The working folder the process starts in: the tmpfs inside bubblewrap, else {@code spec.workDir()}. */
  public Path workingDirectory(Spec spec) {
    return mode == Mode.BUBBLEWRAP ? Path.of("/") : spec.workDir();
  }

  /** The folder a sandboxed JVM should use for temporary files. */
  public String tmpdir(Spec spec) {
    return mode == Mode.BUBBLEWRAP ? "/tmp" : spec.workDir().toString();
  }

  /**
   * After a run: in user mode, kills every process left of its user (a process that left its
   * parent, say); the other modes end every process with the run already, or do not try.
   */
  public void cleanUp(int uid) {
    if (mode == Mode.USER) {
      works(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "kill", "-KILL", "-1"));
    }
  }

  /**
   * In user mode, gives the run's user {@code dir} (its working folder) to write in: the folder
   * and all it holds change owner to {@code uid}. Other modes need nothing.
   */
  public void handOver(Path dir, int uid) {
    if (mode != Mode.USER) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not hand " + dir + " to the sandbox's user: " + e.getMessage(), e);
    }
  }

  /**
   * In user mode, lets the run's user pass through {@code dir} without listing or changing it, and
   * connect to the sockets in it (connecting needs write permission on a socket file). What the
   * sandbox only reads (its classes) stays the grader's, so it cannot change it between launches.
   */
  public void letThrough(Path dir) {
    if (mode != Mode.USER) {
      return;
    }
    try (Stream<Path> list = Files.list(dir)) {
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
      for (Path p : list.toList()) {
        if (p.getFileName().toString().endsWith(".sock")) {
          Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open " + dir + " to the sandbox's user: " + e.getMessage(), e);
    }
  }

  /**
   * The jars as a sandboxed JVM can read them: as they are in bubblewrap (bound one by one) and
   * without a sandbox; in user mode copied, times kept, into {@code staging}, which other users can
   * read, since the grader's own copies may sit in a folder only it can read.
   */
  public List<Path> readableJars(List<Path> jars, Path staging) {
    if (mode != Mode.USER) {
      return jars;
    }
    List<Path> staged = new ArrayList<>();
    try {
      Files.createDirectories(staging);
      for (int i = 0; i < jars.size(); i++) {
        Path jar = jars.get(i);
        Path copy = staging.resolve(i + "-" + jar.getFileName());
        if (!Files.isRegularFile(copy) || Files.size(copy) != Files.size(jar)
            || !Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(jar))) {
          Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        staged.add(copy);
      }
      Files.setPosixFilePermissions(staging, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not make the jars readable for the sandbox: " + e.getMessage(), e);
    }
    return staged;
  }

  private void bubblewrap(List<String> argv, Spec spec) {
    argv.addAll(List.of("bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
        "--new-session", "--cap-drop", "ALL", "--uid", "65534", "--gid", "65534", "--hostname", "sandbox",
        "--clearenv"));
    spec.env().forEach((k, v) -> argv.addAll(List.of("--setenv", k, v)));
    argv.addAll(List.of("--ro-bind", "/usr", "/usr"));
    for (String top : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
      Path path = Path.of(top);
      try {
        if (Files.isSymbolicLink(path)) {
          argv.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), top));
        } else if (Files.isDirectory(path)) {
          argv.addAll(List.of("--ro-bind", top, top));
        }
      } catch (IOException e) {
        // A top-level folder that cannot be read is left out.
      }
    }
    for (Path path : jdkFiles()) {
      argv.addAll(List.of("--ro-bind", path.toString(), path.toString()));
    }
    for (String file : List.of("hosts", "passwd", "group")) {
      argv.addAll(List.of("--ro-bind", etc.resolve(file).toString(), "/etc/" + file));
    }
    argv.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", String.valueOf(TMPFS_BYTES), "--tmpfs", "/tmp"));
    for (Path path : spec.readable()) {
      argv.addAll(List.of("--ro-bind", path.toString(), path.toString()));
    }
    for (Path path : spec.writable()) {
      argv.addAll(List.of("--bind", path.toString(), path.toString()));
    }
    argv.addAll(List.of("--chdir", "/tmp", "--"));
  }

  // The JDK, where it is not under /usr, and whatever its links point to outside it (Debian's
  // JDK keeps its configuration in /etc): the JVM reads them as it starts.
  private static List<Path> jdkFiles() {
    Path home = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
    Set<Path> files = new LinkedHashSet<>();
    try {
      Path real = home.toRealPath();
      if (!real.startsWith("/usr")) {
        files.add(real);
      }
      try (Stream<Path> walk = Files.walk(real)) {
        for (Path p : walk.filter(Files::isSymbolicLink).toList()) {
          try {
            Path target = p.toRealPath();
            if (!target.startsWith(real) && !target.startsWith("/usr")) {
              files.add(target);
            }
          } catch (IOException dangling) {
            // A link to nothing is left out, as the JVM would find nothing there either.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the JDK at " + home + ": " + e.getMessage(), e);
    }
    return List.copyOf(files);
  }

  // The few files of /etc a JVM looks at: its own host name, and a user for the ids it runs as.
  private static Path etcFiles() {
    try {
      Path dir = Files.createTempDirectory("tagging-lab-etc");
      Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost sandbox\n::1 localhost\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("passwd"), "sandbox:x:65534:65534:sandbox:/tmp:/usr/sbin/nologin\n",
          StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("group"), "sandbox:x:65534:\n", StandardCharsets.UTF_8);
      for (String file : List.of("hosts", "passwd", "group")) {
        Files.setPosixFilePermissions(dir.resolve(file), java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
      }
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Runs the JDK's java -version in this sandbox: null if it works, else why not.
  private String probe() {
    if (mode == Mode.USER && !"0".equals(String.valueOf(uid()))) {
      return "the grader does not run as root";
    }
    if (mode == Mode.BUBBLEWRAP && !onPath("bwrap")) {
      return "bubblewrap (bwrap) is not installed";
    }
    if (mode == Mode.USER && !onPath("setpriv")) {
      return "setpriv is not installed";
    }
    try {
      Path work = Files.createTempDirectory("tagging-lab-probe");
      try {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Spec spec = new Spec(List.of(), List.of(), work, Map.of("PATH", "/usr/bin:/bin"),
            List.of(java, "-Xshare:auto", "-version"), FIRST_UID);
        handOver(work, FIRST_UID);
        ProcessBuilder builder = new ProcessBuilder(command(spec)).directory(workingDirectory(spec).toFile())
            .redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return "a JVM in it did not start within 30 s";
        }
        if (process.exitValue() != 0) {
          String first = output.strip().lines().findFirst().orElse("no output");
          return "a JVM in it did not start (" + first + ")";
        }
        return null;
      } finally {
        lab.tagging.grading.Folders.delete(work);
      }
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static Object uid() {
    try {
      return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code command} exits with 0 within a few seconds (its output is dropped). */
  public static boolean works(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
