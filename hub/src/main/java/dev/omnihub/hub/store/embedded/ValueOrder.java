package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.List;

/**
 * The total order of stored keys: the server's own order ({@link ValueComparator}: null and missing
 * first, then numbers, strings, documents, arrays, ..., dates), so an index yields documents in the
 * order the server sorts them. Two cases are repaired for a B-tree, which needs every key equal to
 * itself: arrays compare element by element (the server compares them by their smallest element),
 * and equal documents compare equal even when they hold arrays. Values of the same common type are
 * compared directly (the server's comparator first looks up both types in a list).
 */
final class ValueOrder {

  private static final ValueComparator SERVER_ORDER = ValueComparator.ascWithoutListHandling();

  private ValueOrder() {
  }

  static int compare(Object a, Object b) {
    if (a == b) {
      return 0;
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.compareTo(y);
    }
    if (a instanceof ObjectId x && b instanceof ObjectId y) {
      return x.compareTo(y);
    }
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if (a instanceof Integer x && b instanceof Integer y) {
      return Integer.compare(x, y);
    }
    if (a instanceof List<?> left && b instanceof List<?> right) {
      return compareLists(left, right);
    }
    int order = SERVER_ORDER.compare(a, b);
    if (order != 0 && a instanceof Document && a.equals(b)) {
      return 0;
    }
    return order;
  }

  private static int compareLists(List<?> left, List<?> right) {
    int common = Math.min(left.size(), right.size());
    for (int i = 0; i < common; i++) {
      int c = compare(left.get(i), right.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(left.size(), right.size());
  }
}
