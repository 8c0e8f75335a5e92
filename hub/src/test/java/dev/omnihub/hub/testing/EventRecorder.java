package dev.omnihub.hub.testing;

import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Listens, as the hub's services do, to event addresses of a running hub and keeps what arrives, for assertions. */
public final class EventRecorder implements AutoCloseable {

  private final List<HubEvent> events = new CopyOnWriteArrayList<>();
  private final List<MessageConsumer<HubEvent>> consumers = new ArrayList<>();

  public EventRecorder(PublishingStore store, String... addresses) {
    for (String address : addresses) {
      MessageConsumer<HubEvent> consumer = store.listen(address, events::add);
      try {
        consumer.completion().await(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      consumers.add(consumer);
    }
  }

  /** Waits for an event of the type that matches, and returns it. */
  public <T extends HubEvent> T await(Class<T> type, Predicate<T> matching) {
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> find(type, matching) != null);
    return find(type, matching);
  }

  public List<HubEvent> events() {
    return List.copyOf(events);
  }

  private <T extends HubEvent> T find(Class<T> type, Predicate<T> matching) {
    return events.stream().filter(type::isInstance).map(type::cast).filter(matching).findFirst().orElse(null);
  }

  @Override
  public void close() {
    consumers.forEach(MessageConsumer::unregister);
  }
}
