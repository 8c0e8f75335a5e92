package dev.omnihub.hub.routing;

import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.service.SystemLines;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the router does once a second besides assigning: conversations that waited past their queue's
 * overflow time move (once) to the overflow queue, keeping their place in time; an agent offline longer
 * than {@code REASSIGN_OFFLINE_SECONDS} gives back their open chats whose customer waits (email stays
 * with them). Blocking, inside the router's pass.
 */
final class RoutingSweep {

  private static final Set<String> STAYS_WITH_OFFLINE_AGENT = Set.of("email");

  private final RoutedConversations conversations;
  private final Assignments assignments;
  private final SystemLines lines;
  private final Duration reassignOffline;

  RoutingSweep(RoutedConversations conversations, Assignments assignments, SystemLines lines, Duration reassignOffline) {
    this.conversations = conversations;
    this.assignments = assignments;
    this.lines = lines;
    this.reassignOffline = reassignOffline;
  }

  /** Moves conversations at the front of the line that waited past the queue's overflow time (on the sweep, every second). */
  void overflow(Queue queue, List<Queue> all, Instant now, List<HubEvent> events) {
    Optional<Queue> target = queue.overflowAfter() == null ? Optional.empty()
        : all.stream().filter(other -> other.id().equals(queue.overflowQueueId()) && !other.id().equals(queue.id())).findFirst();
    if (target.isEmpty()) {
      return;
    }
    Instant due = now.minus(queue.overflowAfter());
    for (Conversation conversation : conversations.waiting(queue.id(), QueueRouter.FRONT)) {
      Instant since = conversation.routing().queuedAt();
      if (conversation.routing().overflowed() || since == null || since.isAfter(due)) {
        continue;
      }
      conversations.overflow(conversation, target.get().id(), now).ifPresent(after -> {
        events.add(new ConversationUpdated(after, List.of("queue"), null));
        events.addAll(lines.write(after, "Waited more than " + human(queue.overflowAfter()) + " in " + queue.name() + ": moved to "
            + target.get().name() + " (overflow)", SystemLines.HUB).events());
      });
    }
  }

  /** An agent offline for the set time gives back their open chats (not emails) whose customer waits for an answer. */
  void giveBackFromOffline(Collection<Agent> all, List<Queue> queueList, Instant now, List<HubEvent> events) {
    Instant longAgo = now.minus(reassignOffline);
    for (Agent agent : all) {
      if (!"offline".equals(agent.presence()) || agent.presenceSince() == null || agent.presenceSince().isAfter(longAgo)) {
        continue;
      }
      for (Conversation conversation : conversations.awaitingAnswerFrom(agent.id())) {
        if (STAYS_WITH_OFFLINE_AGENT.contains(conversation.capacityType())) {
          continue;
        }
        Optional<Queue> queue = Placement.choose(conversation, queueList);
        String queueId = queue.map(Queue::id).orElse(null);
        Assignments.Result result = assignments.unassign(conversation, queueId, conversation.waitingSince(),
            Decision.of(Decision.OFFLINE, queueId), agent.name() + " has been offline for " + human(reassignOffline) + ": back to "
                + queue.map(q -> "queue " + q.name()).orElse("the unassigned pool"), SystemLines.HUB);
        if (result instanceof Assignments.Done done) {
          events.addAll(done.events());
        }
      }
    }
  }

  private static String human(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
  }
}
