package dev.omnihub.hub.events;

import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.StoreUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The store as commands use it: a write's events are written to the {@link EventLog} in the same
 * store write, and published only once the write is durable, so no socket ever shows something a
 * crash could take back, and a socket that reconnects can replay what it missed.
 */
public final class PublishingStore {

  private final MongoStore store;
  private final EventPublisher publisher;
  private final EventLog log;

  public PublishingStore(MongoStore store, EventPublisher publisher, EventLog log) {
    this.store = store;
    this.publisher = publisher;
    this.log = log;
  }

  /** Listens, on this node, to the events of durable writes published at {@code address}. */
  public MessageConsumer<HubEvent> listen(String address, Consumer<HubEvent> listener) {
    return publisher.listen(address, listener);
  }

  /** Listens to the events published at {@code address} on every node: signals, which the log does not carry. */
  public MessageConsumer<HubEvent> listenAcrossNodes(String address, Consumer<HubEvent> listener) {
    return publisher.listenAcrossNodes(address, listener);
  }

  public <T> Future<T> read(Callable<T> work) {
    return store.read(work);
  }

  /** A write nobody waits to be durable; see {@link MongoStore#writeWithoutWaiting}. */
  public <T> Future<T> writeWithoutWaiting(Callable<T> work) {
    return store.writeWithoutWaiting(work);
  }

  /** A durable write that publishes nothing. */
  public <T> Future<T> write(Callable<T> work) {
    return store.write(work);
  }

  /** A read whose events (passing signals that store nothing) are published once it is done. */
  public <T> Future<T> readAndPublish(Callable<Outcome<T>> work) {
    return store.read(work).onSuccess(outcome -> publisher.publishAll(outcome.events())).map(Outcome::value);
  }

  /** Work of a publishing write that inserts messages: they take their log cursors from the write. */
  @FunctionalInterface
  public interface LoggedWork<T> {
    Outcome<T> run(LogWrite write) throws Exception;
  }

  /** A durable write whose events are logged with it and published once it is durable. */
  public <T> Future<T> writeAndPublish(Callable<Outcome<T>> work) {
    return writeAndPublish(write -> work.call());
  }

  /**
   * As {@link #writeAndPublish(Callable)}, for work that inserts messages: a message inserted with
   * {@link LogWrite#cursorForNewMessage} is its own {@code message.created} entry.
   */
  public <T> Future<T> writeAndPublish(LoggedWork<T> work) {
    return writeAndPublish(work, true);
  }

  /**
   * As {@link #writeAndPublish(Callable)}, but work that turns out to have no events to publish completes
   * without waiting for the commit: its writes go with the next one. For work that usually finds nothing
   * to do and whose silent writes a crash may take back because it repairs them itself (a routing pass
   * giving back holds): a commit per look was most of an idle router's cost.
   */
  public <T> Future<T> writeAndPublishDurableIfAny(Callable<Outcome<T>> work) {
    return writeAndPublish(write -> work.call(), false);
  }

  private <T> Future<T> writeAndPublish(LoggedWork<T> work, boolean alwaysDurable) {
    AtomicReference<List<EventLog.Logged>> logged = new AtomicReference<>(List.of());
    AtomicReference<List<Long>> unclaimed = new AtomicReference<>(List.of());
    Callable<Outcome<T>> logging = () -> {
      LogWrite write = log.beginWrite();
      try {
        Outcome<T> outcome = work.run(write);
        logged.set(log.append(outcome.events(), write));
        return outcome;
      } finally {
        unclaimed.set(write.unclaimed());
      }
    };
    Future<Outcome<T>> written = alwaysDurable ? store.write(logging)
        : store.writeWithoutWaiting(logging).compose(outcome -> outcome.events().isEmpty() ? Future.succeededFuture(outcome)
            : store.awaitDurable().map(outcome));
    return written.compose(outcome -> confirmInTime(outcome, logged.get()))
        .onComplete(result -> {
          try {
            if (result.succeeded()) {
              publisher.publishAll(result.result().events());
            }
          } finally {
            // Whatever publishing did, the cursors must settle: one left open stops every socket.
            log.settled(logged.get(), result.succeeded(), unclaimed.get());
          }
        })
        .map(Outcome::value);
  }

  /**
   * A write that became durable after this node's place in the cluster ran out (it was paused in
   * between) may have been passed by the other nodes' readers: not acknowledged, not published here,
   * and its messages marked so that the channel's retry logs them again.
   */
  private <T> Future<Outcome<T>> confirmInTime(Outcome<T> outcome, List<EventLog.Logged> logged) {
    if (logged.isEmpty() || log.durableInTime()) {
      return Future.succeededFuture(outcome);
    }
    StoreUnavailableException late = new StoreUnavailableException(
        "this node lost its place in the cluster while the write was under way; send it again");
    return store.write(() -> {
      log.markUnconfirmed(logged);
      return null;
    }).transform(marked -> Future.failedFuture(late));
  }
}
