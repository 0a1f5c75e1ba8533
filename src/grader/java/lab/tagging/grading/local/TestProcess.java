package lab.tagging.grading.local;

import java.io.File;
import lab.tagging.grading.Event;
import lab.tagging.grading.Limits;
import lab.tagging.grading.Outcome;
import lab.tagging.grading.Outcome.Ran;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A student's own run: the graded tests and the student's classes in one JVM of their own, which
 * this class watches: a heap cap, a wall-clock budget,
 * the whole process tree killed on timeout, and a fresh JVM for the remaining tests when one
 * dies (a System.exit, a crash, an out-of-memory).
 */
public final class TestProcess {



  private static final int MAX_JVM_LOG = 64 * 1024;
  // Code that ended the JVM in three tests will end it in the rest too: they are reported as not run.
  private static final int MAX_RELAUNCHES = 2;

  private TestProcess() {}

  /**
   * Runs the graded tests: {@code jars} make the JVM's class path (the same for every submission),
   * {@code submissionPath} the folders only this submission's loader sees, and {@code jvmOptions}
   * go to the JVM as they are (a class-data archive, say).
   */
  public static Outcome run(List<Path> jars, List<Path> submissionPath, Path testClasses, Path workDir, boolean hidden,
      String step, Limits limits, List<String> jvmOptions) {
    Path scratch = workDir.resolve("scratch");
    Path events = workDir.resolve("events.jsonl");
    Path argFile = workDir.resolve("java-args");
    try {
      Files.createDirectories(scratch);
      Files.deleteIfExists(events);
      // An argument file keeps a long class path clear of command-line length limits.
      Files.writeString(argFile, "-cp\n" + quoted(joined(jars)) + "\n"
          + quoted("-D" + TestRunner.SUBMISSION_PATH + "=" + joined(submissionPath)) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limits.runTimeoutSeconds());
    Map<String, Event> plan = new LinkedHashMap<>();
    Map<String, Ran> done = new LinkedHashMap<>();
    List<String> only = List.of();
    boolean timedOut = false;
    int deaths = 0;

    for (int launch = 0; launch <= MAX_RELAUNCHES; launch++) {
      int linesBefore = Event.read(events).size();
      Path reports = limits.junitReports() == null ? null
          : launch == 0 ? limits.junitReports() : limits.junitReports().resolve("relaunch-" + launch);
      boolean finished = launch(limits, jvmOptions, argFile, events, testClasses, scratch, workDir, hidden, step, only, deadline,
          reports);
      List<Event> all = Event.read(events);
      String running = null;
      boolean cleanEnd = false;
      for (Event e : all.subList(Math.min(linesBefore, all.size()), all.size())) {
        switch (e.type()) {
          case Event.TEST -> plan.putIfAbsent(e.id(), e);
          case Event.STARTED -> running = e.id();
          case Event.FINISHED -> {
            if (e.status().startsWith("CONTAINER_")) {
              failChildren(plan, done, e);
            } else if (plan.containsKey(e.id())) {
              done.put(e.id(), new Ran(plan.get(e.id()), e.status(), e.message(), e.output(), e.millis()));
            }
            if (e.id().equals(running)) {
              running = null;
            }
          }
          case Event.DONE -> cleanEnd = true;
          default -> { }
        }
      }
      if (cleanEnd) {
        break;
      }
      if (!finished) {
        timedOut = true;
        if (running != null) {
          done.put(running, new Ran(plan.get(running), "TIMED_OUT",
              "This test was still running when the submission's time budget (" + limits.runTimeoutSeconds()
                  + " s) ran out: look for an endless loop or a request that never answers.", null, 0));
        }
        break;
      }
      deaths++;
      if (running != null && plan.containsKey(running)) {
        done.put(running, new Ran(plan.get(running), "CRASHED",
            "The test JVM stopped during this test (System.exit, a crash, or out of memory), so it failed. "
                + "Code under test must never end the process.", null, 0));
      } else if (plan.isEmpty()) {
        break;
      }
      only = plan.keySet().stream().filter(id -> !done.containsKey(id)).toList();
      if (only.isEmpty()) {
        break;
      }
    }

    List<Ran> tests = new ArrayList<>();
    for (Event test : plan.values()) {
      Ran ran = done.get(test.id());
      tests.add(ran != null ? ran : new Ran(test, "NOT_RUN",
          timedOut ? "Not run: the submission's time budget ran out before this test." 
              : "Not run: the test JVM kept stopping before this test.", null, 0));
    }
    return new Outcome(tests, timedOut, deaths, List.of());
  }

  private static String joined(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  // One argument of an argument file, quoted so that spaces and backslashes survive.
  public static String quoted(String argument) {
    return "\"" + argument.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  // A container (a test class) failed before its tests ran: each of them fails with its message.
  private static void failChildren(Map<String, Event> plan, Map<String, Ran> done, Event container) {
    for (Event test : plan.values()) {
      if (test.id().startsWith(container.id()) && !done.containsKey(test.id())) {
        done.put(test.id(), new Ran(test, "FAILED", container.message(), null, 0));
      }
    }
  }

  /** Starts the test JVM and waits for it; false if the deadline passed and it was killed. */
  private static boolean launch(Limits limits, List<String> jvmOptions, Path argFile, Path events, Path testClasses, Path scratch,
      Path workDir, boolean hidden, String step, List<String> only, long deadline, Path reports) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + limits.heap());
    command.add("-Xss1m");
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:-UsePerfData");  // no shared-memory file in /tmp, which the sandbox makes read-only
    command.add("-Dfile.encoding=UTF-8");
    command.add("-Djava.io.tmpdir=" + scratch);
    command.add("-Duser.home=" + scratch);
    if (reports != null) {
      try {
        Files.createDirectories(reports);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      command.add("-Dgrading.reports=" + reports);
    }
    command.addAll(jvmOptions);
    command.add("@" + argFile);
    command.add(TestRunner.class.getName());
    command.add(events.toString());
    command.add(testClasses.toString());
    command.add(String.valueOf(limits.testTimeoutSeconds()));
    command.add(String.valueOf(hidden));
    command.add(step == null ? "-" : step);
    command.addAll(only);

    ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> !List.of("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT").contains(key));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the test JVM: " + e.getMessage(), e);
    }
    Thread drain = drain(process.getInputStream(), workDir.resolve("test-jvm.log"));
    try {
      long left = deadline - System.nanoTime();
      boolean exited = left > 0 && process.waitFor(left, TimeUnit.NANOSECONDS);
      if (!exited) {
        killTree(process);
        return false;
      }
      return true;
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      return false;
    } finally {
      try {
        drain.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // Keeps the first 64 KiB the JVM prints (for a grader to read), and throws the rest away.
  private static Thread drain(InputStream in, Path log) {
    Thread thread = new Thread(() -> {
      try (in; OutputStream out = Files.newOutputStream(log)) {
        byte[] buffer = new byte[8192];
        long kept = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (kept < MAX_JVM_LOG) {
            int keep = (int) Math.min(n, MAX_JVM_LOG - kept);
            out.write(buffer, 0, keep);
            kept += keep;
          }
        }
      } catch (IOException ignored) {
        // The process is gone; what was kept is enough.
      }
    }, "test-jvm-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
