package dev.omnihub.hub.outbound;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter between delivery attempts: with the default 2 s base about 2 s,
 * 8 s, 32 s, 2 min, 8.5 min, 34 min, then hourly; the jitter (±20 %) keeps retries of an outage from
 * arriving all at once.
 */
public final class Backoff {

  private static final Duration CAP = Duration.ofHours(1);
  private static final int FACTOR = 4;

  private final Duration base;
  private final RandomGenerator random;

  public Backoff(Duration base, RandomGenerator random) {
    this.base = base;
    this.random = random;
  }

  /** The wait after the given failed attempt (1 for the first). */
  public Duration delayAfter(int attempt) {
    double millis = base.toMillis() * Math.pow(FACTOR, Math.max(0, attempt - 1));
    millis = Math.min(millis, CAP.toMillis());
    double jitter = 0.8 + 0.4 * random.nextDouble();
    return Duration.ofMillis(Math.round(millis * jitter));
  }
}
