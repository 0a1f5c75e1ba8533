package lab.tagging;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The application's notion of "now": UTC, millisecond precision, like the lesson's timestamps. */
public final class Timestamps {

  private Timestamps() {}

  /**
   * The current instant of {@code clock}, cut to milliseconds.
   *
   * <p>Cutting here, not in the database, means the value a row is written with is exactly the
   * value its JSON shows, whatever fractional precision the column has.
   */
  public static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
