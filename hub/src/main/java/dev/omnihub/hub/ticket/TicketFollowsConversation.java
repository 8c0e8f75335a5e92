package dev.omnihub.hub.ticket;

import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.Reaction;
import java.util.List;
import java.util.Optional;

/**
 * A ticket follows its conversation's status: resolving the conversation solves its open ticket,
 * closing it closes the ticket, and a conversation open again (a customer wrote to it) reopens its
 * solved ticket. A reaction, so the conversation service knows nothing of tickets; it looks at the
 * conversation as it is now, so running it again changes nothing. (The other way, a ticket solved or
 * reopened through the API changes its conversation in the same request.)
 */
public final class TicketFollowsConversation {

  private static final int MAX_TRIES = 5;
  private final TicketDesk desk;
  private final ConversationStore conversations;

  public TicketFollowsConversation(TicketDesk desk, ConversationStore conversations) {
    this.desk = desk;
    this.conversations = conversations;
  }

  public Reaction reaction() {
    return new Reaction() {
      @Override
      public String name() {
        return "tickets";
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        return event.event() instanceof ConversationUpdated updated && updated.changes().contains("status");
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        return conversations.find(event.conversationId()).map(TicketFollowsConversation.this::follow).orElse(List.of());
      }
    };
  }

  /**
   * Puts the conversation's newest ticket in the status its conversation says (blocking).
   *
   * @return the ticket's event, if it changed
   */
  List<HubEvent> follow(Conversation conversation) {
    for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
      Optional<Ticket> latest = desk.tickets().latestFor(conversation.id());
      if (latest.isEmpty()) {
        return List.of();
      }
      String wanted = wanted(conversation.status(), latest.get().status());
      if (wanted == null || wanted.equals(latest.get().status())) {
        return List.of();
      }
      try {
        Optional<Outcome<Ticket>> changed = desk.change(latest.get(), new TicketStore.Patch(wanted, null, null, null), Actor.SYSTEM);
        if (changed.isPresent()) {
          return changed.get().events();
        }
      } catch (dev.omnihub.hub.errors.ConflictException refused) {
        return List.of(); // closed for good, or another ticket of the conversation is open: nothing to follow
      }
    }
    return List.of();
  }

  /** The ticket status a conversation status asks for, or {@code null} for none. */
  private static String wanted(ConversationStatus conversation, String ticket) {
    return switch (conversation) {
      case RESOLVED -> Ticket.OPEN_STATUSES.contains(ticket) ? "solved" : null;
      case CLOSED -> "closed".equals(ticket) ? null : "closed";
      default -> "solved".equals(ticket) ? "open" : null;
    };
  }
}
