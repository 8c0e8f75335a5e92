package dev.omnihub.hub.routing;

import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.events.ConversationCreated;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Reaction;
import dev.omnihub.hub.service.SystemLines;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Routing's listener of conversation events: after each change of a conversation it looks at the
 * conversation as it is now and puts routing right: holds that no longer back an assignment are given
 * back (resolved, closed, reassigned), a conversation open with nobody waits in its queue (or stays in
 * the pool when no queue takes its channel), a reopened one stays with its agent while they are online
 * with room, and one a person took by replying is counted against them. It decides from the state, not
 * from the event, so running it again for the same event changes nothing. The {@link QueueRouter} then
 * assigns what waits.
 */
public final class ConversationRouting {

  private final RoutedConversations conversations;
  private final QueueStore queues;
  private final AgentStore agents;
  private final Assignments assignments;
  private final HoldReconciler holds;
  private final SystemLines lines;
  private final Clock clock;

  public ConversationRouting(RoutedConversations conversations, QueueStore queues, AgentStore agents, Assignments assignments,
      HoldReconciler holds, SystemLines lines, Clock clock) {
    this.conversations = conversations;
    this.queues = queues;
    this.agents = agents;
    this.assignments = assignments;
    this.holds = holds;
    this.lines = lines;
    this.clock = clock;
  }

  /**
   * A router runs on this node. It places the conversations created here itself, in the pass that may
   * assign them, and gives back at once the place of one resolved or closed here: the listener leaves
   * both to it rather than race it (each lost race for an arrival was a placement, a system line and an
   * assignment written for nothing; for a closed conversation there is nothing else to do than give
   * its hold back). An arrival the router loses (its node stopped) is placed by any router's sweep of
   * unplaced conversations; a hold it did not give back, by the sweep of stray holds.
   */
  private volatile boolean localRouter;

  void leaveToLocalRouter() {
    localRouter = true;
  }

  /** The reaction that runs {@link #reconsider} for every conversation event routing did not cause itself. */
  public Reaction reaction() {
    return new Reaction() {
      @Override
      public String name() {
        return "routing";
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        if (event.event() instanceof ConversationCreated) {
          return !localRouter;
        }
        return event.event() instanceof ConversationUpdated updated && !routersOwn(updated) && !updated.onlyRead()
            && !(localRouter && !updated.conversation().active());
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        return reconsider(event.conversationId());
      }
    };
  }

  /** An assignment by the router, or a placement in a queue: nothing for this listener to do. */
  static boolean routersOwn(ConversationUpdated updated) {
    Conversation conversation = updated.conversation();
    String reason = conversation.routing().reason();
    boolean routed = updated.changes().equals(List.of("assignee")) && conversation.assigneeId() != null
        && (Decision.LEAST_LOADED.equals(reason) || Decision.ROUND_ROBIN.equals(reason));
    boolean queued = updated.changes().equals(List.of("queue")) && conversation.assigneeId() == null;
    return routed || queued;
  }

  /**
   * Puts the conversation's routing right, tried again while it changes under it.
   *
   * @return the events of what it changed
   */
  public List<HubEvent> reconsider(String conversationId) {
    Optional<Conversation> now = conversations.find(conversationId);
    if (now.isEmpty() || waitsAsItShould(now.get()) || heldAsItShould(now.get())) {
      // The common cases, when the router got there first: nothing to do, and no hold to look for (a
      // stray hold of another agent, from a lost race, is given back by the router's sweep).
      return List.of();
    }
    holds.settleConversation(now.get());
    // Decided on what was read first (a fence by the settling only makes that decision's write miss);
    // read again only when it changed.
    Optional<Conversation> conversation = now;
    for (int attempt = 0; attempt < 5 && conversation.isPresent(); attempt++) {
      Optional<List<HubEvent>> done = decide(conversation.get());
      if (done.isPresent()) {
        return done.get();
      }
      conversation = conversations.find(conversationId);
    }
    // Still changing: the next event of it, or the router's sweep, looks again.
    return List.of();
  }

  private static boolean waitsAsItShould(Conversation conversation) {
    return conversation.routing().waitingIn() != null && conversation.assigneeId() == null && conversation.botId() == null
        && conversation.status() == ConversationStatus.OPEN;
  }

