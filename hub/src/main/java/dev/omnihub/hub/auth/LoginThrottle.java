package dev.omnihub.hub.auth;

import dev.omnihub.adapters.spi.RateLimitedException;
import dev.omnihub.hub.limits.ClientLimits;
import io.vertx.core.Future;
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
 * attempt let through, so a guesser who keeps going never starts afresh. One node keeps them in memory;
 * nodes sharing a store keep them there ({@link StoredThrottleCounts}), so a guesser spread over the
 * nodes of a cluster gets no more attempts than on one ({@link #attempt} runs the counting where its
 * counts allow: inline, or on a store worker).
 */
public final class LoginThrottle {

  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration MAX_DELAY = Duration.ofMinutes(5);
  private static final int MAX_TRACKED = 100_000;

  /** Attempts let through, the last at {@code lastMillis}; none may start before {@code notBeforeMillis}. */
  public record Count(long lastMillis, int attempts, long notBeforeMillis) {
  }

  /** What an attempt makes of a key's count: the next count, or a wait (the count unchanged). */
  public record Taken(Count next, long waitMillis) {
  }

  /** Where the counts live; each {@link #take} is atomic for its key. */
  public interface Counts {

    /** Applies {@link LoginThrottle#step} to the key's count atomically; returns what it gave. */
    Taken take(String key, int free, long now);

    void forget(java.util.List<String> keys);
  }

  /** Runs the counting: at once on the caller's thread for counts in memory, on a store worker for stored ones. */
  @FunctionalInterface
  public interface Worker {
    Future<Void> run(Runnable counting);

    /** On the caller's thread: for counts in memory, which never block. */
    Worker INLINE = counting -> {
      try {
        counting.run();
        return Future.succeededFuture();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    };
  }

  private final Counts counts;
  private final Worker worker;
  private final Clock clock;
  private final int freePerPair;
  private final int freePerEmail;
  private final int freePerAddress;

  /** Counts in this node's memory. */
  public LoginThrottle(Clock clock, ClientLimits limits) {
    this(clock, limits, new MemoryCounts(), Worker.INLINE);
  }

  public LoginThrottle(Clock clock, ClientLimits limits, Counts counts, Worker worker) {
    this.clock = clock;
    this.counts = counts;
    this.worker = worker;
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
    String normalized = normalize(email);
    take("pair:" + normalized + "|" + address, freePerPair, now);
    take("email:" + normalized, freePerEmail, now);
    take("address:" + address, freePerAddress, now);
  }

  /**
   * {@link #acquire} through the worker: fails with {@link RateLimitedException} when the attempt must
   * wait. Call it before the password check is queued, so refused guesses never take a place there.
   */
  public Future<Void> attempt(String email, String address) {
    return worker.run(() -> acquire(email, address));
  }

  /** {@link #succeeded} through the worker. */
  public Future<Void> succeed(String email, String address) {
    return worker.run(() -> succeeded(email, address));
  }

  /** The password was right: the email's counts start again (the address's stay: one address, many emails). */
  public void succeeded(String email, String address) {
    String normalized = normalize(email);
    counts.forget(java.util.List.of("pair:" + normalized + "|" + address, "email:" + normalized));
  }

  private void take(String key, int free, long now) {
    long waitMillis = counts.take(key, free, now).waitMillis();
    if (waitMillis > 0) {
      long retryAfter = Math.max(1, (waitMillis + 999) / 1000);
      throw new RateLimitedException("too many login attempts; try again in " + retryAfter + " s", retryAfter);
    }
  }

  /**
   * One attempt on a key's count ({@code null} when there is none): let through and counted, with a
   * delay for the next once past the free ones, or refused with the time left to wait.
   */
  static Taken step(Count count, int free, long now) {
    if (count == null || now - count.lastMillis() >= WINDOW.toMillis()) {
      return new Taken(new Count(now, 1, 0), 0);
    }
    if (now < count.notBeforeMillis()) {
      return new Taken(count, count.notBeforeMillis() - now);
    }
    int attempts = count.attempts() + 1;
    return new Taken(new Count(now, attempts, attempts > free ? now + delay(attempts - free).toMillis() : 0), 0);
  }

  /** One node's counts, in memory; forgotten a window after their last attempt once there are many. */
  private static final class MemoryCounts implements Counts {

    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    @Override
    public Taken take(String key, int free, long now) {
      if (counts.size() > MAX_TRACKED) {
        counts.values().removeIf(count -> now - count.lastMillis() >= WINDOW.toMillis());
      }
      Taken[] taken = new Taken[1];
      counts.compute(key, (k, count) -> {
        taken[0] = step(count, free, now);
        return taken[0].next();
      });
      return taken[0];
    }

    @Override
    public void forget(java.util.List<String> keys) {
      keys.forEach(counts::remove);
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
