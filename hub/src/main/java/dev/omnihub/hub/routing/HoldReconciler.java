package dev.omnihub.hub.routing;

import dev.omnihub.hub.conversation.Conversation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives back holds that back no assignment: the conversation was resolved, closed, reassigned or
 * deleted, its assignment lost a race, or a crash came between the hold and the assignment. A hold is
 * valid while its conversation is active, assigned to the hold's agent and carries its token. One that
 * is not, on a conversation written since the hold was taken, can never become valid (only the hold's
 * taker carries its token, and only on the version it read); one on an unchanged conversation may be a
 * decision in flight, so the conversation is first moved to a new version (fenced), which that decision
 * can no longer write to. Blocking: run inside a store write.
 */
public final class HoldReconciler {

  /** Conversations a sweep reads per query. */
  private static final int SWEEP_READ = 500;
  private final RoutedConversations conversations;
  private final AgentLoads loads;

  public HoldReconciler(RoutedConversations conversations, AgentLoads loads) {
    this.conversations = conversations;
    this.loads = loads;
  }

  /** Settles the agent's hold of the conversation, if any. */
  public void settle(String agentId, String conversationId) {
    loads.holdOf(agentId, conversationId).ifPresent(this::settle);
  }

  /**
   * Settles every hold of a conversation (after it was resolved, closed, reassigned...) as it was just
   * read or as the change that freed it left it, deciding on that where it can: one past the
   * hold's version that does not carry it can never carry it (only the hold's taker writes its token,
   * and only on the version it read), so the hold goes back without reading the conversation again.
   */
  public void settleConversation(Conversation read) {
    for (AgentLoads.Hold hold : loads.holdsOf(read.id())) {
      if (backs(hold, read)) {
        continue;
      }
      if (read.version() > hold.version()) {
        loads.release(hold);
      } else {
        settle(hold);
      }
    }
  }

  /**
   * Settles holds taken before {@code takenBefore}, of every agent: the sweep after crashes and lost
   * races. Their conversations are read in one query (most holds back their assignment: with long
   * handling times hundreds of holds are older than a sweep's horizon, and a read for each held up the
   * pass that ran the sweep for seconds).
   *
   * @return how many were given back
   */
  public int sweep(Instant takenBefore) {
    List<AgentLoads.Hold> old = new ArrayList<>();
    for (AgentLoads.Load load : loads.all()) {
      for (AgentLoads.Hold hold : load.holds()) {
        if (hold.at() == null || hold.at().isBefore(takenBefore)) {
          old.add(hold);
        }
      }
    }
    Map<String, Conversation> read = new HashMap<>();
    for (int from = 0; from < old.size(); from += SWEEP_READ) {
      List<String> ids = old.subList(from, Math.min(old.size(), from + SWEEP_READ)).stream().map(AgentLoads.Hold::conversationId).toList();
      conversations.findAll(ids).forEach(conversation -> read.put(conversation.id(), conversation));
    }
    int released = 0;
    for (AgentLoads.Hold hold : old) {
      Conversation conversation = read.get(hold.conversationId());
      if (conversation != null && backs(hold, conversation)) {
        continue;
      }
      boolean given = conversation != null && conversation.version() > hold.version() ? loads.release(hold) : settle(hold);
      released += given ? 1 : 0;
    }
    return released;
  }

  /** @return whether the hold was given back */
  boolean settle(AgentLoads.Hold hold) {
    Optional<Conversation> conversation = conversations.find(hold.conversationId());
    if (conversation.isPresent() && backs(hold, conversation.get())) {
      return false;
    }
    if (conversation.isPresent() && conversation.get().version() == hold.version()
        && !conversations.fence(hold.conversationId(), hold.version())) {
      // It changed in the meantime: perhaps the decision in flight carried the hold after all.
      conversation = conversations.find(hold.conversationId());
      if (conversation.isPresent() && backs(hold, conversation.get())) {
        return false;
      }
    }
    return loads.release(hold);
  }

  private static boolean backs(AgentLoads.Hold hold, Conversation conversation) {
    return conversation.active() && hold.agentId().equals(conversation.assigneeId()) && hold.token().equals(conversation.routing().hold());
  }
}
