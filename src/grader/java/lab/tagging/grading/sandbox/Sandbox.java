package lab.tagging.grading.sandbox;

import lab.tagging.grading.Folders;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the operating system offers to fence in a test JVM running untrusted code. On Linux with
 * unshare and ip, each test JVM gets a network namespace of its own with only a loopback
 * interface (the tests still reach the app they start on localhost, and nothing else) and, where
 * mount namespaces work, a view of the file system in which everything is read-only except its
 * own working folder: it cannot touch the kit, another student's files or results.
 */
public final class Sandbox {

  /** Largest file a test JVM may write, in KiB (a file bomb ends the JVM, not the disk). */
  static final int MAX_FILE_KIB = 200 * 1024;

  /** The environment variable that lists the folders a test JVM may write, separated by colons. */
  public static final String WRITABLE = "GRADING_WRITABLE";

  /** A launcher prefix and a sentence saying what it does. */
  public record Isolation(List<String> prefix, String description) {}

  // Every mount read-only (a mount namespace's own flags; the host's are unchanged), then each
  // writable folder bound over itself read-write. A folder that cannot be made writable stops
  // the launch: the JVM could not write its results.
  private static final String READ_ONLY_BUT_WRITABLE = "set -f; for m in $(awk '{print $2}' /proc/self/mounts); do "
      + "mount -o remount,bind,ro \"$m\" 2>/dev/null; done; "
      + "IFS=:; for w in $" + WRITABLE + "; do mount --bind \"$w\" \"$w\" && mount -o remount,bind,rw \"$w\" "
      + "|| { echo \"sandbox: cannot make $w writable\" >&2; exit 97; }; done; unset IFS; set +f; ";

  private Sandbox() {}

  public static Isolation detect(boolean wantNetworkIsolation) {
    boolean unix = File.separatorChar == '/';
    if (!unix) {
      return new Isolation(List.of(), "no OS isolation on this system (heap cap and timeouts only)");
    }
    String limits = "ulimit -f " + MAX_FILE_KIB * 2 + " 2>/dev/null; ";
    if (wantNetworkIsolation && works(List.of("unshare", "--net", "--map-root-user", "sh", "-c", "ip link set lo up"))) {
      String network = "ip link set lo up; ";
      if (readOnlyWorks()) {
        return new Isolation(List.of("unshare", "--net", "--map-root-user", "--mount", "sh", "-c",
            network + READ_ONLY_BUT_WRITABLE + limits + "exec \"$@\"", "sandbox"),
            "each test JVM runs without network (its own network namespace, loopback only) and can write "
                + "only its own working folder");
      }
      return new Isolation(List.of("unshare", "--net", "--map-root-user", "sh", "-c",
          network + limits + "exec \"$@\"", "sandbox"),
          "each test JVM runs without network (its own network namespace, loopback only); "
              + "file system not fenced (mount namespaces unavailable)");
    }
    String why = wantNetworkIsolation ? "network isolation unavailable (needs Linux, unshare and ip)" : "network isolation off";
    return new Isolation(List.of("sh", "-c", limits + "exec \"$@\"", "sandbox"), why);
  }

  /** The environment entry that lets a sandboxed JVM write {@code folders} (and nothing else). */
  public static String writable(List<Path> folders) {
    List<String> paths = new ArrayList<>();
    for (Path folder : folders) {
      paths.add(folder.toAbsolutePath().normalize().toString());
    }
    return String.join(":", paths);
  }

  // Tries the read-only view for real: a write to the writable folder must work, one beside it must fail.
  private static boolean readOnlyWorks() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("grading-sandbox");
      Path writable = Files.createDirectory(dir.resolve("writable"));
      ProcessBuilder builder = new ProcessBuilder("unshare", "--net", "--map-root-user", "--mount", "sh", "-c",
          READ_ONLY_BUT_WRITABLE + "touch \"$1/ok\" && ! touch \"$2/escaped\" 2>/dev/null", "probe",
          writable.toString(), dir.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put(WRITABLE, writable.toString());
      Process process = builder.start();
      return process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0
          && Files.exists(writable.resolve("ok")) && !Files.exists(dir.resolve("escaped"));
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      if (dir != null) {
        Folders.delete(dir);
      }
    }
  }

  /** Whether {@code command} exits with 0 within a few seconds (its output is dropped). */
  static boolean works(List<String> command) {
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
