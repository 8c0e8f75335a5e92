package dev.omnihub.hub.routing;

import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.service.SystemLines;
import dev.omnihub.hub.store.MongoStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/** Routing, wired: queues, the capacity ledger, the one assignment path, its listener and its loop. */
public record RoutingServices(QueueStore queues, AgentLoads loads, RoutedConversations conversations, Assignments assignments,
    ManualAssignments manual, ConversationRouting listener, QueueRouter router, QueueBoard board, QueueStatsPublisher stats) {

  public static RoutingServices create(PublishingStore store, MongoStore mongo, AgentStore agents, ChannelStore channels, SystemLines lines,
      Clock clock, Duration reassignOffline, MeterRegistry metrics) {
    QueueStore queues = new QueueStore(mongo);
    AgentLoads loads = new AgentLoads(mongo);
    RoutedConversations conversations = new RoutedConversations(mongo);
    HoldReconciler holds = new HoldReconciler(conversations, loads);
    QueueBoard board = new QueueBoard(mongo, queues, agents, loads, channels);
    Assignments assignments = new Assignments(conversations, loads, holds, lines, clock);
    ConversationRouting listener = new ConversationRouting(conversations, queues, agents, assignments, holds, lines, clock);
    QueueRouter router = new QueueRouter(store, conversations, queues, agents, loads, assignments, holds, listener, board, lines, clock, reassignOffline);
    return new RoutingServices(queues, loads, conversations, assignments,
        new ManualAssignments(conversations, assignments, agents, queues, board, lines, clock), listener, router, board,
        new QueueStatsPublisher(store, board, clock, metrics));
  }
}
