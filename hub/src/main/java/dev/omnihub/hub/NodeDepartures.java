package dev.omnihub.hub;

import dev.omnihub.hub.channel.LeaseStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.realtime.AgentPresenceTracker;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.timers.TimerStore;
import io.vertx.core.Future;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node held when it left the cluster without saying so (its place expired), handed to the
 * others at once rather than when each lease runs out: its agents' sockets, its named leases
 * (reactions, pollers), its timer claims and its outbox entries in flight; and the deliveries of messages
 * it wrote but was killed before it queued (a campaign's batch dies between the two writes, and whoever
 * runs the batch again finds the message sent). Every live node that sees
 * it leave does this; doing it twice changes nothing. A node that was only paused comes back to find
 * its claims gone or taken, and its fenced writes refused (see {@link LeaseStore}, the timers' claim
 * tokens, the outbox's lease owner).
 */
final class NodeDepartures {

  private static final Logger log = LoggerFactory.getLogger(NodeDepartures.class);

  private final MongoStore store;
  private final AgentPresenceTracker presence;
  private final LeaseStore leases;
  private final TimerStore timers;
  private final Outbox outbox;
  private final MessageStore messages;
  private final Clock clock;

  NodeDepartures(MongoStore store, AgentPresenceTracker presence, LeaseStore leases, TimerStore timers, Outbox outbox, MessageStore messages,
      Clock clock) {
    this.store = store;
    this.presence = presence;
    this.leases = leases;
    this.timers = timers;
    this.outbox = outbox;
    this.messages = messages;
    this.clock = clock;
  }

  /** Takes what {@code gone} held back for the cluster; logs what it took. */
  Future<Void> left(String gone) {
    Future<Void> agents = presence.nodeLeft(gone)
        .onFailure(error -> log.warn("Could not take the agents of node {} offline: {}", gone, error.toString()));
    Future<Void> work = store.write(() -> {
      long named = leases.endLeasesOf(gone);
      long claimed = timers.releaseLeasesOf(gone);
      long sending = outbox.releaseLeases(gone, clock.instant());
      int unqueued = outbox.rebuild(messages.undelivered());
      if (named + claimed + sending + unqueued > 0) {
        log.info("Node {} left the cluster: took over its {} leases, {} timers and {} deliveries in flight, and queued {} it had not",
            gone, named, claimed, sending, unqueued);
      }
      return (Void) null;
    }).onFailure(error -> log.warn("Could not take over the work of node {}: {}", gone, error.toString()));
    return Future.join(agents, work).mapEmpty();
  }
}
