package dev.omnihub.hub.limits;

import dev.omnihub.adapters.spi.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code limit} uses per key within a fixed window, counted per node in memory: enough to keep
 * one visitor or one address from flooding the hub. Windows of keys not seen for a while are dropped
 * once many keys are tracked.
 */
public final class RateLimiter {

  private static final int MAX_TRACKED = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  /** Uses counted since {@code startMillis}. */
  private record Window(long startMillis, int uses) {
  }

  private final String what;
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** @param what names the limited thing in the error ("widget sessions from this address") */
  public RateLimiter(String what, int limit, Duration window, Clock clock) {
    this.what = what;
    this.limit = limit;
    this.window = window;
    this.clock = clock;
  }

  /**
   * Counts one use.
   *
   * @throws RateLimitedException with the seconds until the window ends, when the key used it up
   */
  public void acquire(String key) {
    long now = clock.millis();
    if (windows.size() > MAX_TRACKED) {
      windows.values().removeIf(open -> now - open.startMillis() >= window.toMillis());
    }
    Window counted = windows.merge(key, new Window(now, 1), (old, fresh) ->
        now - old.startMillis() >= window.toMillis() ? fresh : new Window(old.startMillis(), old.uses() + 1));
    if (counted.uses() == limit + 1) {
      // Once per key and window: who is being refused, without a line per refused request.
      LOG.info("Limit reached: {} ({}), {} per {} s; refusing until the window ends", what, key, limit, window.toSeconds());
    }
    if (counted.uses() > limit) {
      long retryAfter = Math.max(1, (counted.startMillis() + window.toMillis() - now + 999) / 1000);
      throw new RateLimitedException("too many " + what + "; try again in " + retryAfter + " s", retryAfter);
    }
  }
}
