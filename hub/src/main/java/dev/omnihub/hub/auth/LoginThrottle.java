package dev.omnihub.hub.auth;

import dev.omnihub.adapters.spi.RateLimitedException;
import dev.omnihub.hub.limits.ClientLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing without locking the real user out. Every attempt is counted, atomically,
 * <em>before</em> the (deliberately slow) password check runs, so 50 parallel guesses cannot all slip
 * through before the first failure is recorded. Past a few free attempts each further one must wait a
 * delay that doubles (1 s, 2 s, 4 s... at most {@link #MAX_DELAY}):
 * <ul>
 *   <li>per email and address (5 free by default): a guesser at one address is slowed at once, while
 *       the real user at another address is not affected;</li>
 *   <li>per email from any address (50 free): guessing spread over many addresses is slowed too, and
 *       the real user waits at most minutes, never a lockout;</li>
 *   <li>per address (300 free; high, since an office's agents share one address).</li>
 * </ul>
 * The address is the client's ({@code ClientOrigin}): behind a trusted proxy, the one it forwarded.
 * The free counts are settings ({@link ClientLimits}).
 * A correct password clears its email's counts. Counts are forgotten {@link #WINDOW} after the last
 * attempt let through, so a guesser who keeps going never starts afresh. Per node, in memory.
 */
public final class LoginThrottle {

  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration MAX_DELAY = Duration.ofMinutes(5);
  private static final int MAX_TRACKED = 100_000;

  /** Attempts let through, the last at {@code lastMillis}; none may start before {@code notBeforeMillis}. */
  private record Count(long lastMillis, int attempts, long notBeforeMillis) {
  }

  private final Map<String, Count> counts = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int freePerPair;
  private final int freePerEmail;
  private final int freePerAddress;

  public LoginThrottle(Clock clock, ClientLimits limits) {
    this.clock = clock;
    this.freePerPair = limits.loginFreePerEmailAndAddress();
    this.freePerEmail = limits.loginFreePerEmail();
    this.freePerAddress = limits.loginFreePerAddress();
  }

  /**
   * Counts an attempt before its password is checked.
   *
   * @throws RateLimitedException when the email, the pair or the address must wait; nothing is counted
   *     for the keys after the one that refused
   */
  public void acquire(String email, String address) {
    long now = clock.millis();
    if (counts.size() > MAX_TRACKED) {
      counts.values().removeIf(count -> now - count.lastMillis() >= WINDOW.toMillis());
    }
    String normalized = normalize(email);
    take("pair:" + normalized + "|" + address, freePerPair, now);
    take("email:" + normalized, freePerEmail, now);
    take("address:" + address, freePerAddress, now);
  }

  /** The password was right: the email's counts start again (the address's stay: one address, many emails). */
  public void succeeded(String email, String address) {
    String normalized = normalize(email);
    counts.remove("pair:" + normalized + "|" + address);
    counts.remove("email:" + normalized);
  }

  private void take(String key, int free, long now) {
    long[] waitMillis = new long[1];
    counts.compute(key, (k, count) -> {
      if (count == null || now - count.lastMillis() >= WINDOW.toMillis()) {
        return new Count(now, 1, 0);
      }
      if (now < count.notBeforeMillis()) {
        waitMillis[0] = count.notBeforeMillis() - now;
        return count;
      }
      int attempts = count.attempts() + 1;
      return new Count(now, attempts, attempts > free ? now + delay(attempts - free).toMillis() : 0);
    });
    if (waitMillis[0] > 0) {
      long retryAfter = Math.max(1, (waitMillis[0] + 999) / 1000);
      throw new RateLimitedException("too many login attempts; try again in " + retryAfter + " s", retryAfter);
    }
  }

  /** 1 s after the first attempt over the free ones, doubling, at most {@link #MAX_DELAY}. */
  static Duration delay(int overFree) {
    long seconds = overFree >= 20 ? MAX_DELAY.toSeconds() : Math.min(MAX_DELAY.toSeconds(), 1L << (overFree - 1));
    return Duration.ofSeconds(seconds);
  }

  private static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }
}
