package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses how to answer a query: an exact lookup in a unique index, a scan of ranges of a secondary
 * index, or a scan of the collection. A secondary index is usable when the query has equality (or
 * {@code $in}) on a prefix of its keys, optionally a range on the next key, or when it gives the sort
 * order. Candidates are costed by the number of index entries their ranges hold (counted exactly in
 * O(log n) from the B-tree's page counts); a scan that yields the sort order stops after
 * {@code skip + limit} matches, so it costs that much when nothing else filters. Of two candidates
 * guessed to cost the same, the one whose ranges hold fewer entries wins: it can never read more than
 * those, while the guess for the other may be far off (a page of a few customers' conversations read by
 * customer, rather than by walking the whole inbox in order until enough of theirs turn up).
 */
final class QueryPlanner {

  /** More combinations of {@code $in} values than this are not worth one range each. */
  private static final int MAX_RANGES = 256;
  /** A guess at how many index entries an ordered scan with other filters reads per match. */
  private static final int RESIDUAL_FACTOR = 10;

  private record SortKey(String path, boolean ascending) {
  }

  /** @param entries the most index entries (or documents) it can read */
  private record Candidate(QueryPlan plan, double cost, int rank, long entries) {
  }

  private QueryPlanner() {
  }

  /**
   * @param idField the collection's id field (positions are its values), or {@code null}
   * @return the cheapest plan; a {@link QueryPlan.Scan} when no index helps
   */
  static QueryPlan plan(List<Index<Object>> indexes, Document query, Document orderBy, int skip, int limit, long size,
      String idField) {
    List<SortKey> sort = sortKeys(orderBy);
    if (sort == null) {
      return new QueryPlan.Scan();
    }
    QueryConstraints constraints = QueryConstraints.of(query);
    Candidate best = new Candidate(new QueryPlan.Scan(), sort.isEmpty() ? size : size * 1.2, 2, size);
    for (Index<Object> index : indexes) {
      Candidate candidate = null;
      if (index instanceof UniqueIndex unique) {
        candidate = uniqueLookup(unique, constraints);
      } else if (index instanceof MvSecondaryIndex secondary) {
        candidate = indexScan(secondary, constraints, sort, skip, limit, idField);
      }
      if (candidate != null && isBetter(candidate, best)) {
        best = candidate;
      }
    }
    return best.plan();
  }

  private static boolean isBetter(Candidate candidate, Candidate best) {
    if (candidate.cost() != best.cost()) {
      return candidate.cost() < best.cost();
    }
    return candidate.rank() < best.rank() || (candidate.rank() == best.rank() && candidate.entries() < best.entries());
  }

  /** The sort keys, an empty list for no sort, or {@code null} for a sort no index can give ($natural, $meta). */
  private static List<SortKey> sortKeys(Document orderBy) {
    if (orderBy == null || orderBy.isEmpty()) {
      return List.of();
    }
    List<SortKey> keys = new ArrayList<>();
    for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
      if (entry.getKey().startsWith("$") || !(entry.getValue() instanceof Number direction)) {
        return null;
      }
      keys.add(new SortKey(entry.getKey(), direction.doubleValue() >= 0));
    }
    return keys;
  }

  private static Candidate uniqueLookup(UniqueIndex index, QueryConstraints constraints) {
    List<String> paths = index.keyPaths();
    Document lookup = new Document();
    long lookups = 1;
    for (String path : paths) {
      QueryConstraints.Field field = constraints.field(path);
      if (field == null || field.equals == null) {
        return null;
      }
      if (index.sparse() && field.equals.contains(null)) {
        return null;
      }
      if (field.equals.size() == 1) {
        lookup.put(path, field.equals.get(0));
      } else if (paths.size() == 1) {
        lookup.put(path, new Document("$in", field.equals));
      } else {
        return null;
      }
      lookups *= field.equals.size();
    }
    return new Candidate(new QueryPlan.UniqueLookup(index, lookup), lookups, 0, lookups);
  }

  private static Candidate indexScan(MvSecondaryIndex index, QueryConstraints constraints, List<SortKey> sort, int skip,
      int limit, String idField) {
    String[] paths = index.paths();
    int prefix = 0;
    long combinations = 1;
    while (prefix < paths.length) {
      QueryConstraints.Field field = constraints.field(paths[prefix]);
      if (field == null || field.equals == null || combinations * field.equals.size() > MAX_RANGES) {
        break;
      }
      combinations *= field.equals.size();
      prefix++;
    }
    QueryConstraints.Field rangeField = prefix < paths.length ? constraints.field(paths[prefix]) : null;
    boolean range = rangeField != null && rangeField.equals == null && rangeField.hasRange() && !index.isMultikey(prefix);
    if (index.sparse() && !coversEveryMatch(index, constraints, prefix, range)) {
      return null;
    }
    Boolean forward = sortDirection(index, constraints, sort, prefix, idField);
    boolean ordered = forward != null;
    if (prefix == 0 && !range && (!ordered || sort.isEmpty())) {
      return null;
    }
    List<IndexEntry[]> ranges = ranges(index, constraints, prefix, range ? rangeField : null);
    long entries = 0;
    for (IndexEntry[] bounds : ranges) {
      entries += insertionPoint(index, bounds[1]) - insertionPoint(index, bounds[0]);
    }
    boolean covered = !constraints.hasResidual() && usesEveryConstraint(paths, constraints, prefix, range);
    double cost;
    if (ordered && limit > 0) {
      long wanted = (long) skip + limit;
      cost = Math.min(entries, covered ? wanted : wanted * RESIDUAL_FACTOR);
    } else {
      cost = sort.isEmpty() || ordered ? entries : entries * 1.2;
    }
    boolean deduplicate = index.anyMultikey();
    return new Candidate(new QueryPlan.IndexScan(index, ranges, prefix, ordered, ordered && !forward, deduplicate), cost,
        ordered ? 0 : 1, entries);
  }

  /** A sparse index lacks documents without any of its keys: usable only if no such document can match. */
  private static boolean coversEveryMatch(MvSecondaryIndex index, QueryConstraints constraints, int prefix, boolean range) {
    if (prefix > 0) {
      return !constraints.field(index.paths()[0]).equals.contains(null);
    }
    return range;
  }

  private static boolean usesEveryConstraint(String[] paths, QueryConstraints constraints, int prefix, boolean range) {
    int used = prefix + (range ? 1 : 0);
    return List.of(paths).subList(0, used).containsAll(constraints.paths());
  }

  /**
   * Whether scanning this index after its equality prefix yields the sort order: {@code TRUE} forwards,
   * {@code FALSE} backwards, {@code null} when it cannot. Sort keys fixed by a single-valued equality on
   * one of the index's single-valued keys are ignored; after the index's keys, positions (ids) ascend.
   */
  private static Boolean sortDirection(MvSecondaryIndex index, QueryConstraints constraints, List<SortKey> sort, int prefix,
      String idField) {
    String[] paths = index.paths();
    Boolean forward = null;
    int key = prefix;
    boolean idReached = false;
    for (SortKey sortKey : sort) {
      if (isFixedScalar(index, constraints, sortKey.path())) {
        continue;
      }
      boolean matchesForward;
      if (idReached) {
        return null;
      } else if (key < paths.length) {
        if (!paths[key].equals(sortKey.path()) || index.isMultikey(key)) {
          return null;
        }
        matchesForward = sortKey.ascending() != index.isDescending(key);
        key++;
      } else if (sortKey.path().equals(idField)) {
        matchesForward = sortKey.ascending();
        idReached = true;
      } else {
        return null;
      }
      if (forward == null) {
        forward = matchesForward;
      } else if (forward != matchesForward) {
        return null;
      }
    }
    return forward == null ? Boolean.TRUE : forward;
  }

  /**
   * A single-valued equality fixes a sort key only where the field never holds an array: the sort key of
   * an array is its smallest (or largest) element, not the value the query matched.
   */
  private static boolean isFixedScalar(MvSecondaryIndex index, QueryConstraints constraints, String path) {
    int key = List.of(index.paths()).indexOf(path);
    return key >= 0 && !index.isMultikey(key) && constraints.isFixed(path);
  }

  /** One {@code [from, to]} pair of probes per combination of prefix values, in the index's forward order. */
  private static List<IndexEntry[]> ranges(MvSecondaryIndex index, QueryConstraints constraints, int prefix,
      QueryConstraints.Field range) {
    List<List<Object>> combinations = new ArrayList<>();
    combinations.add(List.of());
    String[] paths = index.paths();
    for (int i = 0; i < prefix; i++) {
      List<List<Object>> next = new ArrayList<>();
      for (List<Object> combination : combinations) {
        for (Object value : constraints.field(paths[i]).equals) {
          List<Object> extended = new ArrayList<>(combination);
          extended.add(value);
          next.add(extended);
        }
      }
      combinations = next;
    }
    List<IndexEntry[]> ranges = new ArrayList<>(combinations.size());
    for (List<Object> combination : combinations) {
      Object[] values = combination.toArray();
      if (range == null) {
        ranges.add(new IndexEntry[] {IndexEntry.probe(values, IndexEntry.BELOW), IndexEntry.probe(values, IndexEntry.ABOVE)});
        continue;
      }
      boolean descending = index.isDescending(prefix);
      Object first = descending ? range.upper : range.lower;
      boolean firstInclusive = descending ? range.upperInclusive : range.lowerInclusive;
      Object last = descending ? range.lower : range.upper;
      boolean lastInclusive = descending ? range.lowerInclusive : range.upperInclusive;
      IndexEntry from = first == null ? IndexEntry.probe(values, IndexEntry.BELOW)
          : IndexEntry.probe(append(values, first), firstInclusive ? IndexEntry.BELOW : IndexEntry.ABOVE);
      IndexEntry to = last == null ? IndexEntry.probe(values, IndexEntry.ABOVE)
          : IndexEntry.probe(append(values, last), lastInclusive ? IndexEntry.ABOVE : IndexEntry.BELOW);
      ranges.add(new IndexEntry[] {from, to});
    }
    return ranges;
  }

  private static Object[] append(Object[] values, Object value) {
    Object[] extended = java.util.Arrays.copyOf(values, values.length + 1);
    extended[values.length] = value;
    return extended;
  }

  /** Where a probe would be inserted: the number of entries before it. */
  static long insertionPoint(MvSecondaryIndex index, IndexEntry probe) {
    long position = index.entries().getKeyIndex(probe);
    return position < 0 ? -position - 1 : position;
  }
}
