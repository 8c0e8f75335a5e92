package dev.omnihub.hub.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.SingleFileStore;

/**
 * H2's single-file store, told which chunks a compaction step copies the live pages out of, and able to
 * say how much of the file is live ({@link #space()}). Two ways to choose, as {@link StoreCompactor}
 * asks:
 * <ul>
 *   <li><em>cleaning</em>: the cost-benefit rule of log-structured file systems, space freed times age
 *   over cost, {@code (1 - u) * age / (1 + u)} for a chunk whose live share is {@code u}, among chunks
 *   less than a given share live, as many as fit the step. H2's own ranking (fill rate over age in whole
 *   numbers) ties most old chunks at 0 or 1 whether 4 % or 40 % live, and kept re-copying the same
 *   half-full chunks while 1,300 chunks under 10 % live stayed. Age matters because what is still live
 *   in a young chunk is mostly hot (the newest index leaves, conversations being answered) and dies on
 *   its own soon; what is left in an old chunk is cold;
 *   <li><em>evacuating the tail</em>: the chunks nearest the end of the file, whatever their live share.
 *   H2 writes each new chunk into the first free space large enough and truncates the file once its end
 *   is free, so copying the last chunks' pages into the holes further up shrinks the file.
 * </ul>
 * The chunk cap was 50 % live until the shop mix showed where that leads: the chunks that compaction
 * itself wrote settled at 50-60 % live (their copies of warm pages died later), were never candidates
 * again, and the file stayed at 2.6 times its live data.
 */
final class CompactingFileStore extends SingleFileStore {

  /** H2's block, the unit chunks are allocated in (package-private there). */
  static final int BLOCK_BYTES = 4096;

  /**
   * The store's space as of one look at its chunks.
   *
   * @param fileBytes    the file's size
   * @param chunkBytes   the blocks chunks take (the rest of the file is free space new chunks reuse)
   * @param liveBytes    the part of those blocks that holds live pages
   * @param oldChunkBytes the blocks of the chunks older than the young window ({@link #space(long)})
   * @param oldLiveBytes  the part of those that holds live pages
   * @param writtenBytes the bytes of all chunks written since the store was opened (grows only)
   */
  record Space(long fileBytes, long chunkBytes, long liveBytes, long oldChunkBytes, long oldLiveBytes, long writtenBytes) {

    /** The file over its live data (1 when nothing is garbage or free). */
    double fileToLive() {
      return liveBytes == 0 ? 1 : (double) fileBytes / liveBytes;
    }

    /** The old chunks over their live data: what copying live pages out of old chunks can bring down. */
    double oldChunksToLive() {
      return oldLiveBytes == 0 ? 1 : (double) oldChunkBytes / oldLiveBytes;
    }
  }

  private record Candidate(Chunk<?> chunk, double rank) {
  }

  /** What the next compaction step copies; set just before it. */
  private volatile long stepBytes;
  private volatile int belowPercent;
  private volatile boolean tailFirst;
  private volatile long youngMillis;
  /** Touched under this object's lock only. */
  private int newestChunkSeen = -1;
  private long writtenBytes;

  CompactingFileStore(Map<String, Object> config) {
    super(config);
  }

  /** {@link #space(long)} with every chunk counted as old. */
  Space space() {
    return space(0);
  }

  /**
   * Looks at every chunk once.
   *
   * @param youngMillis chunks written less than this long before the newest are young: most of what a
   *                    commit writes dies within seconds on its own, so copying it out is wasted work
   */
  synchronized Space space(long youngMillis) {
    long chunkBytes = 0;
    double liveBytes = 0;
    long oldChunkBytes = 0;
    double oldLiveBytes = 0;
    long youngAfter = newestChunkTime() - youngMillis;
    int newest = newestChunkSeen;
    for (Object value : getChunks().values()) {
      Chunk<?> chunk = (Chunk<?>) value;
      if (chunk.block == 0 || chunk.len <= 0) {
        continue;
      }
      long bytes = (long) chunk.len * BLOCK_BYTES;
      // H2 counts live pages by rounded-up lengths; their share of the chunk's blocks is the live part.
      double live = chunk.maxLen <= 0 ? 0 : bytes * Math.min(1.0, (double) chunk.maxLenLive / chunk.maxLen);
      chunkBytes += bytes;
      liveBytes += live;
      if (youngMillis == 0 || chunk.time < youngAfter) {
        oldChunkBytes += bytes;
        oldLiveBytes += live;
      }
      if (chunk.id > newestChunkSeen) {
        writtenBytes += bytes;
        newest = Math.max(newest, chunk.id);
      }
    }
    newestChunkSeen = newest;
    return new Space(size(), chunkBytes, (long) liveBytes, oldChunkBytes, (long) oldLiveBytes, writtenBytes);
  }

