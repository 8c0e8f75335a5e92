package dev.omnihub.hub.routing;

import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.service.AssignmentChange;
import dev.omnihub.hub.service.SystemLines;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A person assigns, moves or unassigns a conversation ({@code POST /conversations/{id}/assign}). Their
 * choice may take an agent above capacity (routing never does) and routing leaves it alone, except to
 * give chats back from an agent long offline. A race with the router is settled by the conversation's
 * version: the losing side reads it again. Blocking: run inside a publishing store write.
 */
public final class ManualAssignments {

  private static final int ATTEMPTS = 5;

  private final RoutedConversations conversations;
  private final Assignments assignments;
  private final AgentStore agents;
  private final QueueStore queues;
  private final QueueBoard board;
  private final SystemLines lines;
  private final Clock clock;

  public ManualAssignments(RoutedConversations conversations, Assignments assignments, AgentStore agents, QueueStore queues,
      QueueBoard board, SystemLines lines, Clock clock) {
    this.board = board;
    this.conversations = conversations;
    this.assignments = assignments;
    this.agents = agents;
    this.queues = queues;
    this.lines = lines;
    this.clock = clock;
  }

  /**
   * @throws NotFoundException  when the conversation, the agent or the queue does not exist
   * @throws ConflictException  {@code busy} when the conversation kept changing under five attempts
   */
  public Outcome<Conversation> assign(String conversationId, AssignmentChange change, Principal actor) {
    return assign(conversationId, change, actor, null);
  }

  /**
   * As a person does it, for an automation rule: its decision is {@code rule} (with the rule's id), not
   * {@code manual}, so routing treats the assignment as its own.
   *
   * @param ruleId the rule that decided; {@code null} for a person
   */
  public Outcome<Conversation> assign(String conversationId, AssignmentChange change, Principal actor, String ruleId) {
    Agent agent = change.agentGiven() && change.agentId() != null
        ? agents.find(change.agentId()).filter(Agent::active).orElseThrow(() -> new NotFoundException("agent", change.agentId()))
        : null;
    Queue queue = change.queueGiven() && change.queueId() != null ? queues.require(change.queueId()) : null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Conversation read = conversations.find(conversationId).orElseThrow(() -> new NotFoundException("conversation", conversationId));
      Optional<Outcome<Conversation>> done = attempt(read, change, agent, queue, actor, ruleId);
      if (done.isPresent()) {
        return done.get();
      }
    }
    throw new ConflictException("busy", "conversation " + conversationId + " kept changing while it was being assigned; try again");
  }

  /** @return the outcome, or empty when the conversation changed since it was read */
  private Optional<Outcome<Conversation>> attempt(Conversation read, AssignmentChange change, Agent agent, Queue queue, Principal actor,
      String ruleId) {
    String queueId = change.queueGiven() ? change.queueId() : read.queueId();
    String inQueue = queue == null ? "" : " in queue " + queue.name();
    Decision decision = ruleId == null ? Decision.of(Decision.MANUAL, queueId) : new Decision(Decision.RULE, ruleId, queueId);
    Assignments.Result result;
    if (agent != null) {
      if (agent.id().equals(read.assigneeId()) && read.routing().hold() != null && Objects.equals(queueId, read.queueId())) {
        return Optional.of(Outcome.of(read));
      }
      result = assignments.assign(read, agent, AgentLoads.NO_LIMIT, decision,
          actor.name() + " assigned the conversation to " + agent.name() + inQueue, actor);
      if (result instanceof Assignments.Done done && done.after().queueId() != null) {
        board.countAssigned(done.after().queueId(), 1, clock.instant());
      }
    } else if (change.agentGiven()) {
      if (read.assigneeId() == null && Objects.equals(queueId, read.queueId())) {
        return Optional.of(Outcome.of(read));
      }
      result = assignments.unassign(read, queueId, read.waitingSince() == null ? clock.instant() : read.waitingSince(), decision,
          actor.name() + " unassigned the conversation" + inQueue, actor);
    } else {
      if (Objects.equals(queueId, read.queueId())) {
        return Optional.of(Outcome.of(read));
      }
      result = conversations.moveTo(read, queueId, decision, clock.instant())
          .<Assignments.Result>map(after -> moved(read, after, actor.name() + " moved the conversation" + inQueue, actor))
          .orElseGet(Assignments.Changed::new);
    }
    return result instanceof Assignments.Done done ? Optional.of(new Outcome<>(done.after(), done.events())) : Optional.empty();
  }

  private Assignments.Done moved(Conversation before, Conversation after, String line, Principal actor) {
    List<HubEvent> events = new ArrayList<>();
    events.add(new ConversationUpdated(after, List.of("queue"), before.assigneeId()));
    events.addAll(lines.write(after, line, actor).events());
    return new Assignments.Done(after, events);
  }
}
