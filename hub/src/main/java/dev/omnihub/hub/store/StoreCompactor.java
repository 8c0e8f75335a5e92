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
 * it touched; the old copies become garbage inside older chunks, and a chunk's space is reused only once
 * all of it is garbage. So live pages are copied out of mostly-garbage chunks ({@link CompactingFileStore}
 * decides which), and the commit after the copy writes them:
 * <ul>
 *   <li>while the hub writes, on the group commit thread before a commit, at most every
 *   {@value #STEP_INTERVAL_MILLIS} ms, whenever the chunks hold more than {@value #WRITING_TARGET} times
 *   their live data. How much is copied is proportional to what the commits wrote since the last step,
 *   times a gain that grows with the excess ({@link #gain}): a hub that writes more, or whose commits
 *   are slowed by a busy CPU, copies in step with its writes instead of falling behind a fixed pace
 *   (the time-paced steps before this let the file reach 2.6 times its live data under load);
 *   <li>once the hub has been idle for {@link #IDLE_AFTER} and the file is more than
 *   {@value #IDLE_TARGET} times its live data: slices of copying, committed under the exclusive command
 *   lock. When much of the file is free space, the slice takes the chunks at the end of the file,
 *   whose copies go into the free space further up (at most what the largest hole holds) so that H2
 *   truncates the file; otherwise the chunks best worth cleaning. A slice that achieves nothing
 *   doubles the wait before the next one;
 *   <li>at start, before serving, the same slices for at most {@link #START_BUDGET} when the file is
 *   more than {@value #START_ABOVE} times its live data ({@link #compactBeforeServing}): each slice is an
 *   ordinary commit and sync, so a kill in the middle leaves the last synced one.
 * </ul>
 */
final class StoreCompactor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StoreCompactor.class);
  /** While writing, the chunks are kept within this many times their live data. */
  static final double WRITING_TARGET = 1.25;
  /** Bytes copied per byte written for each tenth the chunks are above {@link #WRITING_TARGET}... */
  private static final double GAIN_PER_TENTH = 0.5;
  /** ...up to this many. */
  private static final double MAX_GAIN = 3;
  /** Chunks this live or more are never cleaned while writing (copying a 90 % live chunk frees a tenth). */
  static final int CLEAN_BELOW_PERCENT = 90;
  static final long STEP_INTERVAL_MILLIS = 100;
  /** A step copies at least this much (or waits for the credit to grow)... */
  private static final long MIN_STEP_BYTES = 64 * 1024;
  /** ...and at most this much: the commit waits for the step (about 5-7 ms per MiB measured). */
  private static final long MAX_STEP_BYTES = 1024 * 1024;
  /** Credit beyond this is dropped, so that a long stretch above the target is not paid back in one go. */
  private static final long MAX_CREDIT_BYTES = 16 * 1024 * 1024;

  static final Duration IDLE_AFTER = Duration.ofSeconds(10);
  /** An idle store is compacted until the file is within this many times its live data. */
  static final double IDLE_TARGET = 1.15;
  /** Free space beyond this share of the file is worth evacuating the file's end for. */
  private static final double FREE_SHARE_WORTH_EVACUATING = 0.05;
  private static final long IDLE_COPY_BYTES = 16 * 1024 * 1024;
  private static final int IDLE_MOVE_BYTES = 4 * 1024 * 1024;
  private static final long MIN_HOLE_BYTES = 64 * 1024;
  private static final long TICK_MILLIS = 250;
  private static final long MAX_IDLE_BACKOFF_MILLIS = 10 * 60_000;

  /** At start, a file more than this many times its live data is compacted before serving... */
  static final double START_ABOVE = 1.5;
  /** ...for at most this long (the rest is done while idle). */
  static final Duration START_BUDGET = Duration.ofSeconds(60);

  private final MVStore store;
  private final CompactingFileStore file;
  private final ReadWriteLock commandLock;
  private final long idleAfterMillis;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("omnihub-compact").daemon(true).factory());
  private volatile long lastVersion;
  private long lastWriteMillis = System.currentTimeMillis();
  private long nextSliceMillis;
  private long sliceBackoffMillis;
  /** Touched by the commit thread only. */
  private long nextStepNanos;
  private long lastWritten;
  private long copiedLastStep;
  private double credit;
  /** For the debug summary while writing. */
  private long copiedSinceSummary;
  private long writtenSinceSummary;
  private long nextSummaryNanos;

  /**
   * @param idleAfter how long without a commit before the file is shrunk ({@link #IDLE_AFTER} in the hub)
   */
  StoreCompactor(MVStore store, ReadWriteLock commandLock, Duration idleAfter) {
    if (!(store.getFileStore() instanceof CompactingFileStore compacting)) {
      throw new IllegalArgumentException("the store must be opened with EmbeddedMongo.open");
    }
    this.store = store;
    this.file = compacting;
    this.commandLock = commandLock;
    this.idleAfterMillis = idleAfter.toMillis();
    this.lastVersion = store.getCurrentVersion();
    this.lastWritten = file.space().writtenBytes();
    long tick = Math.min(TICK_MILLIS, Math.max(10, idleAfterMillis / 5));
    this.sliceBackoffMillis = tick;
    thread.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** The store's space now (walks the chunks). */
  CompactingFileStore.Space space() {
    return file.space();
  }

  private void tick() {
    try {
      long version = store.getCurrentVersion();
      long now = System.currentTimeMillis();
      if (version != lastVersion) {
        lastVersion = version;
        lastWriteMillis = now;
        nextSliceMillis = 0;
      } else if (now - lastWriteMillis >= idleAfterMillis && now >= nextSliceMillis
          && file.space().fileToLive() > IDLE_TARGET) {
        boolean progress = slice();
        sliceBackoffMillis = progress ? TICK_MILLIS : Math.min(Math.max(sliceBackoffMillis, 1_000) * 2, MAX_IDLE_BACKOFF_MILLIS);
        nextSliceMillis = now + sliceBackoffMillis;
      }
    } catch (RuntimeException e) {
      if (!store.isClosed()) {
        log.warn("Compaction of the embedded store failed; will try again", e);
      }
    }
  }

  /** On the commit thread before a commit: one step of copying live pages out of sparse chunks, when due. */
  void beforeCommit() {
    long now = System.nanoTime();
    if (now - nextStepNanos < 0 || store.isClosed()) {
      return;
    }
    nextStepNanos = now + TimeUnit.MILLISECONDS.toNanos(STEP_INTERVAL_MILLIS);
    try {
      CompactingFileStore.Space space = file.space();
      // What the commits wrote for the hub since the last step, not counting the copies it made.
      long written = Math.max(0, space.writtenBytes() - lastWritten - copiedLastStep);
      lastWritten = space.writtenBytes();
      copiedLastStep = 0;
      double gain = gain(space.chunksToLive());
      if (gain == 0) {
        credit = 0;
        summarize(space, written, 0, now);
        return;
      }
      credit = Math.min(MAX_CREDIT_BYTES, credit + written * gain);
      if (credit < MIN_STEP_BYTES) {
        return;
      }
      long step = (long) Math.min(credit, MAX_STEP_BYTES);
      credit -= step;
      if (file.copyLivePages(step, CLEAN_BELOW_PERCENT, false)) {
        copiedLastStep = step;
      }
      summarize(space, written, copiedLastStep, now);
    } catch (RuntimeException e) {
      log.warn("Compaction step of the embedded store failed; will try again", e);
    }
  }

  private void summarize(CompactingFileStore.Space space, long written, long copied, long now) {
    writtenSinceSummary += written;
    copiedSinceSummary += copied;
    if (log.isDebugEnabled() && now - nextSummaryNanos >= 0) {
      nextSummaryNanos = now + TimeUnit.SECONDS.toNanos(10);
      log.debug(String.format("file %.1f MB, chunks/live %.2f, file/live %.2f, free %.0f %%; written %.1f MB, copied %.1f MB since the last line",
          space.fileBytes() / 1e6, space.chunksToLive(), space.fileToLive(), 100.0 * (space.fileBytes() - space.chunkBytes()) / space.fileBytes(),
          writtenSinceSummary / 1e6, copiedSinceSummary / 1e6));
      writtenSinceSummary = 0;
      copiedSinceSummary = 0;
    }
  }

  /** Bytes to copy per byte written, at this ratio of chunks to live data: 0 at or below the target. */
  static double gain(double chunksToLive) {
    double tenthsAbove = (chunksToLive - WRITING_TARGET) * 10;
    return tenthsAbove <= 0 ? 0 : Math.min(MAX_GAIN, tenthsAbove * GAIN_PER_TENTH);
  }

  /**
   * Before the server serves: compacts a file far above its live data, in idle slices, for at most
   * {@link #START_BUDGET}. No command runs yet, so nothing waits for it but the start.
   */
  void compactBeforeServing() {
    try {
      compactBeforeServing(START_BUDGET);
    } catch (RuntimeException e) {
      // Every slice is committed whole or not at all: the store is as usable as before; serve it.
      log.warn("Compacting the embedded store before serving failed; it will be compacted while idle", e);
    }
  }

  void compactBeforeServing(Duration budget) {
    CompactingFileStore.Space before = file.space();
    if (before.fileToLive() <= START_ABOVE) {
      return;
    }
    log.info("Compacting the embedded store before serving: file {} MB, {} times its live data (at most {} s)",
        before.fileBytes() >> 20, String.format("%.2f", before.fileToLive()), budget.toSeconds());
    long deadline = System.nanoTime() + budget.toNanos();
    int idleSlices = 0;
    while (System.nanoTime() - deadline < 0 && file.space().fileToLive() > IDLE_TARGET && idleSlices < 3) {
      idleSlices = slice() ? 0 : idleSlices + 1;
    }
    CompactingFileStore.Space after = file.space();
    log.info("Compacted the embedded store before serving: file {} MB, {} times its live data", after.fileBytes() >> 20,
        String.format("%.2f", after.fileToLive()));
  }

  /**
   * One slice of compacting an idle store: copy live pages out of chunks (in memory), then, under the
   * exclusive lock so that the commit captures whole commands only, commit and sync them; if copying
   * did not make the file smaller, let H2 move chunks from the end into free space.
   *
   * @return whether the file or its chunks got smaller
   */
  private boolean slice() {
    CompactingFileStore.Space before = file.space();
    long free = before.fileBytes() - before.chunkBytes();
    boolean evacuate = free > before.fileBytes() * FREE_SHARE_WORTH_EVACUATING;
    long hole = evacuate ? file.largestHoleBytes() : 0;
    if (evacuate && hole >= MIN_HOLE_BYTES) {
      // The copies must fit a hole further up, or they would become the file's new end.
      file.copyLivePages(Math.min(IDLE_COPY_BYTES, hole * 3 / 4), 100, true);
    } else {
      file.copyLivePages(IDLE_COPY_BYTES, 100, false);
    }
    commitUnderLock(false);
    CompactingFileStore.Space after = file.space();
    if (evacuate && after.fileBytes() >= before.fileBytes()) {
      commitUnderLock(true);
      after = file.space();
    }
    if (after.fileBytes() < before.fileBytes()) {
      log.debug("Embedded store shrunk from {} to {} MB", before.fileBytes() >> 20, after.fileBytes() >> 20);
    }
    return after.fileBytes() < before.fileBytes() || after.chunkBytes() < before.chunkBytes();
  }

  private void commitUnderLock(boolean moveChunks) {
    commandLock.writeLock().lock();
    try {
      store.commit();
      if (moveChunks && store.getFileStore() instanceof RandomAccessStore randomAccess) {
        randomAccess.compactMoveChunks(100, IDLE_MOVE_BYTES, store);
      }
      store.sync();
      lastVersion = store.getCurrentVersion();
    } finally {
      commandLock.writeLock().unlock();
    }
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
