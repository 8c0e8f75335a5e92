package dev.omnihub.hub.store.embedded;

import java.util.Arrays;

/**
 * A key of a secondary index: the indexed values of one document, then the document's position (its
 * id), so entries with equal values are distinct and ordered by position. A <em>probe</em> is a key
 * that is never stored: it holds a prefix of the values and sorts before ({@link #BELOW}) or after
 * ({@link #ABOVE}) every entry that starts with that prefix; scans use probes as their bounds.
 */
final class IndexEntry {

  static final int BELOW = -1;
  static final int ABOVE = 1;

  private final Object[] values;
  private final Object position;
  private final int bound;
  /**
   * Its encoding, kept from the first time it was written: a commit rewrites every entry of each page
   * it touched, and re-encoding the unchanged ones was a third of H2's serialization thread, which
   * bounds ingest. Written and read by that one thread; a lost write only costs an encoding.
   */
  private byte[] encoded;

  private IndexEntry(Object[] values, Object position, int bound) {
    this.values = values;
    this.position = position;
    this.bound = bound;
  }

  static IndexEntry of(Object[] values, Object position) {
    return new IndexEntry(values, position, 0);
  }

  /** A probe sorting just below or above every entry whose values start with {@code prefix}. */
  static IndexEntry probe(Object[] prefix, int bound) {
    return new IndexEntry(prefix, null, bound);
  }

  Object[] values() {
    return values;
  }

  Object position() {
    return position;
  }

  int bound() {
    return bound;
  }

  /** Its encoding as last written, or {@code null} before it was first written. */
  byte[] encoded() {
    return encoded;
  }

  void encoded(byte[] bytes) {
    this.encoded = bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IndexEntry entry && bound == entry.bound && Arrays.equals(values, entry.values)
        && java.util.Objects.equals(position, entry.position);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values) * 31 + java.util.Objects.hashCode(position);
  }

  @Override
  public String toString() {
    return Arrays.toString(values) + (bound == 0 ? "@" + position : bound < 0 ? "-" : "+");
  }
}
