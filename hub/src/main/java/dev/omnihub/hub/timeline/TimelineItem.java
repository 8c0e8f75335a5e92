package dev.omnihub.hub.timeline;

import dev.omnihub.hub.conversation.Message;
import java.time.Instant;

/** One item of a customer's timeline: a message or an outside event. */
public sealed interface TimelineItem permits TimelineItem.MessageItem, TimelineItem.EventItem {

  Instant at();

  String id();

  record MessageItem(Message message) implements TimelineItem {
    @Override
    public Instant at() {
      return message.createdAt();
    }

    @Override
    public String id() {
      return message.id();
    }
  }

  record EventItem(TimelineEvent event) implements TimelineItem {
    @Override
    public Instant at() {
      return event.occurredAt();
    }

    @Override
    public String id() {
      return event.id();
    }
  }
}
