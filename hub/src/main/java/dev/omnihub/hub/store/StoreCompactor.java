package dev.omnihub.hub.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded store's file close to its live data. Every commit writes new copies of the pages
 * it touched; the old copies become garbage inside older chunks, and a chunk is reused only once all of
 * it is garbage. So:
 * <ul>
 *   <li>while the hub writes and the chunks are less than {@value #TARGET_FILL_PERCENT} % live, at most
 *   every {@value #STEP_INTERVAL_MILLIS} ms the group commit thread copies the live pages of the chunks
 *   best worth copying ({@link #beforeCommit}; {@link SparseChunksFirstFileStore} decides which) and
 *   the commit that follows writes the copies. A chunk an ingest commit writes is soon mostly garbage
 *   (index and conversation pages that later commits rewrite) around a little cold data (new
 *   messages); a step gathers the leftovers of many such chunks into one chunk of cold data that
 *   stays live. The commit waits for the step (commands go on meanwhile), so steps are small: about
 *   {@value #STEP_BYTES} bytes, measured at 5-7 ms. Freed chunks leave holes that new chunks fill, so
 *   the file stops growing;
 *   <li>once the hub has been idle for a while and the file is more than twice its live data (after a
 *   burst of writes, or many deletes), chunks are moved towards the start of the file and the file is
 *   truncated, a few MiB per slice under the exclusive command lock (moving writes the store). A slice
 *   that does not shrink the file doubles the wait before the next one (H2 cannot always move a
 *   fragmented file's last chunks), so an idle hub does not keep working for nothing.
 * </ul>
 */
final class StoreCompactor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StoreCompactor.class);
  static final int TARGET_FILL_PERCENT = 70;
  static final Duration IDLE_AFTER = Duration.ofSeconds(10);
  private static final long TICK_MILLIS = 250;
  static final long STEP_INTERVAL_MILLIS = 250;
  /**
   * Live data copied per step ({@link SparseChunksFirstFileStore} picks the chunks whose live pages fit). A
   * step that finds no chunk small enough doubles the next one, up to {@value #MAX_STEP_BYTES}, for the
   * big chunks of a bulk load.
   */
  static final int STEP_BYTES = 1024 * 1024;
  private static final int MAX_STEP_BYTES = 4 * 1024 * 1024;
  /** Live data copied, then chunks moved, per idle slice; the exclusive lock is held for the move only. */
  private static final int IDLE_COPY_BYTES = 16 * 1024 * 1024;
  private static final int IDLE_MOVE_BYTES = 4 * 1024 * 1024;
  /** Below this share of the file holding live data, an idle store is worth shrinking. */
  static final int SHRINK_BELOW_PERCENT = 50;
  private static final long MAX_IDLE_BACKOFF_MILLIS = 10 * 60_000;

  private final MVStore store;
  private final ReadWriteLock commandLock;
  private final long idleAfterMillis;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("omnihub-compact").daemon(true).factory());
  private long lastVersion;
  private long lastWriteMillis = System.currentTimeMillis();
  private long nextShrinkMillis;
  private long shrinkBackoffMillis;
  /** Whether chunks are sparse enough to copy from, as of the last tick (reading fill rates walks every chunk). */
  private volatile boolean sparse;
  /** Touched by the commit thread only. */
  private int stepBytes = STEP_BYTES;
  private long nextStepNanos;

  /**
   * @param idleAfter how long without a commit before the file is shrunk ({@link #IDLE_AFTER} in the hub)
   */
  StoreCompactor(MVStore store, ReadWriteLock commandLock, Duration idleAfter) {
    this.store = store;
    this.commandLock = commandLock;
    this.idleAfterMillis = idleAfter.toMillis();
    this.lastVersion = store.getCurrentVersion();
    long tick = Math.min(TICK_MILLIS, Math.max(10, idleAfterMillis / 5));
    this.shrinkBackoffMillis = tick;
    thread.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      long version = store.getCurrentVersion();
      long now = System.currentTimeMillis();
      if (version != lastVersion) {
        lastVersion = version;
        lastWriteMillis = now;
        nextShrinkMillis = 0;
        compactWhileWriting();
      } else if (now - lastWriteMillis >= idleAfterMillis && now >= nextShrinkMillis && livePercent() < SHRINK_BELOW_PERCENT) {
        boolean shrunk = shrinkWhileIdle();
        shrinkBackoffMillis = shrunk ? 1_000 : Math.min(Math.max(shrinkBackoffMillis, 1_000) * 2, MAX_IDLE_BACKOFF_MILLIS);
        nextShrinkMillis = now + shrinkBackoffMillis;
      }
    } catch (RuntimeException e) {
      if (!store.isClosed()) {
        log.warn("Compaction of the embedded store failed; will try again", e);
      }
    }
  }

  /** Notes whether the chunks are sparse; the commit thread copies in steps while they are. */
  private void compactWhileWriting() {
    sparse = store.getFileStore().getChunksFillRate() < TARGET_FILL_PERCENT;
  }

  /** On the commit thread before a commit: one step of copying live pages out of sparse chunks, when due. */
  void beforeCommit() {
    long now = System.nanoTime();
    if (!sparse || now - nextStepNanos < 0 || store.isClosed()) {
      return;
    }
    nextStepNanos = now + TimeUnit.MILLISECONDS.toNanos(STEP_INTERVAL_MILLIS);
    try {
      boolean copied = copyOutOfSparseChunks(stepBytes);
      stepBytes = copied ? STEP_BYTES : Math.min(stepBytes * 2, MAX_STEP_BYTES);
    } catch (RuntimeException e) {
      log.warn("Compaction step of the embedded store failed; will try again", e);
    }
  }

  /**
   * One slice of shrinking: copy live pages out of sparse chunks (in memory), then, under the exclusive
   * lock, commit them and move chunks down into the free space; H2 truncates the file once its end is
   * free. No command runs meanwhile, so the commit captures whole commands only.
   *
   * @return whether the file got smaller
   */
  private boolean shrinkWhileIdle() {
    long before = store.getFileStore().size();
    copyOutOfSparseChunks(IDLE_COPY_BYTES);
    commandLock.writeLock().lock();
    try {
      store.commit();
      if (store.getFileStore() instanceof RandomAccessStore file) {
        file.compactMoveChunks(100, IDLE_MOVE_BYTES, store);
      }
      store.sync();
      lastVersion = store.getCurrentVersion();
    } finally {
      commandLock.writeLock().unlock();
    }
    long after = store.getFileStore().size();
    if (after < before) {
      log.info("Embedded store shrunk from {} to {} MB while idle", before >> 20, after >> 20);
    }
    return after < before;
  }

  /** Copies up to {@code liveBytes} of live pages out of the sparsest chunks; the next commit writes them. */
  private boolean copyOutOfSparseChunks(int liveBytes) {
    return store.getFileStore() instanceof SparseChunksFirstFileStore file
        ? file.compactSparsest(TARGET_FILL_PERCENT, liveBytes)
        : store.compact(TARGET_FILL_PERCENT, liveBytes);
  }

  /** The share of the file that holds live data. */
  int livePercent() {
    return store.getFillRate() * store.getFileStore().getChunksFillRate() / 100;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
