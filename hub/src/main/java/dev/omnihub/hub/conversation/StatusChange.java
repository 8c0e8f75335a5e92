package dev.omnihub.hub.conversation;

/** A conversation before and after one update, to decide which events to publish. */
public record StatusChange(Conversation before, Conversation after) {

  public boolean statusChanged() {
    return before.status() != after.status();
  }

  public boolean assignmentChanged() {
    return !java.util.Objects.equals(before.assigneeId(), after.assigneeId())
        || !java.util.Objects.equals(before.queueId(), after.queueId());
  }
}
