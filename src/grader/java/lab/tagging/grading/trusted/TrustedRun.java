package lab.tagging.grading.trusted;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lab.tagging.grading.Event;
import lab.tagging.grading.Failures;
import lab.tagging.grading.Outcome;
import lab.tagging.grading.fixture.Targets;
import lab.tagging.grading.local.TestRunner;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the graded tests in the grader's own JVM against one submission's sandboxed app, with
 * JUnit's Launcher, and records how each ended. This is the trusted side: the tests, their
 * assertions and this record of them live where the submission's code never runs, so a result
 * is only ever what the tests observed.
 */
public final class TrustedRun {

  private TrustedRun() {}

  /**
   * Runs {@code tests} (the hidden ones too if {@code hidden}; only the steps in {@code steps},
   * comma-separated, if it is not null) against {@code target}.
   */
  public static Outcome run(TrustedTests tests, RemoteTarget target, boolean hidden, String steps,
      int testTimeoutSeconds) {
    String id = UUID.randomUUID().toString();
    Targets.register(id, target);
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(tests.loader());
    try {
      List<ClassSelector> selectors = new ArrayList<>();
      for (String name : tests.testClassNames()) {
        selectors.add(selectClass(tests.loader().loadClass(name)));
      }
      LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request().selectors(selectors);
      if (!hidden) {
        request.filters(TagFilter.excludeTags("hidden"));
      }
      if (steps != null) {
        request.filters(TagFilter.includeTags(steps.split(",")));
      }
      LauncherDiscoveryRequest discovery = request
          .configurationParameter(Targets.PARAMETER, id)
          .configurationParameter("junit.jupiter.execution.timeout.default", testTimeoutSeconds + " s")
          .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
          .configurationParameter("junit.jupiter.execution.timeout.lifecycle.method.default", "120 s")
          .configurationParameter("junit.platform.execution.listeners.deactivate", "*")
          .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
          .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
          .build();
      Recorder recorder = new Recorder(target);
      var launcher = LauncherFactory.create();
      TestPlan plan = launcher.discover(discovery);
      recorder.describe(plan);
      launcher.execute(plan, recorder);
      return recorder.outcome();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    } finally {
      thread.setContextClassLoader(before);
      Targets.unregister(id);
    }
  }

  /** Keeps each test's description and how it ended, with what the app printed meanwhile. */
  private static final class Recorder implements TestExecutionListener {
    private final RemoteTarget target;
    private final Map<String, Event> plan = new LinkedHashMap<>();
    private final Map<String, Outcome.Ran> done = new LinkedHashMap<>();
    private final Map<String, Long> startedAt = new LinkedHashMap<>();

    Recorder(RemoteTarget target) {
      this.target = target;
    }

    void describe(TestPlan testPlan) {
      for (TestIdentifier root : testPlan.getRoots()) {
        for (TestIdentifier test : testPlan.getDescendants(root)) {
          if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
            String classDisplayName = testPlan.getParent(test).map(TestIdentifier::getDisplayName)
                .orElse(method.getClassName());
            List<String> tags = test.getTags().stream().map(TestTag::getName).sorted().toList();
            plan.put(test.getUniqueId(), Event.test(test.getUniqueId(), method.getClassName(), method.getMethodName(),
                classDisplayName, test.getDisplayName(), tags, TestRunner.points(method)));
          }
        }
      }
    }

    @Override
    public synchronized void executionStarted(TestIdentifier id) {
      if (id.isTest()) {
        target.takeOutput();
        startedAt.put(id.getUniqueId(), System.nanoTime());
      }
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
      if (plan.containsKey(id.getUniqueId())) {
        done.put(id.getUniqueId(), new Outcome.Ran(plan.get(id.getUniqueId()), "SKIPPED", reason, null, 0));
      }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
      Event test = plan.get(id.getUniqueId());
      if (test == null) {
        if (!id.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          // A class that fails before its tests run: each of them fails with its message.
          for (Event planned : plan.values()) {
            if (planned.id().startsWith(id.getUniqueId()) && !done.containsKey(planned.id())) {
              done.put(planned.id(), new Outcome.Ran(planned, "FAILED", message(result), null, 0));
            }
          }
        }
        return;
      }
      Long start = startedAt.remove(id.getUniqueId());
      long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
      String output = target.takeOutput();
      String status = result.getStatus().name();
      String message = message(result);
      if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
        status = "NOT_RUN";
        message = result.getThrowable().map(Throwable::getMessage).orElse("Not run.");
      } else if (target.crashed()) {
        status = "CRASHED";
        message = "The app's JVM stopped during this test (System.exit, a crash, or out of memory), so it failed. "
            + "Code under test must never end the process.";
      } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && target.expired()) {
        status = "TIMED_OUT";
        message = "This test was still running when the submission's time budget ran out: look for an endless "
            + "loop or a request that never answers.";
      }
      done.put(id.getUniqueId(), new Outcome.Ran(test, status, message, output.isEmpty() ? null : output, millis));
    }

    synchronized Outcome outcome() {
      List<Outcome.Ran> tests = new ArrayList<>();
      for (Event test : plan.values()) {
        Outcome.Ran ran = done.get(test.id());
        tests.add(ran != null ? ran : new Outcome.Ran(test, "NOT_RUN", "Not run.", null, 0));
      }
      return new Outcome(tests, target.expired(), target.deaths(), target.violations());
    }

    private static String message(TestExecutionResult result) {
      return result.getThrowable().map(Failures::describe).orElse(null);
    }
  }
}
