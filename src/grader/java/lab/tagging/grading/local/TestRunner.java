package lab.tagging.grading.local;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.ByteArrayOutputStream;
import lab.tagging.grading.Event;
import lab.tagging.grading.Failures;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * The main class of the test JVM of a student's own run: runs the graded tests, in-process with
 * the student's classes as in an IDE, with the JUnit Platform Launcher, and writes one event per
 * test to the events file. (An instructor's grading runs the tests in the grader's JVM instead and
 * the student's classes in a sandbox: see {@code trusted.TrustedRun}.)
 *
 * <p>Arguments: {@code EVENTS_FILE TEST_CLASSES_DIR TIMEOUT_SECONDS HIDDEN(true|false) STEP[,STEP…]|-
 * [UNIQUE_ID…]}. With unique ids it runs only those tests (the rest of a run whose JVM died).
 *
 * <p>The JVM's class path holds only jars (the libraries and this runner); the submission's
 * folders (its classes, the compiled tests, the kit's resources) come in the system property
 * {@value #SUBMISSION_PATH} and are loaded by a class loader of their own. A class path of jars
 * alone keeps the runner's own classes apart from the submission's, which the graded tests are
 * compiled against.
 */
public final class TestRunner {

  /** The graded test classes: one package per lab step, and the hidden tests. */
  static final String GRADED_CLASSES = "lab\\.tagging\\.(lab\\d+|hidden)\\..*";

  static final String POINTS_ANNOTATION = "lab.tagging.support.Points";

  /** The system property that lists the submission's folders, separated as a class path is. */
  static final String SUBMISSION_PATH = "grading.submission.path";

  private static final int MAX_OUTPUT = 8_000;

  private TestRunner() {}

  public static void main(String[] args) throws Exception {
    Path events = Path.of(args[0]);
    Path testClasses = Path.of(args[1]);
    String timeout = args[2];
    boolean hidden = Boolean.parseBoolean(args[3]);
    String step = args[4];
    List<String> only = List.of(args).subList(5, args.length);
    // JUnit, Hibernate and SLF4J find classes and resources through the context class loader;
    // threads the tests start inherit it.
    Thread.currentThread().setContextClassLoader(submissionLoader());

    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    if (only.isEmpty()) {
      request.selectors(selectClasspathRoots(Set.of(testClasses)))
          .filters(includeClassNamePatterns(GRADED_CLASSES));
    } else {
      request.selectors(only.stream().map(id -> selectUniqueId(id)).toList());
    }
    if (!hidden) {
      request.filters(TagFilter.excludeTags("hidden"));
    }
    if (!step.equals("-")) {
      request.filters(TagFilter.includeTags(step.split(",")));
    }
    LauncherDiscoveryRequest discovery = request
        .configurationParameter("junit.jupiter.execution.timeout.default", timeout + " s")
        .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
        .configurationParameter("junit.jupiter.execution.timeout.lifecycle.method.default", "120 s")
        .configurationParameter("junit.platform.execution.listeners.deactivate", "*")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
        .build();

    // Whatever the code under test prints, from any thread, lands in a capped buffer: a flood of
    // output costs nothing but the bytes kept, and the events file is never written through it.
    PrintStream realErr = System.err;
    CappedOutput printed = new CappedOutput(MAX_OUTPUT);
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);

    int exit = 0;
    try (Event.Writer writer = new Event.Writer(events)) {
      Launcher launcher = LauncherFactory.create();
      TestPlan plan = launcher.discover(discovery);
      describePlan(plan, writer);
      String reports = System.getProperty("grading.reports");
      if (reports != null) {
        // JUnit's own XML report, where CI tools look for it.
        Files.createDirectories(Path.of(reports));
        launcher.execute(plan, new Recorder(writer, printed),
            new LegacyXmlReportGeneratingListener(Path.of(reports), new PrintWriter(realErr)));
      } else {
        launcher.execute(plan, new Recorder(writer, printed));
      }
      writer.write(Event.done());
    } catch (Throwable e) {
      e.printStackTrace(realErr);
      exit = 3;
    }
    // Student code may leave non-daemon threads behind; they must not keep this JVM alive.
    System.exit(exit);
  }

  private static ClassLoader submissionLoader() throws MalformedURLException {
    String path = System.getProperty(SUBMISSION_PATH, "");
    List<URL> urls = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return new URLClassLoader("submission", urls.toArray(URL[]::new), TestRunner.class.getClassLoader());
  }

  private static void describePlan(TestPlan plan, Event.Writer writer) {
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier test : plan.getDescendants(root)) {
        if (!test.isTest() || !(test.getSource().orElse(null) instanceof MethodSource method)) {
          continue;
        }
        String classDisplayName = plan.getParent(test).map(TestIdentifier::getDisplayName).orElse(method.getClassName());
        List<String> tags = test.getTags().stream().map(TestTag::getName).sorted().toList();
        writer.write(Event.test(test.getUniqueId(), method.getClassName(), method.getMethodName(), classDisplayName,
            test.getDisplayName(),
            tags, points(method)));
      }
    }
  }

  /** The value of the test method's @Points, read by name so the grader needs no test class; null if none. */
  public static Integer points(MethodSource source) {
    try {
      Method method = source.getJavaMethod();
      for (Annotation annotation : method.getAnnotations()) {
        if (annotation.annotationType().getName().equals(POINTS_ANNOTATION)) {
          return (Integer) annotation.annotationType().getMethod("value").invoke(annotation);
        }
      }
      return null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Writes a started and a finished event per test, with the output it printed. */
  private static final class Recorder implements TestExecutionListener {
    private final Event.Writer writer;
    private final CappedOutput printed;
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();

    Recorder(Event.Writer writer, CappedOutput printed) {
      this.writer = writer;
      this.printed = printed;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
      if (id.isTest()) {
        printed.take();
        startedAt.put(id.getUniqueId(), System.nanoTime());
        writer.write(Event.started(id.getUniqueId()));
      }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      if (id.isTest()) {
        writer.write(Event.finished(id.getUniqueId(), "SKIPPED", reason, null, 0));
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (!id.isTest()) {
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          // A class that fails before its tests run (a broken @BeforeAll, say) reports here.
          writer.write(Event.finished(id.getUniqueId(), "CONTAINER_" + result.getStatus(),
              message(result), null, 0));
        }
        return;
      }
      Long start = startedAt.remove(id.getUniqueId());
      long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
      String output = printed.take();
      writer.write(Event.finished(id.getUniqueId(), result.getStatus().name(), message(result),
          output.isEmpty() ? null : output, millis));
    }

    private static String message(TestExecutionResult result) {
      return result.getThrowable().map(Failures::describe).orElse(null);
    }
  }

  /** Keeps the first bytes written to it and counts the rest. */
  static final class CappedOutput extends OutputStream {
    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    CappedOutput(int cap) {
      this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
      if (kept.size() < cap) {
        kept.write(b);
      } else {
        dropped++;
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int keep = Math.max(0, Math.min(len, cap - kept.size()));
      kept.write(b, off, keep);
      dropped += len - keep;
    }

    /** What was kept since the last call, with a note of what was cut; then starts afresh. */
    synchronized String take() {
      String text = kept.toString(StandardCharsets.UTF_8);
      if (dropped > 0) {
        text += "\n… (" + dropped + " more bytes of output were cut)";
      }
      kept.reset();
      dropped = 0;
      return text;
    }
  }

}
