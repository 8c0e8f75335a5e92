package dev.omnihub.hub.store.embedded;

import java.util.Locale;
import java.util.Map;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.SingleFileStore;

/** A read-only file store that can say how live its chunks are and how much of the file they take, for {@link StoreAnatomy}. */
final class ChunkReport extends SingleFileStore {

  /** H2's block size (package-private there). */
  private static final int BLOCK = 4096;

  ChunkReport(Map<String, Object> config) {
    super(config);
  }

  /** Chunks by live share in tenths: count, blocks and live bytes per tenth; and the file's used blocks. */
  String describe() {
    long[] count = new long[10];
    long[] bytes = new long[10];
    long[] live = new long[10];
    long chunkBytes = 0;
    for (Object value : getChunks().values()) {
      Chunk<?> chunk = (Chunk<?>) value;
      if (chunk.maxLen <= 0) {
        continue;
      }
      int tenth = (int) Math.min(9, 10 * chunk.maxLenLive / chunk.maxLen);
      count[tenth]++;
      bytes[tenth] += (long) chunk.len * BLOCK;
      live[tenth] += chunk.maxLenLive;
      chunkBytes += (long) chunk.len * BLOCK;
    }
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "file %.1f MB, chunks %.1f MB in %d chunks (blocks in use %d %%, chunks %d %% live by H2's rounded page lengths)%n", size() / 1e6,
        chunkBytes / 1e6, getChunks().size(), getFillRate(), getChunksFillRate()));
    for (int i = 0; i < 10; i++) {
      text.append(String.format(Locale.ROOT, "  chunks %3d-%3d %% live: %,7d chunks, %8.1f MB in the file, %8.1f MB live%n", i * 10, i * 10 + 10,
          count[i], bytes[i] / 1e6, live[i] / 1e6));
    }
    return text.toString();
  }
}
