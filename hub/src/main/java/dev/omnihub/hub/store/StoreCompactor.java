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
 *   {@value #STEP_INTERVAL_MILLIS} ms, whenever the chunks older than {@link #YOUNG} hold more than
 *   {@value #WRITING_TARGET} times their live data (younger ones mostly die on their own). How much is copied is proportional to what the commits wrote since the last step,
 *   times a gain that grows with the excess ({@link #gain}): a hub that writes more, or whose commits
 *   are slowed by a busy CPU, copies in step with its writes instead of falling behind a fixed pace
 *   (the time-paced steps before this let the file reach 2.6 times its live data under load);
 *   <li>once the hub has been idle for {@link #IDLE_AFTER} (few commits) and the file is more than
 *   {@value #IDLE_TARGET} times its live data: slices of copying, committed under the exclusive command
 *   lock, alternately of two kinds while both are worth it: cleaning (the chunks best worth it, any
 *   live share), which frees chunks all over the file, and, when much of the file is free space,
 *   evacuating the chunks at the end of the file into the holes further up (at most what the largest
 *   hole holds, or the copies would become the new end), so that H2 truncates the file. A slice that
 *   achieves nothing doubles the wait before the next one;
 *   <li>at start, before serving, the same slices for at most {@link #START_BUDGET} when the file is
 *   more than {@value #START_ABOVE} times its live data ({@link #compactBeforeServing}): each slice is an
 *   ordinary commit and sync, so a kill in the middle leaves the last synced one.
 * </ul>
 */
final class StoreCompactor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StoreCompactor.class);
  /** While writing, the chunks older than {@link #YOUNG} are kept within this many times their live data. */
  static final double WRITING_TARGET = 1.2;
  /**
   * While writing, chunks younger than this are left alone: what a commit writes is mostly index leaves,
   * inner nodes and conversations that the next commits rewrite. Measured on the shop mix: cleaning every
   * chunk under 90 % live copied as much as the commits wrote (the whole file every 10 s) and the chunks
   * stayed at 1.45 times their live data, the copies dying as fast as the originals; leaving 30 s (or 5 s)
   * alone left chunks 15 % live that make up most of the file (a chunk goes only once all of it is dead,
   * and most keep a page or two), and copying them later costs as much.
   */
  static final Duration YOUNG = Duration.ofSeconds(1);
  /** Bytes copied per byte written for each tenth the chunks are above {@link #WRITING_TARGET}... */
  private static final double GAIN_PER_TENTH = 0.5;
  /** ...up to this many. */
  private static final double MAX_GAIN = 2;
  /** Chunks this live or more are never cleaned while writing (copying a 90 % live chunk frees a tenth). */
  static final int CLEAN_BELOW_PERCENT = 90;
  static final long STEP_INTERVAL_MILLIS = 50;
  /** A step copies at least this much (or waits for the credit to grow)... */
  private static final long MIN_STEP_BYTES = 64 * 1024;
  /**
   * ...and at most this much: the commit waits for the step (about 5-7 ms per MiB measured), and a
   * commit that carries a large step makes a chunk too big for the holes freed chunks leave.
   */
  private static final long MAX_STEP_BYTES = 512 * 1024;
  /** Credit beyond this is dropped, so that a long stretch above the target is not paid back in one go. */
  private static final long MAX_CREDIT_BYTES = 16 * 1024 * 1024;

  static final Duration IDLE_AFTER = Duration.ofSeconds(10);
  /**
   * Idle means at most this many commits (besides the compactor's own) within {@link #IDLE_AFTER}: a hub
   * is rarely silent (after the shop mix's ingest, background work kept committing every few seconds, and
   * the idle shrink, which waited for 10 s without any commit, ran 3 slices in a minute).
   */
  static final int IDLE_MAX_COMMITS = 20;
  /** An idle store is compacted until the file is within this many times its live data. */
  static final double IDLE_TARGET = 1.15;
  /** Free space beyond this share of the file is worth evacuating the file's end for. */
  private static final double FREE_SHARE_WORTH_EVACUATING = 0.05;
  private static final long IDLE_COPY_BYTES = 4 * 1024 * 1024;
  /** What a slice copies when no hole is worth filling (the file grows by it; then the end is evacuated). */
  private static final long MIN_IDLE_COPY_BYTES = 1024 * 1024;
  private static final int IDLE_MOVE_BYTES = 4 * 1024 * 1024;
  private static final long MIN_HOLE_BYTES = 64 * 1024;
  private static final long TICK_MILLIS = 250;
  private static final long MAX_IDLE_BACKOFF_MILLIS = 10 * 60_000;

  /** At start, a file more than this many times its live data is compacted before serving... */
  static final double START_ABOVE = 1.5;
  /** ...for at most this long (the rest is done while idle)... */
  static final Duration START_BUDGET = Duration.ofSeconds(60);
  /**
   * ...unless it is smaller than this: a small file's fixed overhead (headers, the layout map) keeps it
   * above the target however long it is compacted (a test's store of a few hundred KB spent the whole
   * minute going from 2.1 to 1.6 times its live data).
   */
  static final long START_MIN_BYTES = 1024 * 1024;
  /** Slices in a row that may leave the file no smaller before compacting at start gives up. */
  private static final int START_SLICES_WITHOUT_PROGRESS = 5;

  private final MVStore store;
  private final CompactingFileStore file;
  private final ReadWriteLock commandLock;
  private final long idleAfterMillis;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("omnihub-compact").daemon(true).factory());
  private volatile long lastVersion;
  /** Commits of others, one entry per tick: how many since the previous tick (touched by the tick thread only). */
  private final java.util.ArrayDeque<long[]> recentCommits = new java.util.ArrayDeque<>();
  /** Commits the compactor made (slices run one at a time: {@link #slice} is synchronized). */
  private volatile long ownCommits;
  private long ownCommitsSeen;
  private long nextSliceMillis;
  private long slices;
  private final long startedMillis = System.currentTimeMillis();
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
      long now = System.currentTimeMillis();
      if (commitsOfOthers(now) > IDLE_MAX_COMMITS) {
        // Writing again: the next idle stretch starts afresh (a bulk load's pauses had pushed the wait
        // between slices to minutes, and the idle minute after the scale bench's ingest got one slice).
        nextSliceMillis = 0;
        sliceBackoffMillis = TICK_MILLIS;
      } else if (now >= nextSliceMillis && file.space().fileToLive() > IDLE_TARGET) {
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

  /**
   * The commits within the last {@link #IDLE_AFTER} that the compactor did not make itself; more than
   * {@link #IDLE_MAX_COMMITS} until that long has been watched.
   */
  private long commitsOfOthers(long now) {
    long version = store.getCurrentVersion();
    long own = ownCommits;
    long others = Math.max(0, version - lastVersion - (own - ownCommitsSeen));
    lastVersion = version;
    ownCommitsSeen = own;
    recentCommits.addLast(new long[] {now, others});
    long total = 0;
    while (recentCommits.peekFirst()[0] < now - idleAfterMillis) {
      recentCommits.removeFirst();
    }
    for (long[] tick : recentCommits) {
      total += tick[1];
    }
    boolean watchedLongEnough = now - startedMillis >= idleAfterMillis;
    return watchedLongEnough ? total : Long.MAX_VALUE;
  }

  /** On the commit thread before a commit: one step of copying live pages out of sparse chunks, when due. */
  void beforeCommit() {
    long now = System.nanoTime();
    if (now - nextStepNanos < 0 || store.isClosed()) {
      return;
    }
    nextStepNanos = now + TimeUnit.MILLISECONDS.toNanos(STEP_INTERVAL_MILLIS);
    try {
      CompactingFileStore.Space space = file.space(YOUNG.toMillis());
      // What the commits wrote for the hub since the last step, not counting the copies it made.
      long written = Math.max(0, space.writtenBytes() - lastWritten - copiedLastStep);
      lastWritten = space.writtenBytes();
      copiedLastStep = 0;
      double gain = gain(space.oldChunksToLive());
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
      if (file.copyLivePages(step, CLEAN_BELOW_PERCENT, false, YOUNG.toMillis())) {
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
      log.debug(String.format("file %.1f MB, file/live %.2f, free %.0f %%, young %.1f MB, old chunks/live %.2f; written %.1f MB, "
              + "copied %.1f MB since the last line", space.fileBytes() / 1e6, space.fileToLive(),
          100.0 * (space.fileBytes() - space.chunkBytes()) / space.fileBytes(), (space.chunkBytes() - space.oldChunkBytes()) / 1e6,
          space.oldChunksToLive(), writtenSinceSummary / 1e6, copiedSinceSummary / 1e6));
      writtenSinceSummary = 0;
      copiedSinceSummary = 0;
    }
  }

  /** Bytes to copy per byte written, at this ratio of old chunks to their live data: 0 at or below the target. */
  static double gain(double oldChunksToLive) {
    double tenthsAbove = (oldChunksToLive - WRITING_TARGET) * 10;
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
    if (before.fileToLive() <= START_ABOVE || before.fileBytes() < START_MIN_BYTES) {
      return;
    }
    log.info("Compacting the embedded store before serving: file {} MB, {} times its live data (at most {} s)",
        before.fileBytes() >> 20, String.format("%.2f", before.fileToLive()), budget.toSeconds());
    long deadline = System.nanoTime() + budget.toNanos();
    int idleSlices = 0;
    int withoutProgress = 0;
    long smallest = before.fileBytes();
    while (System.nanoTime() - deadline < 0 && file.space().fileToLive() > IDLE_TARGET && idleSlices < 3
        && withoutProgress < START_SLICES_WITHOUT_PROGRESS) {
      idleSlices = slice() ? 0 : idleSlices + 1;
      long now = file.space().fileBytes();
      withoutProgress = now < smallest ? 0 : withoutProgress + 1;
      smallest = Math.min(smallest, now);
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
  private synchronized boolean slice() {
    CompactingFileStore.Space before = file.space();
    long free = before.fileBytes() - before.chunkBytes();
    boolean sparseChunks = (double) before.chunkBytes() / Math.max(1, before.liveBytes()) > IDLE_TARGET;
    // Alternate while both are worth it: cleaning frees chunks all over the file (holes), evacuating
    // the end moves what is left there into those holes, so that H2 can cut the file.
    boolean evacuate = free > before.fileBytes() * FREE_SHARE_WORTH_EVACUATING && (!sparseChunks || slices++ % 2 == 1);
    long hole = file.largestHoleBytes();
    // The copies should fit a hole further up, or they become the file's new end: a chunk that is all
    // live cannot be copied out again (H2 rewrites only chunks with garbage), only moved, into a hole
    // as large as itself. Measured: one 16 MiB slice appended at the end held a shop store at 65 MB
    // for 44 MB of live data, its largest hole 8.7 MB.
    long copy = hole >= MIN_HOLE_BYTES ? Math.min(IDLE_COPY_BYTES, hole * 3 / 4) : MIN_IDLE_COPY_BYTES;
    file.copyLivePages(copy, 100, evacuate && hole >= MIN_HOLE_BYTES, 0);
    commitUnderLock(false);
    CompactingFileStore.Space after = file.space();
    if (evacuate && after.fileBytes() >= before.fileBytes()) {
      commitUnderLock(true);
      after = file.space();
    }
    if (log.isDebugEnabled()) {
      log.debug(String.format("idle slice (%s, largest hole %.1f MB): file %.1f -> %.1f MB, chunks %.1f -> %.1f MB, live %.1f MB",
          evacuate ? "evacuating the end" : "cleaning", hole / 1e6, before.fileBytes() / 1e6, after.fileBytes() / 1e6,
          before.chunkBytes() / 1e6, after.chunkBytes() / 1e6, after.liveBytes() / 1e6));
    }
    return after.fileBytes() < before.fileBytes() || after.chunkBytes() < before.chunkBytes();
  }

  private void commitUnderLock(boolean moveChunks) {
    commandLock.writeLock().lock();
    try {
      long before = store.getCurrentVersion();
      store.commit();
      if (moveChunks && store.getFileStore() instanceof RandomAccessStore randomAccess) {
        randomAccess.compactMoveChunks(100, IDLE_MOVE_BYTES, store);
      }
      store.sync();
      ownCommits += store.getCurrentVersion() - before;
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
