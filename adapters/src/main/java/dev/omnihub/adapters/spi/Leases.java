package dev.omnihub.adapters.spi;

import io.vertx.core.Future;
import java.time.Duration;

/** Named leases shared by every hub node on one store: work that must run on one node at a time. */
public interface Leases {

  /**
   * Takes the lease for this node, or renews it if this node holds it.
   *
   * @return true when this node holds it for {@code ttl} from now; false when another node does
   */
  default Future<Boolean> acquire(String name, Duration ttl) {
    return acquireFenced(name, ttl).map(token -> token > 0);
  }

  /**
   * As {@link #acquire}, answering the lease's fencing token: it grows each time the lease changes
   * hands (never when its holder renews it), so state the holder writes with its token can refuse the
   * writes of a holder that lost the lease without knowing it (paused past its expiry).
   *
   * @return the token (at least 1) while this node holds it; 0 when another node does
   */
  Future<Long> acquireFenced(String name, Duration ttl);

  /** Gives the lease up early, if this node holds it. */
  Future<Void> release(String name);
}
