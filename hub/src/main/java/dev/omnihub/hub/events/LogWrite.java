package dev.omnihub.hub.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One publishing write's place in the {@link EventLog}, handed to the work by
 * {@link PublishingStore#writeAndPublish(PublishingStore.LoggedWork)}: a message the work inserts takes
 * its cursor from here and is then its own {@code message.created} entry, so the hot path of ingest
 * writes no separate log entry. Cursors given out and never claimed by an event are settled when the
 * write ends, so they cannot hold the log's horizon.
 */
public final class LogWrite {

  private final EventLog log;
  /** The cursors given to messages this write inserts, by message id. */
  private final Map<String, Long> messageCursors = new LinkedHashMap<>();

  LogWrite(EventLog log) {
    this.log = log;
  }

  /** The cursor of a message about to be inserted by this write (its {@code cursor} field). */
  public long cursorForNewMessage(String messageId) {
    log.checkWritable();
    long cursor = log.allocate();
    messageCursors.put(messageId, cursor);
    return cursor;
  }

  /** Takes the cursor given to this message, if any: its event is the message itself. */
  Long claim(String messageId) {
    return messageCursors.remove(messageId);
  }

  /** The cursors no event claimed. */
  List<Long> unclaimed() {
    return List.copyOf(messageCursors.values());
  }
}
