package dev.omnihub.hub.limits;

import dev.omnihub.adapters.spi.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code limit} uses per key within a window that starts at the key's first use: enough to
 * keep one visitor or one address from flooding the hub. Uses are counted in memory on this node;
 * when nodes share a store, the uses other nodes counted for the key in their open windows
 * ({@link PeerUses}, exchanged every second through {@link SharedCounts}) count too. Refused uses are
 * not counted. Windows of keys not seen for a while are dropped once many keys are tracked.
 */
public final class RateLimiter {

  private static final int MAX_TRACKED = 100_000;
  /** The most keys offered to other nodes: the busiest, which are the ones near a limit. */
  static final int MAX_SHARED = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  /** What other nodes counted: the uses of a key in their windows still open at {@code nowMillis}. */
  @FunctionalInterface
  public interface PeerUses {

    int uses(String limiter, String key, long nowMillis);
  }

  /** A key's uses on this node since {@code startMillis}, offered to the other nodes. */
  public record KeyWindow(String key, long startMillis, int uses) {
  }

  /** Uses counted since {@code startMillis}; {@code refused} once a use was refused in it (logged once). */
  private record Window(long startMillis, int uses, boolean refused) {
  }

  private final String name;
  private final String what;
  private final int limit;
  private final long windowMillis;
  private final Clock clock;
  private final PeerUses peers;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * @param name  names the limit among the nodes (its setting, {@code WIDGET_SESSIONS_PER_MINUTE})
   * @param what  names the limited thing in the error ("widget sessions from this address")
   * @param peers the uses other nodes counted
   */
  public RateLimiter(String name, String what, int limit, Duration window, Clock clock, PeerUses peers) {
    this.name = name;
    this.what = what;
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.clock = clock;
    this.peers = peers;
  }

  public String name() {
    return name;
  }

  public long windowMillis() {
    return windowMillis;
  }

  /**
   * Counts one use.
   *
   * @throws RateLimitedException with the seconds until the window ends, when the key used it up here
   *                              and on the other nodes (nothing is counted then)
   */
  public void acquire(String key) {
    long now = clock.millis();
    if (windows.size() > MAX_TRACKED) {
      windows.values().removeIf(open -> now - open.startMillis() >= windowMillis);
    }
    int elsewhere = peers.uses(name, key, now);
    // [0]: this use is refused; [1]: it is the window's first refusal, logged once.
    boolean[] refused = new boolean[2];
    Window counted = windows.compute(key, (ignored, old) -> {
      Window current = old == null || now - old.startMillis() >= windowMillis ? new Window(now, 0, false) : old;
      if (current.uses() + elsewhere < limit) {
        return new Window(current.startMillis(), current.uses() + 1, current.refused());
      }
      refused[0] = true;
      refused[1] = !current.refused();
      return new Window(current.startMillis(), current.uses(), true);
    });
    if (!refused[0]) {
      return;
    }
    if (refused[1]) {
      // Once per key and window: who is being refused, without a line per refused request.
      LOG.info("Limit reached: {} ({}), {} per {} s ({} of them on other nodes); refusing until the window ends", what, key, limit,
          windowMillis / 1000, elsewhere);
    }
    long retryAfter = Math.max(1, (counted.startMillis() + windowMillis - now + 999) / 1000);
    throw new RateLimitedException("too many " + what + "; try again in " + retryAfter + " s", retryAfter);
  }

  /**
   * The keys worth telling other nodes about: those whose open window holds at least a twentieth of
   * the limit here (a key below that on every other node is missed by at most that much each), the
   * busiest {@value #MAX_SHARED}.
   */
  public List<KeyWindow> shared() {
    long now = clock.millis();
    int from = Math.max(1, limit / 20);
    List<KeyWindow> busy = new ArrayList<>();
    windows.forEach((key, window) -> {
      if (window.uses() >= from && now - window.startMillis() < windowMillis) {
        busy.add(new KeyWindow(key, window.startMillis(), window.uses()));
      }
    });
    if (busy.size() > MAX_SHARED) {
      busy.sort(Comparator.comparingInt(KeyWindow::uses).reversed());
      return List.copyOf(busy.subList(0, MAX_SHARED));
    }
    return busy;
  }
}
