package lab.tagging.support;

import java.time.Instant;
import lab.tagging.grading.fixture.Target;

/**
 * The app's clock as a test sets it: it stands still at {@link Lab#START} until the test moves
 * it, so every timestamp the app writes can be predicted.
 */
public final class TestClock {

  private final Target target;
  private volatile Instant now;

  TestClock(Target target, Instant start) {
    this.target = target;
    set(start);
  }

  /** From now on the app reads {@code instant} (such as {@code 2026-11-24T19:19:48.291Z}) as the current time. */
  public void set(String instant) {
    set(Instant.parse(instant));
  }

  void set(Instant instant) {
    now = instant;
    target.setClock(instant);
  }

  /** The time the app reads now. */
  public Instant now() {
    return now;
  }
}
