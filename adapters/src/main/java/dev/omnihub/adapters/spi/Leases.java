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
  Future<Boolean> acquire(String name, Duration ttl);

  /** Gives the lease up early, if this node holds it. */
  Future<Void> release(String name);
}
