package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Checks a store file as its last commit left it: every index holds exactly the entries its
 * collection's documents call for, no more and no less. Opens the file without writing to it.
 */
public final class IndexConsistency {

  private IndexConsistency() {
  }

  /** @return one line per problem found; empty when every index matches its documents */
  public static List<String> problems(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    try {
      return problems(store);
    } finally {
      store.closeImmediately();
    }
  }

  /** @return one line per problem found in an open store (read only; the caller keeps writers out meanwhile) */
  public static List<String> problems(MVStore store) {
    {
      List<String> problems = new ArrayList<>();
      MvBackend backend = new MvBackend(store, new ReentrantReadWriteLock().readLock(), QueryObserver.NONE);
      for (String mapName : List.copyOf(store.getMapNames())) {
        if (!mapName.startsWith(MvDatabase.DATA_PREFIX) || mapName.contains(".system.")) {
          continue;
        }
        String namespace = mapName.substring(MvDatabase.DATA_PREFIX.length());
        int dot = namespace.indexOf('.');
        MongoDatabase database = backend.resolveDatabase(namespace.substring(0, dot));
        MvCollection collection = (MvCollection) database.resolveCollection(namespace.substring(dot + 1), true);
        MVMap<Object, Document> documents = store.openMap(mapName,
            new MVMap.Builder<Object, Document>().keyType(DataTypes.Value.INSTANCE).valueType(DataTypes.Doc.INSTANCE));
        for (Index<Object> index : collection.getIndexes()) {
          if (index instanceof MvSecondaryIndex secondary) {
            checkSecondary(namespace, secondary, documents, problems);
          } else if (index instanceof MvUniqueIndex unique) {
            checkUnique(namespace, unique, documents, problems);
          }
        }
      }
      return problems;
    }
  }

  private static void checkSecondary(String namespace, MvSecondaryIndex index, MVMap<Object, Document> documents,
      List<String> problems) {
    TreeSet<IndexEntry> expected = new TreeSet<>(index.entryType());
    Cursor<Object, Document> cursor = documents.cursor(null);
    while (cursor.hasNext()) {
      Object position = cursor.next();
      expected.addAll(index.entriesOf(cursor.getValue(), position));
    }
    TreeSet<IndexEntry> actual = new TreeSet<>(index.entryType());
    index.entries().keyIterator(null).forEachRemaining(actual::add);
    // Compared as the index orders keys: an entry stored as -0.0 serves a document now holding 0.
    TreeSet<IndexEntry> missing = new TreeSet<>(expected);
    missing.removeAll(actual);
    TreeSet<IndexEntry> extra = new TreeSet<>(actual);
    extra.removeAll(expected);
    report(namespace + " index " + index.getName(), missing, extra, problems);
  }

  private static void checkUnique(String namespace, MvUniqueIndex index, MVMap<Object, Document> documents, List<String> problems) {
    Map<KeyValue, Object> expected = new TreeMap<>(DataTypes.Key.INSTANCE);
    Cursor<Object, Document> cursor = documents.cursor(null);
    while (cursor.hasNext()) {
      Object position = cursor.next();
      Document document = cursor.getValue();
      if (index.sparse() && index.keyPaths().stream().noneMatch(document::containsKey)) {
        continue;
      }
      for (KeyValue key : index.getKeyValues(document)) {
        expected.put(key, position);
      }
    }
    Map<KeyValue, Object> actual = new TreeMap<>(DataTypes.Key.INSTANCE);
    actual.putAll(index.positions());
    report(namespace + " unique index " + index.getName(), expected.entrySet(), actual.entrySet(), problems);
  }

  /** Compares the entries by their printed form: both sides come from the same decoded values. */
  private static void report(String what, Iterable<?> expected, Iterable<?> actual, List<String> problems) {
    TreeSet<String> missing = new TreeSet<>();
    expected.forEach(entry -> missing.add(entry.toString()));
    TreeSet<String> extra = new TreeSet<>();
    actual.forEach(entry -> extra.add(entry.toString()));
    TreeSet<String> both = new TreeSet<>(missing);
    both.retainAll(extra);
    missing.removeAll(both);
    extra.removeAll(both);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      problems.add(what + ": " + missing.size() + " entries missing " + head(missing) + ", " + extra.size() + " extra " + head(extra));
    }
  }

  private static String head(TreeSet<String> entries) {
    return entries.stream().limit(3).toList().toString();
  }
}
