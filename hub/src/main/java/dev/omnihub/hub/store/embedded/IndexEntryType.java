package dev.omnihub.hub.store.embedded;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * Orders and stores the entries of one secondary index: value by value in the index's direction for
 * that key (so an index on {@code {status: 1, lastMessageAt: -1}} iterates newest first within a
 * status), then by position ascending.
 */
final class IndexEntryType extends PageWrittenType<IndexEntry> {

  private final boolean[] descending;

  IndexEntryType(boolean[] descending) {
    this.descending = descending.clone();
  }

  @Override
  public int compare(IndexEntry a, IndexEntry b) {
    return compareFrom(0, a, b);
  }

  /** Compares ignoring the first {@code skip} values (scans that merge ranges of different prefixes). */
  int compareFrom(int skip, IndexEntry a, IndexEntry b) {
    Object[] x = a.values();
    Object[] y = b.values();
    int common = Math.min(x.length, y.length);
    for (int i = skip; i < common; i++) {
      int c = ValueOrder.compare(x[i], y[i]);
      if (c != 0) {
        return descending[i] ? -c : c;
      }
    }
    if (x.length < y.length) {
      return a.bound();
    }
    if (x.length > y.length) {
      return -b.bound();
    }
    if (a.bound() != 0 || b.bound() != 0) {
      return Integer.compare(a.bound(), b.bound());
    }
    return ValueOrder.compare(a.position(), b.position());
  }

  @Override
  public int getMemory(IndexEntry entry) {
    // 48 for the entry and its arrays, 48 for the encoding it keeps once written (16 + ~32 bytes).
    int size = 96 + BsonCodec.estimateMemory(entry.position());
    for (Object value : entry.values()) {
      size += BsonCodec.estimateMemory(value);
    }
    return size;
  }

  @Override
  void append(ByteBuf out, IndexEntry entry) {
    byte[] encoded = entry.encoded();
    if (encoded != null) {
      out.writeBytes(encoded);
      return;
    }
    int start = out.writerIndex();
    Object[] values = entry.values();
    out.writeByte(values.length);
    for (Object value : values) {
      BsonCodec.appendValue(out, value);
    }
    BsonCodec.appendValue(out, entry.position());
    byte[] bytes = new byte[out.writerIndex() - start];
    out.getBytes(start, bytes);
    entry.encoded(bytes);
  }

  @Override
  public IndexEntry read(ByteBuffer buffer) {
    Object[] values = new Object[buffer.get()];
    for (int i = 0; i < values.length; i++) {
      values[i] = BsonCodec.readValue(buffer);
    }
    return IndexEntry.of(values, BsonCodec.readValue(buffer));
  }

  @Override
  public IndexEntry[] createStorage(int size) {
    return new IndexEntry[size];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IndexEntryType type && java.util.Arrays.equals(descending, type.descending);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(descending);
  }
}