  /** When the newest chunk was written, in H2's time (milliseconds since the file was created). */
  private long newestChunkTime() {
    long newest = 0;
    for (Object value : getChunks().values()) {
      newest = Math.max(newest, ((Chunk<?>) value).time);
    }
    return newest;
  }

  /** The largest free space between chunks (after the two header blocks, before the last chunk). */
  long largestHoleBytes() {
    List<Chunk<?>> chunks = new ArrayList<>();
    for (Object value : getChunks().values()) {
      Chunk<?> chunk = (Chunk<?>) value;
      if (chunk.block != 0 && chunk.len > 0) {
        chunks.add(chunk);
      }
    }
    chunks.sort(Comparator.comparingLong(chunk -> chunk.block));
    long largest = 0;
    long end = 2;
    for (Chunk<?> chunk : chunks) {
      largest = Math.max(largest, chunk.block - end);
      end = Math.max(end, chunk.block + chunk.len);
    }
    return largest * BLOCK_BYTES;
  }

  /**
   * Copies live pages out of chunks less than {@code belowPercent} live, as many chunks as
   * {@code liveBytes} holds; the next commit writes the copies.
   *
   * @param tailFirst the chunks nearest the end of the file first, instead of the best to clean
   * @param youngMillis leave the chunks written less than this long before the newest alone (0: none)
   * @return whether anything was copied
   */
  boolean copyLivePages(long liveBytes, int belowPercent, boolean tailFirst, long youngMillis) {
    this.youngMillis = youngMillis;
    this.stepBytes = liveBytes;
    this.belowPercent = belowPercent;
    this.tailFirst = tailFirst;
    return compact(101, (int) Math.min(Integer.MAX_VALUE, liveBytes));
  }

  // H2's chunk type for this store is package-private, hence the raw collection.
  @SuppressWarnings({"rawtypes", "unchecked"})
  @Override
  public Collection getRewriteCandidates() {
    List candidates = new ArrayList();
    if (!isSpaceReused()) {
      return candidates;
    }
    // Best first, skipping a chunk whose live pages do not fit what is left of the step (H2 would drop
    // it anyway); one that fits no step is left alone.
    long left = stepBytes;
    for (Candidate candidate : ranked()) {
      if (candidate.chunk().maxLenLive <= left) {
        candidates.add(candidate.chunk());
        left -= candidate.chunk().maxLenLive;
      }
    }
    return candidates;
  }

  /** Old chunks under the step's live share (the newest two never: H2 may still write one), best to copy first. */
  private List<Candidate> ranked() {
    long version = getMvStore().getCurrentVersion();
    long youngAfter = newestChunkTime() - youngMillis;
    List<Candidate> ranked = new ArrayList<>();
    for (Object value : getChunks().values()) {
      Chunk<?> chunk = (Chunk<?>) value;
      boolean old = youngMillis == 0 || chunk.time < youngAfter;
      if (chunk.maxLen > 0 && chunk.version < version - 2 && chunk.block != 0 && old) {
        double live = (double) chunk.maxLenLive / chunk.maxLen;
        if (live * 100 < belowPercent) {
          double rank = tailFirst ? chunk.block : (1 - live) * (version - chunk.version) / (1 + live);
          ranked.add(new Candidate(chunk, rank));
        }
      }
    }
    ranked.sort(Comparator.comparingDouble(Candidate::rank).reversed());
    return ranked;
  }
}