  private static boolean heldAsItShould(Conversation conversation) {
    return conversation.active() && conversation.assigneeId() != null && conversation.routing().hold() != null
        && conversation.routing().waitingIn() == null;
  }

  /** @return the events, or empty when the conversation changed since it was read */
  private Optional<List<HubEvent>> decide(Conversation read) {
    Instant now = clock.instant();
    boolean waiting = read.routing().waitingIn() != null;
    if (read.botId() != null || read.status() != ConversationStatus.OPEN && read.assigneeId() == null) {
      return waiting ? conversations.stopWaiting(read, now).map(after -> List.<HubEvent>of()) : Optional.of(List.of());
    }
    if (read.assigneeId() != null) {
      if (waiting) {
        return conversations.stopWaiting(read, now).map(after -> List.<HubEvent>of());
      }
      return read.active() && read.routing().hold() == null ? back(read) : Optional.of(List.of());
    }
    if (!needsPlacement(read)) {
      // Waits already; or its first message is still being written (its event comes after).
      return Optional.of(List.of());
    }
    List<Queue> all = queues.list();
    Optional<Queue> queue = Placement.choose(read, all);
    if (queue.isEmpty()) {
      return read.routing().pooled() ? Optional.of(List.of()) : conversations.pool(read, now).map(after -> List.<HubEvent>of());
    }
    return placeIn(read, queue.get());
  }

  /** Is it a conversation that should wait in a queue and does not yet (open, nobody's, no bot, its first message written)? */
  static boolean needsPlacement(Conversation conversation) {
    return conversation.status() == ConversationStatus.OPEN && conversation.assigneeId() == null && conversation.botId() == null
        && conversation.routing().waitingIn() == null && conversation.lastChannelId() != null;
  }

  /**
   * It waits in the queue from the customer's first unanswered word.
   *
   * @return the events, or empty when the conversation changed since it was read
   */
  Optional<List<HubEvent>> placeIn(Conversation read, Queue queue) {
    Instant now = clock.instant();
    Instant since = read.waitingSince() == null ? now : read.waitingSince();
    return conversations.place(read, queue.id(), since, now).map(after -> {
      List<HubEvent> events = new ArrayList<>();
      events.add(new ConversationUpdated(after, List.of("queue"), null));
      events.addAll(lines.write(after, "Waiting in queue " + queue.name(), SystemLines.HUB).events());
      return events;
    });
  }

  /**
   * An active conversation with an agent but no hold: a person took it by replying (counted against
   * them whatever they hold), or it was reopened: it stays with its agent while they are online with
   * room, else it goes back to its queue.
   */
  private Optional<List<HubEvent>> back(Conversation read) {
    Optional<Agent> agent = agents.find(read.assigneeId()).filter(Agent::active);
    Assignments.Result result;
    // A person's (or, with no routing decision at all, one made before routing existed): theirs, counted without a limit.
    if (agent.isPresent() && (read.routing().manual() || read.routing().reason() == null)) {
      result = assignments.keep(read, agent.get(), AgentLoads.NO_LIMIT, null);
    } else if (agent.isPresent() && agent.get().online()) {
      result = assignments.keep(read, agent.get(), Capacities.of(agent.get(), read.capacityType()),
          "Reopened: stays with " + agent.get().name());
      if (result instanceof Assignments.NoRoom) {
        result = giveBack(read, Decision.CAPACITY, agent.get().name() + " has no room: back to the queue");
      }
    } else {
      result = giveBack(read, Decision.OFFLINE, "Reopened while " + agent.map(Agent::name).orElse("its agent") + " is away: back to the queue");
    }
    return result instanceof Assignments.Done done ? Optional.of(done.events()) : Optional.empty();
  }

  private Assignments.Result giveBack(Conversation read, String reason, String line) {
    Optional<Queue> queue = Placement.choose(read, queues.list());
    Instant since = read.waitingSince() == null ? clock.instant() : read.waitingSince();
    String queueId = queue.map(Queue::id).orElse(null);
    return assignments.unassign(read, queueId, since, Decision.of(reason, queueId), line + queue.map(q -> " " + q.name()).orElse(""),
        SystemLines.HUB);
  }
}
