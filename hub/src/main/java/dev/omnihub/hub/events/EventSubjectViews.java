package dev.omnihub.hub.events;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Messages and conversations as they are now, for events replayed from the store. Blocking. */
public final class EventSubjectViews implements EventLog.Subjects {

  private final MessageStore messages;
  private final ConversationStore conversations;

  public EventSubjectViews(MessageStore messages, ConversationStore conversations) {
    this.messages = messages;
    this.conversations = conversations;
  }

  @Override
  public Map<String, Message> messages(Collection<String> ids) {
    Map<String, Message> found = new HashMap<>();
    messages.findAll(ids).forEach(message -> found.put(message.id(), message));
    return found;
  }

  @Override
  public Map<String, Conversation> conversations(Collection<String> ids) {
    Map<String, Conversation> found = new HashMap<>();
    conversations.findAll(ids).forEach(conversation -> found.put(conversation.id(), conversation));
    return found;
  }
}
