package dev.omnihub.hub.events;

import java.util.List;

/**
 * A side effect of something that happened (a reply schedules the visitor's offline mail, an answer
 * stops a bot's silence clock), run by {@link Reactions} after the event is durable, never inside the
 * write that caused it, so the writer needs to know nothing about who reacts. Registered once at wiring.
 *
 * <p>A reaction runs at least once per event: after a crash it runs again for the events after the
 * last cursor {@link Reactions} saved, so it must be idempotent (set, not add; keyed timers, not new
 * ones). It runs inside a store write that also advances that cursor.
 */
public interface Reaction {

  /** For logs and dead reactions. */
  String name();

  /** Whether the event concerns it at all; cheap (no store access), called for every event. */
  boolean wants(EventLog.Logged event);

  /**
   * Does its work; blocking, inside a store write. The event's payload is its API shape as it was
   * published, or, replayed after a restart, with its message or conversation as they are now.
   *
   * @return the events its own changes make (a system line), published once they are durable
   */
  List<HubEvent> react(EventLog.Logged event);

  /**
   * As {@link #react(EventLog.Logged)}, for a reaction that writes messages (a rule's reply): they take
   * their log cursors from the write, as a request's do.
   */
  default List<HubEvent> react(EventLog.Logged event, LogWrite write) {
    return react(event);
  }

  /**
   * A batch of the events it wants, in cursor order, in one store write: by default each on its own. A
   * reaction whose events share their store work (one read and one write for a batch's counters)
   * overrides it.
   */
  /**
   * A reaction to conversations being resolved (a status change to {@code resolved}); replayed after a
   * restart, the conversation is as it is now, so one reopened since is left alone.
   */
  static Reaction onResolved(String name, java.util.function.Consumer<dev.omnihub.hub.conversation.Conversation> action) {
    return new Reaction() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        return event.event() instanceof ConversationUpdated updated && updated.changes().contains("status")
            && updated.conversation().status() == dev.omnihub.hub.conversation.ConversationStatus.RESOLVED;
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        action.accept(((ConversationUpdated) event.event()).conversation());
        return List.of();
      }
    };
  }

  default List<HubEvent> reactAll(List<EventLog.Logged> events, LogWrite write) {
    List<HubEvent> caused = new java.util.ArrayList<>();
    for (EventLog.Logged event : events) {
      caused.addAll(react(event, write));
    }
    return caused;
  }
}
