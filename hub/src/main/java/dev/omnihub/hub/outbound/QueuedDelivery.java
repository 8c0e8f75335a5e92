package dev.omnihub.hub.outbound;

import io.vertx.core.Future;

/**
 * Delivers queued entries of one kind other than messages (a bot's events), registered with the
 * dispatcher at wiring. It removes or reschedules the entry itself; a failed future leaves the entry
 * to be claimed again when its lease runs out.
 */
@FunctionalInterface
public interface QueuedDelivery {

  Future<Void> deliver(Outbox.Entry entry);
}
