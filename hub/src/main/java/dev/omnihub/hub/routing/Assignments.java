package dev.omnihub.hub.routing;

import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.service.SystemLines;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way a conversation gets or loses an agent, for routing and people alike: a hold on the
 * agent's capacity first ({@link AgentLoads}), then the conversation written only if it is still the
 * version that was read, then the previous agent's hold given back. A decision that loses a race
 * writes nothing to the conversation and gives its own hold back (nobody else ever carries a hold's
 * token, so that is safe); a crash between the two writes leaves a hold that {@link HoldReconciler}
 * gives back. Every change is a system line and a {@code conversation.updated} event. Blocking: run
 * inside a publishing store write.
 */
public final class Assignments {

  /** What an attempt came to. */
  public sealed interface Result {
  }

  /** Done: the conversation as it is now, and the events to publish. */
  public record Done(Conversation after, List<HubEvent> events) implements Result {
  }

  /** The agent has no room for the conversation's channel type. */
  public record NoRoom() implements Result {
  }

  /** The conversation changed since it was read (or a hold of it is still being settled); read it again. */
  public record Changed() implements Result {
  }

  private final RoutedConversations conversations;
  private final AgentLoads loads;
  private final HoldReconciler holds;
  private final SystemLines lines;
  private final Clock clock;

  public Assignments(RoutedConversations conversations, AgentLoads loads, HoldReconciler holds, SystemLines lines, Clock clock) {
    this.conversations = conversations;
    this.loads = loads;
    this.holds = holds;
    this.lines = lines;
    this.clock = clock;
  }

  /**
   * Gives the conversation to the agent, within {@code capacity} conversations of its channel type
   * ({@link AgentLoads#NO_LIMIT} for a person's decision).
   *
   * @param line the system line that tells it
   */
  public Result assign(Conversation read, Agent agent, int capacity, Decision decision, String line, Principal actor) {
    Instant now = clock.instant();
    String type = read.capacityType();
    if (!read.active()) {
      // A resolved or closed conversation takes nobody's capacity: it is theirs again if it reopens.
      Optional<Conversation> after = conversations.assign(read, agent.id(), null, type, decision, now);
      after.ifPresent(assigned -> endPreviousHold(read, assigned));
      return after.<Result>map(assigned -> done(read, assigned, List.of("assignee"), line, actor)).orElseGet(Changed::new);
    }
    Optional<String> token = reserve(read, agent.id(), type, capacity, now);
    if (token == null) {
      return new Changed();
    }
    if (token.isEmpty()) {
      return new NoRoom();
    }
    Optional<Conversation> after = conversations.assign(read, agent.id(), token.get(), type, decision, now);
    if (after.isEmpty()) {
      loads.release(agent.id(), read.id(), token.get());
      return new Changed();
    }
    endPreviousHold(read, after.get());
    return done(read, after.get(), List.of("assignee"), line, actor);
  }

  /** A reopened conversation stays with its agent, who has room: a new hold counts it again. */
  public Result keep(Conversation read, Agent agent, int capacity, String line) {
    Instant now = clock.instant();
    String type = read.capacityType();
    Optional<String> token = reserve(read, agent.id(), type, capacity, now);
    if (token == null) {
      return new Changed();
    }
    if (token.isEmpty()) {
      return new NoRoom();
    }
    Decision decision = Decision.of(read.routing().reason() == null ? Decision.MANUAL : read.routing().reason(), read.queueId());
    Optional<Conversation> after = conversations.keep(read, token.get(), type, decision, now);
    if (after.isEmpty()) {
      loads.release(agent.id(), read.id(), token.get());
      return new Changed();
    }
    return done(read, after.get(), List.of("assignee"), line, SystemLines.HUB);
  }

  /**
   * Takes the conversation from its agent; with a queue it waits there from {@code since}, without
   * one it is unassigned (and placed again).
   */
  public Result unassign(Conversation read, String queueId, Instant since, Decision decision, String line, Principal actor) {
    Optional<Conversation> after = conversations.unassign(read, queueId, since, decision, clock.instant());
    if (after.isEmpty()) {
      return new Changed();
    }
    endPreviousHold(read, after.get());
    List<String> changes = queueId != null && !queueId.equals(read.queueId()) ? List.of("assignee", "queue") : List.of("assignee");
    return done(read, after.get(), changes, line, actor);
  }

  /**
   * A hold for the agent: its token, empty when they have no room, {@code null} when a hold of theirs
   * on this conversation is still being decided (another attempt's, or one a crash left) and was
   * settled now: the caller reads the conversation again.
   */
  private Optional<String> reserve(Conversation read, String agentId, String type, int capacity, Instant now) {
    AgentLoads.Reservation reservation = loads.reserve(agentId, read.id(), type, read.version(), capacity, now);
    return switch (reservation) {
      case AgentLoads.Reserved reserved -> Optional.of(reserved.token());
      case AgentLoads.Full full -> Optional.empty();
      case AgentLoads.AlreadyHeld held -> {
        holds.settle(agentId, read.id());
        yield null;
      }
    };
  }

  /** The agent who had it before gives back the hold that counted it (the conversation no longer carries it). */
  private void endPreviousHold(Conversation before, Conversation after) {
    if (before.assigneeId() != null && before.routing().hold() != null && !before.routing().hold().equals(after.routing().hold())) {
      loads.release(before.assigneeId(), before.id(), before.routing().hold());
    }
  }

  private Done done(Conversation before, Conversation after, List<String> changes, String line, Principal actor) {
    List<HubEvent> events = new ArrayList<>();
    events.add(new ConversationUpdated(after, changes, before.assigneeId()));
    if (line != null) {
      events.addAll(lines.write(after, line, actor).events());
    }
    return new Done(after, events);
  }
}
