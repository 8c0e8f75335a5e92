package dev.omnihub.hub.store.embedded;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongConsumer;
import org.h2.mvstore.Cursor;

/** Turns an {@link QueryPlan.IndexScan} into document positions, counting the index entries it reads. */
final class IndexScanner {

  private IndexScanner() {
  }

  /** Positions in index order (ranges merged by the keys after the prefix), read lazily. */
  static Iterator<Object> ordered(QueryPlan.IndexScan scan, LongConsumer keysRead) {
    List<Iterator<IndexEntry>> cursors = new ArrayList<>();
    for (IndexEntry[] range : scan.ranges()) {
      cursors.add(cursor(scan, range));
    }
    Iterator<IndexEntry> entries;
    if (cursors.size() == 1) {
      entries = cursors.get(0);
    } else {
      Comparator<IndexEntry> byRest = (a, b) -> scan.index().entryType().compareFrom(scan.prefix(), a, b);
      entries = new MergingIterator(cursors, scan.reverse() ? byRest.reversed() : byRest);
    }
    Iterator<Object> positions = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public Object next() {
        keysRead.accept(1);
        return entries.next().position();
      }
    };
    return scan.deduplicate() ? distinct(positions) : positions;
  }

  /** Every position in the ranges, each once. */
  static Set<Object> all(QueryPlan.IndexScan scan, LongConsumer keysRead) {
    Set<Object> positions = new LinkedHashSet<>();
    long read = 0;
    for (IndexEntry[] range : scan.ranges()) {
      Iterator<IndexEntry> cursor = cursor(scan, range);
      while (cursor.hasNext()) {
        positions.add(cursor.next().position());
        read++;
      }
    }
    keysRead.accept(read);
    return positions;
  }

  private static Iterator<IndexEntry> cursor(QueryPlan.IndexScan scan, IndexEntry[] range) {
    Cursor<IndexEntry, Boolean> cursor = scan.reverse()
        ? scan.index().entries().cursor(range[1], range[0], true)
        : scan.index().entries().cursor(range[0], range[1], false);
    return cursor;
  }

  private static Iterator<Object> distinct(Iterator<Object> positions) {
    Set<Object> seen = new HashSet<>();
    return new Iterator<>() {
      private Object next;

      @Override
      public boolean hasNext() {
        while (next == null && positions.hasNext()) {
          Object candidate = positions.next();
          if (seen.add(candidate)) {
            next = candidate;
          }
        }
        return next != null;
      }

      @Override
      public Object next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Object result = next;
        next = null;
        return result;
      }
    };
  }

  /** A k-way merge of iterators that are each sorted by {@code order}. */
  private static final class MergingIterator implements Iterator<IndexEntry> {

    private record Head(IndexEntry entry, Iterator<IndexEntry> rest) {
    }

    private final PriorityQueue<Head> heads;

    MergingIterator(List<Iterator<IndexEntry>> sources, Comparator<IndexEntry> order) {
      heads = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> order.compare(a.entry(), b.entry()));
      for (Iterator<IndexEntry> source : sources) {
        advance(source);
      }
    }

    private void advance(Iterator<IndexEntry> source) {
      if (source.hasNext()) {
        heads.add(new Head(source.next(), source));
      }
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public IndexEntry next() {
      Head head = heads.poll();
      if (head == null) {
        throw new NoSuchElementException();
      }
      advance(head.rest());
      return head.entry();
    }
  }
}
