package dev.omnihub.hub.events;

import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Future;
import java.util.concurrent.Callable;

/**
 * The store as commands use it: a write's events are published only once the write is durable, so
 * no socket ever shows something a crash could take back.
 */
public final class PublishingStore {

  private final MongoStore store;
  private final EventPublisher publisher;

  public PublishingStore(MongoStore store, EventPublisher publisher) {
    this.store = store;
    this.publisher = publisher;
  }

  public <T> Future<T> read(Callable<T> work) {
    return store.read(work);
  }

  /** A durable write that publishes nothing. */
  public <T> Future<T> write(Callable<T> work) {
    return store.write(work);
  }

  /** A durable write whose events are published once it is durable. */
  public <T> Future<T> writeAndPublish(Callable<Outcome<T>> work) {
    return store.write(work).onSuccess(outcome -> publisher.publishAll(outcome.events())).map(Outcome::value);
  }
}
