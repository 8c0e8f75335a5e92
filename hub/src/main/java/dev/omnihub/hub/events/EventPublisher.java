package dev.omnihub.hub.events;

import io.vertx.core.eventbus.EventBus;
import java.util.List;

/**
 * Publishes events after their changes are durable, each to its typed address, where the hub's
 * services listen (the outbox, knowledge-base suggestions and trends). Sockets do not listen here: they
 * follow the event log, which decides what each may see.
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
  }
}
