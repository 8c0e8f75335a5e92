package dev.omnihub.hub.events;

/**
 * An event about no conversation in particular, so it has no conversation, assignee or queue to fan
 * out by: either everyone's ({@link UnscopedEvent}) or supervisors' only ({@link SupervisorsEvent}).
 */
public sealed interface ConversationlessEvent extends HubEvent permits UnscopedEvent, SupervisorsEvent {

  @Override
  default String conversationId() {
    return null;
  }

  @Override
  default String assigneeId() {
    return null;
  }

  @Override
  default String queueId() {
    return null;
  }
}
