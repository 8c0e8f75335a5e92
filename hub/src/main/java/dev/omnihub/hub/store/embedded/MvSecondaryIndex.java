package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.CannotIndexParallelArraysError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.h2.mvstore.MVMap;

/**
 * A non-unique (and compound) index kept in an MVStore map of {@link IndexEntry} keys. It is updated
 * by the collection's own add/update/remove calls, so under the same command lock and in the same
 * group commit as the documents. Queries do not go through {@link #canHandle}: the collection's
 * {@link QueryPlanner} scans it directly.
 *
 * <p>Values are indexed as the matcher reads them: a missing field as {@code null}; an array (also
 * one reached through a path such as {@code delivery.status}) as one entry per distinct element,
 * nested arrays flattened, an empty array as {@code null}. A key that ever held an array is
 * <em>multikey</em>: its entries may repeat a document, so it gives neither a sort order nor a range.
 */
final class MvSecondaryIndex extends Index<Object> {

  private final MVMap<IndexEntry, Boolean> entries;
  private final IndexEntryType entryType;
  private final IndexStates states;
  private final String mapName;
  private final String idField;
  private final String[] paths;
  private final IndexPath[] indexPaths;
  private long multikeyMask;

  MvSecondaryIndex(MVMap<IndexEntry, Boolean> entries, IndexEntryType entryType, IndexStates states, String mapName,
      String indexName, List<IndexKey> keys, boolean sparse, String idField) {
    super(indexName, keys, sparse);
    this.entries = entries;
    this.entryType = entryType;
    this.states = states;
    this.mapName = mapName;
    this.idField = idField;
    this.paths = keys.stream().map(IndexKey::getKey).toArray(String[]::new);
    this.indexPaths = keys.stream().map(key -> IndexPath.of(key.getKey())).toArray(IndexPath[]::new);
    this.multikeyMask = states.multikeyMask(mapName);
  }

  static boolean[] directions(List<IndexKey> keys) {
    boolean[] descending = new boolean[keys.size()];
    for (int i = 0; i < descending.length; i++) {
      descending[i] = !keys.get(i).isAscending();
    }
    return descending;
  }

  MVMap<IndexEntry, Boolean> entries() {
    return entries;
  }

  IndexEntryType entryType() {
    return entryType;
  }

  String[] paths() {
    return paths;
  }

  boolean isDescending(int key) {
    return !getKeys().get(key).isAscending();
  }

  boolean isMultikey(int key) {
    return (multikeyMask & (1L << key)) != 0;
  }

  boolean anyMultikey() {
    return multikeyMask != 0;
  }

  boolean sparse() {
    return isSparse();
  }

  /** Drops whatever a build that never completed left, before the collection builds it. */
  void clearForBuild() {
    entries.clear();
  }

  void markBuilt() {
    states.markBuilt(mapName);
  }

  /** The value tuples a document is indexed under (at most one key may hold an array, as in MongoDB). */
  private Set<List<Object>> tuplesOf(Document document) {
    List<Collection<Object>> valuesPerKey = new ArrayList<>(paths.length);
    int arrayKey = -1;
    long arrays = 0;
    boolean anyValue = false;
    for (int i = 0; i < paths.length; i++) {
      Object value = indexPaths[i].valueIn(document);
      if (value instanceof Collection<?> elements) {
        if (arrayKey >= 0) {
          throw new CannotIndexParallelArraysError(List.of(paths[arrayKey], paths[i]));
        }
        arrayKey = i;
        arrays |= 1L << i;
        Set<Object> flat = new LinkedHashSet<>();
        flatten(elements, flat);
        if (flat.isEmpty()) {
          flat.add(null);
        }
        valuesPerKey.add(flat);
        anyValue = true;
      } else {
        anyValue |= !(value instanceof Missing);
        List<Object> single = new ArrayList<>(1);
        single.add(value instanceof Missing ? null : value);
        valuesPerKey.add(single);
      }
    }
    if (isSparse() && !anyValue) {
      return Set.of();
    }
    if (arrays != 0 && (multikeyMask | arrays) != multikeyMask) {
      multikeyMask |= arrays;
      states.addMultikey(mapName, arrays);
    }
    Set<List<Object>> tuples = new LinkedHashSet<>();
    if (arrayKey < 0) {
      List<Object> tuple = new ArrayList<>(paths.length);
      valuesPerKey.forEach(values -> tuple.add(values.iterator().next()));
      tuples.add(tuple);
      return tuples;
    }
    for (Object element : valuesPerKey.get(arrayKey)) {
      List<Object> tuple = new ArrayList<>(paths.length);
      for (int i = 0; i < paths.length; i++) {
        tuple.add(i == arrayKey ? element : valuesPerKey.get(i).iterator().next());
      }
      tuples.add(tuple);
    }
    return tuples;
  }

  /** The entries a document at this position must have (for consistency checks). */
  List<IndexEntry> entriesOf(Document document, Object position) {
    return tuplesOf(document).stream().map(tuple -> IndexEntry.of(tuple.toArray(), position)).toList();
  }

  private static void flatten(Collection<?> elements, Set<Object> into) {
    for (Object element : elements) {
      if (element instanceof Collection<?> nested) {
        flatten(nested, into);
      } else {
        into.add(element instanceof Missing ? null : element);
      }
    }
  }

  private Object positionOf(Document document) {
    return Missing.ofNullable(document.get(idField));
  }

  @Override
  public Object getPosition(Document document) {
    // Not unique: a document's values do not name one position. The _id index answers this.
    return null;
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {
    tuplesOf(document);
  }

  @Override
  public void add(Document document, Object position, MongoCollection<Object> collection) {
    for (List<Object> tuple : tuplesOf(document)) {
      entries.put(IndexEntry.of(tuple.toArray(), position), Boolean.TRUE);
    }
  }

  @Override
  public Object remove(Document document) {
    Object position = positionOf(document);
    for (List<Object> tuple : tuplesOf(document)) {
      entries.remove(IndexEntry.of(tuple.toArray(), position));
    }
    return position;
  }

  @Override
  public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    tuplesOf(newDocument);
  }

  @Override
  public void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
    // Compared as the index orders them, not by Java equality: -0.0 and 0 (or 1 and 1L) are one key, and
    // removing the old one after adding the "different" new one would delete the entry the document needs.
    Set<IndexEntry> before = entrySet(oldDocument, position);
    Set<IndexEntry> after = entrySet(newDocument, position);
    for (IndexEntry entry : before) {
      if (!after.contains(entry)) {
        entries.remove(entry);
      }
    }
    for (IndexEntry entry : after) {
      if (!before.contains(entry)) {
        entries.put(entry, Boolean.TRUE);
      }
    }
  }

  private Set<IndexEntry> entrySet(Document document, Object position) {
    Set<IndexEntry> entrySet = new TreeSet<>(entryType);
    for (List<Object> tuple : tuplesOf(document)) {
      entrySet.add(IndexEntry.of(tuple.toArray(), position));
    }
    return entrySet;
  }

  @Override
  public boolean canHandle(Document query) {
    return false;
  }

  @Override
  public Iterable<Object> getPositions(Document query) {
    throw new UnsupportedOperationException("secondary indexes are scanned by the query planner");
  }

  @Override
  public long getCount() {
    return entries.sizeAsLong();
  }

  /** "Empty" means "not built yet": the collection then builds it from its documents. */
  @Override
  public boolean isEmpty() {
    return !states.isBuilt(mapName);
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  @Override
  public void drop() {
    // The database removes the map and its state.
  }
}
