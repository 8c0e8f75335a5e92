package dev.omnihub.hub.events;

import io.vertx.core.eventbus.EventBus;
import java.util.List;

/**
 * Publishes events after their changes are durable: to the event's typed address, to its
 * conversation, to the assigned agent and queue, and to supervisors.
 */
public final class EventPublisher {

  private final EventBus bus;

  public EventPublisher(EventBus bus) {
    this.bus = bus;
  }

  public void publishAll(List<HubEvent> events) {
    events.forEach(this::publish);
  }

  public void publish(HubEvent event) {
    bus.publish(event.address(), event);
    if (event.conversationId() != null) {
      bus.publish(EventAddresses.conversation(event.conversationId()), event);
    }
    if (event.assigneeId() != null) {
      bus.publish(EventAddresses.agent(event.assigneeId()), event);
    }
    if (event instanceof ConversationUpdated updated && updated.previousAssigneeId() != null
        && !updated.previousAssigneeId().equals(updated.assigneeId())) {
      bus.publish(EventAddresses.agent(updated.previousAssigneeId()), event);
    }
    if (event.queueId() != null) {
      bus.publish(EventAddresses.queue(event.queueId()), event);
    }
    bus.publish(EventAddresses.SUPERVISOR, event);
  }
}
