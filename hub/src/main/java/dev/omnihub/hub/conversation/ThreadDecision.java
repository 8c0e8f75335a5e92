package dev.omnihub.hub.conversation;

/** The conversation a message goes to, and whether it was started for it. */
public record ThreadDecision(Conversation conversation, boolean created) {
}
