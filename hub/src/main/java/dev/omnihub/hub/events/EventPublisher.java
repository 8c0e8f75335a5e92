package dev.omnihub.hub.events;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Publishes events after their changes are durable, each to its typed address, to the hub's services
 * that listen there on this node (knowledge-base suggestions and trends, answers, signal routing), and
 * only to addresses someone listens to. Sockets do not listen here: they follow the event log, which
 * decides what each may see; durable side effects are {@link Reaction}s, which follow the log too.
 */
public final class EventPublisher {

  private final EventBus bus;
  private final Set<String> listened = ConcurrentHashMap.newKeySet();

  public EventPublisher(EventBus bus) {
    this.bus = bus;
  }

  /** Listens, on this node, to the events published at {@code address} (one of {@link EventAddresses}). */
  public MessageConsumer<HubEvent> listen(String address, Consumer<HubEvent> listener) {
    MessageConsumer<HubEvent> consumer = bus.localConsumer(address, message -> listener.accept(message.body()));
    listened.add(address);
    return consumer;
  }

  /**
   * Listens to the events published at {@code address} on every node of the cluster (on one node, the
   * same as {@link #listen}): for signals that store nothing and so cannot travel by the log.
   */
  public MessageConsumer<HubEvent> listenAcrossNodes(String address, Consumer<HubEvent> listener) {
    MessageConsumer<HubEvent> consumer = bus.consumer(address, message -> listener.accept(message.body()));
    listened.add(address);
    return consumer;
  }

  public void publishAll(List<HubEvent> events) {
    events.forEach(this::publish);
  }

  public void publish(HubEvent event) {
    if (listened.contains(event.address())) {
      bus.publish(event.address(), event);
    }
  }
}
