package dev.omnihub.hub.store;

import io.vertx.core.Future;

/**
 * Makes "acknowledged means stored" true. A writer calls {@link #awaitDurable()} after its driver
 * calls returned; the future succeeds once everything written before the call survives a crash.
 */
public interface Durability {

  /** Succeeds when every write that completed before this call is on stable storage. */
  Future<Void> awaitDurable();

  /** Durability the server already gives with each acknowledged write (journaled, majority). */
  static Durability byWriteConcern() {
    return Future::succeededFuture;
  }
}
