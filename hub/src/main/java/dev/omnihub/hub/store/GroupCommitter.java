package dev.omnihub.hub.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.LongConsumer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits and fsyncs the embedded store for many writers at once. Writers that finished their driver
 * call enqueue a wait; one thread takes everyone waiting at that moment, commits under the write lock
 * (so no server command is half-applied in the committed state), syncs the file, then completes all
 * their futures. The more writers share a commit, the cheaper each one is, because the MVStore
 * commit's CPU, not the disk, is the limit. {@link StoreCompactor} keeps the file small.
 */
final class GroupCommitter implements Durability, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  private record Waiter(Promise<Void> promise, Context context) {
  }

  private final MVStore store;
  private final ReadWriteLock commandLock;
  private final LongConsumer batchObserver;
  private final Object monitor = new Object();
  private final Thread thread;
  private List<Waiter> waiting = new ArrayList<>();
  private boolean closed;
  private volatile Throwable lastFailure;

  /**
   * @param batchObserver told the size of each commit batch (for metrics)
   */
  GroupCommitter(MVStore store, ReadWriteLock commandLock, LongConsumer batchObserver) {
    this.store = store;
    this.commandLock = commandLock;
    this.batchObserver = batchObserver;
    this.thread = Thread.ofPlatform().name("omnihub-group-commit").daemon(true).unstarted(this::run);
    thread.start();
  }

  @Override
  public Future<Void> awaitDurable() {
    Promise<Void> promise = Promise.promise();
    Waiter waiter = new Waiter(promise, Vertx.currentContext());
    synchronized (monitor) {
      if (closed) {
        return Future.failedFuture(new StoreUnavailableException("the embedded store is closed"));
      }
      waiting.add(waiter);
      monitor.notifyAll();
    }
    return promise.future();
  }

  /** The error of the last failed commit, or {@code null} once a commit succeeded again. */
  Throwable lastFailure() {
    return lastFailure;
  }

  private void run() {
    while (true) {
      List<Waiter> batch;
      synchronized (monitor) {
        while (waiting.isEmpty() && !closed) {
          try {
            monitor.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (waiting.isEmpty() && closed) {
          return;
        }
        batch = waiting;
        waiting = new ArrayList<>();
      }
      commitBatch(batch);
    }
  }

  private void commitBatch(List<Waiter> batch) {
    Throwable failure = null;
    try {
      commitAndSync();
      lastFailure = null;
    } catch (Throwable e) {
      failure = e;
      lastFailure = e;
      log.error("Commit of the embedded store failed; {} writes are not acknowledged", batch.size(), e);
    }
    batchObserver.accept(batch.size());
    StoreUnavailableException error = failure == null ? null : new StoreUnavailableException("commit failed: " + failure.getMessage(), failure);
    for (Waiter waiter : batch) {
      complete(waiter, error);
    }
  }

  /** Commit under the write lock so the chunk holds whole commands; sync outside it so writers go on. */
  private void commitAndSync() {
    commandLock.writeLock().lock();
    try {
      store.commit();
    } finally {
      commandLock.writeLock().unlock();
    }
    store.sync();
  }

  private static void complete(Waiter waiter, Throwable error) {
    Runnable completion = error == null ? () -> waiter.promise().tryComplete() : () -> waiter.promise().tryFail(error);
    if (waiter.context() != null) {
      waiter.context().runOnContext(ignored -> completion.run());
    } else {
      completion.run();
    }
  }

  /** Commits what is left for the writers still waiting, then stops the thread. */
  @Override
  public void close() {
    synchronized (monitor) {
      closed = true;
      monitor.notifyAll();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
