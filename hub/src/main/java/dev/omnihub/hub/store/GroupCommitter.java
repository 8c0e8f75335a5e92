package dev.omnihub.hub.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits and fsyncs the embedded store for many writers at once. Writers that finished their driver
 * call enqueue a wait; one thread takes everyone waiting at that moment, cuts a version under the
 * write lock (so no server command is half-applied in it), lets H2's serialization thread write it
 * while commands go on, syncs the file, then completes all their futures.
 *
 * <p>The more writers share a commit, the cheaper each one is: a commit rewrites every page its writes
 * touched, and the writes of one batch share many of them. So when writers are already waiting as a
 * commit ends (the committer is the bottleneck), it lingers up to {@value #LINGER_MICROS} µs for more
 * to join; meanwhile the store is not locked, so the others' commands run and they arrive. A writer
 * that finds the committer idle is committed at once. {@link StoreCompactor} keeps the file small.
 */
final class GroupCommitter implements Durability, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
  /** Measured at 8 ingest clients: batches of 3.2 without lingering and 647 messages/s; 4.3 and 763 with 1.5 ms. */
  static final long LINGER_MICROS = 1_500;
  private static final int ENOUGH_WRITERS = 32;
  private static final long STORE_LOCK_RETRY_NANOS = 200_000;
  private static final long UNSAVED_CHECK_MILLIS = 100;
  static final int MAX_UNSAVED_BYTES = 64 * 1024 * 1024;

  private record Waiter(Promise<Void> promise, Context context) {
  }

  private final MVStore store;
  private final ReadWriteLock commandLock;
  private final LongConsumer batchObserver;
  private final Runnable beforeCommit;
  private final ReentrantLock queueLock = new ReentrantLock();
  private final Condition arrived = queueLock.newCondition();
  private final Thread thread;
  private List<Waiter> waiting = new ArrayList<>();
  private boolean closed;
  private volatile Throwable lastFailure;

  /**
   * @param batchObserver told the size of each commit batch (for metrics)
   * @param beforeCommit  runs on the commit thread before each commit, without the command lock (a
   *                      compaction step, whose copies that commit writes)
   */
  GroupCommitter(MVStore store, ReadWriteLock commandLock, LongConsumer batchObserver, Runnable beforeCommit) {
    this.store = store;
    this.commandLock = commandLock;
    this.batchObserver = batchObserver;
    this.beforeCommit = beforeCommit;
    this.thread = Thread.ofPlatform().name("omnihub-group-commit").daemon(true).unstarted(this::run);
    thread.start();
  }

  @Override
  public Future<Void> awaitDurable() {
    Promise<Void> promise = Promise.promise();
    Waiter waiter = new Waiter(promise, Vertx.currentContext());
    queueLock.lock();
    try {
      if (closed) {
        return Future.failedFuture(new StoreUnavailableException("the embedded store is closed"));
      }
      waiting.add(waiter);
      arrived.signal();
    } finally {
      queueLock.unlock();
    }
    return promise.future();
  }

  /** The error of the last failed commit, or {@code null} once a commit succeeded again. */
  Throwable lastFailure() {
    return lastFailure;
  }

  private void run() {
    try {
      while (true) {
        List<Waiter> batch = nextBatch();
        if (batch == null) {
          return;
        }
        commitBatch(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The writers to commit next, after lingering if the committer is behind; {@code null} once closed and drained. */
  private List<Waiter> nextBatch() throws InterruptedException {
    queueLock.lock();
    try {
      boolean behind = !waiting.isEmpty();
      while (waiting.isEmpty() && !closed) {
        if (!arrived.await(UNSAVED_CHECK_MILLIS, TimeUnit.MILLISECONDS) && waiting.isEmpty()
            && store.getUnsavedMemory() > MAX_UNSAVED_BYTES) {
          // Writes nobody waits for (the driver used directly) pile up in memory until someone does;
          // commit them before one commit has to serialize more than H2's write buffer holds.
          return List.of();
        }
      }
      if (waiting.isEmpty()) {
        return null;
      }
      long left = TimeUnit.MICROSECONDS.toNanos(LINGER_MICROS);
      while (behind && !closed && left > 0 && waiting.size() < ENOUGH_WRITERS) {
        left = arrived.awaitNanos(left);
      }
      List<Waiter> batch = waiting;
      waiting = new ArrayList<>();
      return batch;
    } finally {
      queueLock.unlock();
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
    if (!batch.isEmpty()) {
      batchObserver.accept(batch.size());
    }
    StoreUnavailableException error = failure == null ? null : new StoreUnavailableException("commit failed: " + failure.getMessage(), failure);
    for (Waiter waiter : batch) {
      complete(waiter, error);
    }
  }

  /**
   * Cuts the version under the write lock, so it holds whole commands, and lets H2's serialization
   * thread write it while commands go on; then waits until it is written and syncs it. Serializing a
   * commit is most of its cost (every page its writes touched, rewritten whole), and under the lock it
   * stopped every command for that long.
   */
  private void commitAndSync() {
    beforeCommit.run();
    while (!cutVersion()) {
      // H2's store lock is busy (H2's own background thread, or the idle shrink): wait for it without
      // the command lock, so that commands go on meanwhile.
      LockSupport.parkNanos(STORE_LOCK_RETRY_NANOS);
    }
    store.executeFilestoreOperation(() -> { });
    store.sync();
  }

  /** @return whether the changes so far are in a version handed to H2's serialization thread */
  private boolean cutVersion() {
    commandLock.writeLock().lock();
    try {
      if (store.isClosed()) {
        throw new StoreUnavailableException("the embedded store is closed");
      }
      return store.tryCommit() >= 0 || !store.hasUnsavedChanges();
    } finally {
      commandLock.writeLock().unlock();
    }
  }

  private static void complete(Waiter waiter, Throwable error) {
    Runnable completion = error == null ? () -> waiter.promise().tryComplete() : () -> waiter.promise().tryFail(error);
    if (waiter.context() == null) {
      completion.run();
      return;
    }
    try {
      waiter.context().runOnContext(ignored -> completion.run());
    } catch (RejectedExecutionException e) {
      // The writer's event loop is gone (the hub is stopping): complete here rather than let the
      // exception end this thread with writers still waiting behind it.
      completion.run();
    }
  }

  /** Commits what is left for the writers still waiting, then stops the thread. */
  @Override
  public void close() {
    queueLock.lock();
    try {
      closed = true;
      arrived.signalAll();
    } finally {
      queueLock.unlock();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
