package dev.omnihub.hub.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * commit's CPU, not the disk, is the limit. Compaction runs on a thread of its own.
 */
final class GroupCommitter implements Durability, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
  private static final Duration COMPACT_EVERY = Duration.ofSeconds(5);
  private static final int COMPACT_FILL_RATE_PERCENT = 50;
  private static final int COMPACT_WRITE_BYTES = 2 * 1024 * 1024;

  private record Waiter(Promise<Void> promise, Context context) {
  }

  private final MVStore store;
  private final ReadWriteLock commandLock;
  private final LongConsumer batchObserver;
  private final Object monitor = new Object();
  private final Thread thread;
  private final ScheduledExecutorService compactor = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("omnihub-compact").daemon(true).factory());
  private List<Waiter> waiting = new ArrayList<>();
  private boolean closed;
  private volatile Throwable lastFailure;
  private volatile boolean writtenSinceCompact;

  /**
   * @param batchObserver told the size of each commit batch (for metrics)
   */
  GroupCommitter(MVStore store, ReadWriteLock commandLock, LongConsumer batchObserver) {
    this.store = store;
    this.commandLock = commandLock;
    this.batchObserver = batchObserver;
    this.thread = Thread.ofPlatform().name("omnihub-group-commit").daemon(true).unstarted(this::run);
    thread.start();
    compactor.scheduleWithFixedDelay(this::compact, COMPACT_EVERY.toMillis(), COMPACT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
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
      writtenSinceCompact = true;
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

  /**
   * Rewrites live pages out of sparse chunks so the file does not grow by the pages every commit
   * rewrites. H2 only copies pages in memory here (the content stays the same), so this needs neither
   * the command lock nor a commit of its own: the next group commit writes the copies.
   */
  private void compact() {
    if (!writtenSinceCompact) {
      return;
    }
    writtenSinceCompact = false;
    try {
      store.compact(COMPACT_FILL_RATE_PERCENT, COMPACT_WRITE_BYTES);
    } catch (RuntimeException e) {
      log.warn("Compaction of the embedded store failed; will try again", e);
    }
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
    compactor.shutdownNow();
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
