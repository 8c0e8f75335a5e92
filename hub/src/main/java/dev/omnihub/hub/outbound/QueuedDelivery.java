package dev.omnihub.hub.outbound;

import dev.omnihub.hub.events.HubEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * Delivers queued entries of one kind other than reply messages (a bot's events, the chat's offline
 * mail), registered with the dispatcher at wiring. The dispatcher applies one policy to every kind:
 * a failed attempt is tried again with backoff up to {@code OUTBOX_MAX_ATTEMPTS} times (at once given
 * up when the failure is a permanent {@link dev.omnihub.adapters.spi.DeliveryException}); an entry
 * given up is recorded in {@code dead_deliveries} and its kind told, so nothing is retried forever and
 * nothing is dropped unseen.
 */
public interface QueuedDelivery {

  /**
   * Makes one attempt. Succeeds with what to record now that it is done (also when there is nothing
   * to deliver any more: {@link #NOTHING}); fails when the attempt failed.
   */
  Future<Done> send(Outbox.Entry entry);

  /** The entry was given up; blocking, inside the store write that buries it. */
  List<HubEvent> gaveUp(Outbox.Entry entry, String reason);

  /** What a finished delivery records; blocking, inside the store write that removes the entry. */
  @FunctionalInterface
  interface Done {
    List<HubEvent> record();
  }

  /** A delivery that records nothing. */
  Done NOTHING = List::of;
}
