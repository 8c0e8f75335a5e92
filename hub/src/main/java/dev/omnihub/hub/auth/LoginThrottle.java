package dev.omnihub.hub.auth;

import dev.omnihub.hub.errors.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after too many failed logins for one email, or from one address,
 * within a window, further attempts are refused before the (deliberately slow) password check runs,
 * which also keeps a flood of logins from eating the CPU. Counted per node, in memory.
 */
public final class LoginThrottle {

  static final int MAX_FAILURES_PER_EMAIL = 10;
  // High, because behind a reverse proxy every user shares one address.
  static final int MAX_FAILURES_PER_ADDRESS = 300;
  static final Duration WINDOW = Duration.ofMinutes(15);
  private static final int MAX_TRACKED = 100_000;

  /** Failures counted since {@code startMillis}. */
  private record Window(long startMillis, int failures) {
  }

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Clock clock;

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** @throws RateLimitedException when the email or the address has failed too often lately */
  public void check(String email, String address) {
    long now = clock.millis();
    check("email:" + normalize(email), MAX_FAILURES_PER_EMAIL, now);
    check("address:" + address, MAX_FAILURES_PER_ADDRESS, now);
  }

  public void failed(String email, String address) {
    long now = clock.millis();
    if (windows.size() > MAX_TRACKED) {
      windows.values().removeIf(window -> now - window.startMillis() >= WINDOW.toMillis());
    }
    count("email:" + normalize(email), now);
    count("address:" + address, now);
  }

  /** A correct password clears the email's failures (not the address's: one address, many guesses). */
  public void succeeded(String email) {
    windows.remove("email:" + normalize(email));
  }

  private void check(String key, int limit, long now) {
    Window window = windows.get(key);
    if (window != null && now - window.startMillis() < WINDOW.toMillis() && window.failures() >= limit) {
      long retryAfter = Math.max(1, (window.startMillis() + WINDOW.toMillis() - now + 999) / 1000);
      throw new RateLimitedException("too many failed logins; try again in " + retryAfter + " s", retryAfter);
    }
  }

  private void count(String key, long now) {
    windows.merge(key, new Window(now, 1), (old, fresh) ->
        now - old.startMillis() >= WINDOW.toMillis() ? fresh : new Window(old.startMillis(), old.failures() + 1));
  }

  private static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }
}
