package dev.omnihub.hub.limits;

import java.time.Clock;
import java.time.Duration;

/**
 * Where this node's limits meet the other nodes' counts: a limiter registered here has its busy keys
 * shared, and adds what the other nodes counted ({@link RateLimiter.PeerUses}) to its own.
 */
public interface SharedCounts extends RateLimiter.PeerUses {

  /** A node alone: nothing is shared, nobody else counts. */
  SharedCounts NONE = new SharedCounts() {
    @Override
    public int uses(String limiter, String key, long nowMillis) {
      return 0;
    }

    @Override
    public RateLimiter register(RateLimiter limiter) {
      return limiter;
    }
  };

  /** Shares the limiter's counts with the other nodes; returns it. */
  RateLimiter register(RateLimiter limiter);

  /** A limiter whose counts meet the other nodes' here (see {@link RateLimiter}'s constructor for the parameters). */
  default RateLimiter limiter(String name, String what, int limit, Duration window, Clock clock) {
    return register(new RateLimiter(name, what, limit, window, clock, this));
  }
}
