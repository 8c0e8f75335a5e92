package dev.omnihub.hub.conversation;

/**
 * The conversation's open (or latest) ticket as its view shows it, kept on the conversation by every
 * ticket change in the same write, so a list of conversations reads no ticket.
 */
public record TicketRef(String id, long number, String status, String priority, int escalationLevel) {
}
