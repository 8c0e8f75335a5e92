package dev.omnihub.hub.views;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.events.EventLog;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The current API views of messages and conversations, for events replayed from the store. Blocking. */
public final class EventSubjectViews implements EventLog.Subjects {

  private final MessageStore messages;
  private final ConversationStore conversations;

  public EventSubjectViews(MessageStore messages, ConversationStore conversations) {
    this.messages = messages;
    this.conversations = conversations;
  }

  @Override
  public Map<String, JsonObject> messages(Collection<String> ids) {
    Map<String, JsonObject> views = new HashMap<>();
    for (Message message : messages.findAll(ids)) {
      views.put(message.id(), Views.message(message));
    }
    return views;
  }

  @Override
  public Map<String, JsonObject> conversations(Collection<String> ids) {
    Map<String, JsonObject> views = new HashMap<>();
    for (Conversation conversation : conversations.findAll(ids)) {
      views.put(conversation.id(), Views.conversation(conversation));
    }
    return views;
  }
}
