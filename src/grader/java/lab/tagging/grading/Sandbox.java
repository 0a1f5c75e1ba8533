package lab.tagging.grading;

import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the operating system offers to fence in a test JVM running untrusted code. On Linux with
 * unshare and ip, each test JVM gets a network namespace of its own with only a loopback
 * interface: the tests still reach the app they start on localhost, and nothing else.
 */
final class Sandbox {

  /** Largest file a test JVM may write, in KiB (a file bomb ends the JVM, not the disk). */
  static final int MAX_FILE_KIB = 200 * 1024;

  /** A launcher prefix and a sentence saying what it does. */
  record Isolation(List<String> prefix, String description) {}

  private Sandbox() {}

  static Isolation detect(boolean wantNetworkIsolation) {
    boolean unix = File.separatorChar == '/';
    if (!unix) {
      return new Isolation(List.of(), "no OS isolation on this system (heap cap and timeouts only)");
    }
    String limits = "ulimit -f " + MAX_FILE_KIB * 2 + " 2>/dev/null; ";
    if (wantNetworkIsolation && works("unshare", "--net", "--map-root-user", "sh", "-c", "ip link set lo up")) {
      return new Isolation(List.of("unshare", "--net", "--map-root-user", "sh", "-c",
          "ip link set lo up; " + limits + "exec \"$@\"", "sandbox"),
          "each test JVM runs without network (its own network namespace, loopback only)");
    }
    String why = wantNetworkIsolation ? "network isolation unavailable (needs Linux, unshare and ip)" : "network isolation off";
    return new Isolation(List.of("sh", "-c", limits + "exec \"$@\"", "sandbox"), why);
  }

  private static boolean works(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
