package lab.tagging.grading.trusted;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a sandboxed JVM prints, drained from its pipe by the grader: the first
 * {@value #MAX_LOG} bytes of every launch go to a log in the grader's own folder (which the
 * sandbox cannot see, so it cannot turn the log into a link), and each test gets what was printed
 * while it ran, cut at {@value #MAX_PER_TEST} bytes. Everything else is read and dropped.
 */
final class Output {

  static final int MAX_LOG = 64 * 1024;
  static final int MAX_PER_TEST = 8_000;

  private final Path log;
  private final StringBuilder current = new StringBuilder();
  private long logged;
  private long dropped;

  Output(Path log) {
    this.log = log;
  }

  /** Drains {@code in} on a thread of its own until the process closes it. */
  void drain(InputStream in) {
    Thread thread = new Thread(() -> {
      try (in; OutputStream file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          int keep;
          synchronized (this) {
            keep = (int) Math.max(0, Math.min(n, MAX_LOG - logged));
            logged += keep;
            String text = new String(buffer, 0, n, StandardCharsets.UTF_8);
            int room = Math.max(0, MAX_PER_TEST - current.length());
            current.append(text, 0, Math.min(room, text.length()));
            dropped += Math.max(0, text.length() - room);
          }
          if (keep > 0) {
            file.write(buffer, 0, keep);
            file.flush();
          }
        }
      } catch (IOException ignored) {
        // The process is gone; what was kept is enough.
      }
    }, "sandbox-output");
    thread.setDaemon(true);
    thread.start();
  }

  /** A new launch logs afresh, up to the cap again. */
  synchronized void newLaunch() {
    logged = 0;
  }

  /** What was printed since the last call, with a note of what was cut; then starts afresh. */
  synchronized String take() {
    String text = current.toString();
    if (dropped > 0) {
      text += "\n… (" + dropped + " more characters of output were cut)";
    }
    current.setLength(0);
    dropped = 0;
    return text;
  }
}
