package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A database of the embedded store. Map names: {@code omni.data.<db>.<collection>} for documents and
 * {@code omni.index.<db>.<collection>.<index>} for each index; {@link IndexStates} records which index
 * maps are built.
 */
final class MvDatabase extends AbstractSynchronizedMongoDatabase<Object> {

  static final String DATA_PREFIX = "omni.data.";
  static final String INDEX_PREFIX = "omni.index.";

  private final MVStore store;
  private final IndexStates states;
  private final QueryObserver observer;

  MvDatabase(String databaseName, MVStore store, IndexStates states, CursorRegistry cursorRegistry, QueryObserver observer) {
    super(databaseName, cursorRegistry);
    this.store = store;
    this.states = states;
    this.observer = observer;
    initializeNamespacesAndIndexes();
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
    MVMap<Object, Document> documents = store.openMap(DATA_PREFIX + getFullCollectionNamespace(collectionName),
        new MVMap.Builder<Object, Document>().keyType(DataTypes.Value.INSTANCE).valueType(DataTypes.Doc.INSTANCE));
    return new MvCollection(this, collectionName, options, documents, cursorRegistry, observer);
  }

  @Override
  protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    String mapName = indexMapName(collectionName, indexName);
    MvCollection collection = (MvCollection) resolveCollection(collectionName, true);
    if (MvIdIndex.answers(indexName, keys, sparse, collection.idField())) {
      // Stores written before the document map answered the _id index hold a copy of every id: drop it.
      removeMap(mapName);
      return new MvIdIndex(collection.documents(), keys);
    }
    forgetStateIfMapIsMissing(mapName);
    MVMap<KeyValue, Object> positions = store.openMap(mapName,
        new MVMap.Builder<KeyValue, Object>().keyType(DataTypes.Key.INSTANCE).valueType(DataTypes.Value.INSTANCE));
    return new MvUniqueIndex(positions, states, mapName, indexName, keys, sparse);
  }

  @Override
  protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
    String mapName = indexMapName(collectionName, indexName);
    forgetStateIfMapIsMissing(mapName);
    IndexEntryType entryType = new IndexEntryType(MvSecondaryIndex.directions(keys));
    MVMap<IndexEntry, Boolean> entries = store.openMap(mapName,
        new MVMap.Builder<IndexEntry, Boolean>().keyType(entryType).valueType(DataTypes.Present.INSTANCE));
    MvCollection collection = (MvCollection) resolveCollection(collectionName, true);
    return new MvSecondaryIndex(entries, entryType, states, mapName, indexName, keys, sparse, collection.idField());
  }

  /** A map that is gone (removed by hand, lost) means its index must be built again from the documents. */
  private void forgetStateIfMapIsMissing(String mapName) {
    if (!store.hasMap(mapName)) {
      states.forget(mapName);
    }
  }

  private String indexMapName(String collectionName, String indexName) {
    return INDEX_PREFIX + getFullCollectionNamespace(collectionName) + "." + indexName;
  }

  @Override
  protected void dropIndex(MongoCollection<Object> collection, String indexName) {
    super.dropIndex(collection, indexName);
    removeMap(indexMapName(collection.getCollectionName(), indexName));
  }

  @Override
  public void dropCollection(String collectionName, Oplog oplog) {
    super.dropCollection(collectionName, oplog);
    removeMap(DATA_PREFIX + getFullCollectionNamespace(collectionName));
  }

  @Override
  public void drop(Oplog oplog) {
    super.drop(oplog);
    String data = DATA_PREFIX + databaseName + ".";
    String indexes = INDEX_PREFIX + databaseName + ".";
    for (String name : List.copyOf(store.getMapNames())) {
      if (name.startsWith(data) || name.startsWith(indexes)) {
        removeMap(name);
      }
    }
  }

  @Override
  public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
    String oldNamespace = collection.getFullName();
    super.moveCollection(oldDatabase, collection, newCollectionName);
    String newNamespace = getFullCollectionNamespace(newCollectionName);
    store.renameMap(store.openMap(DATA_PREFIX + oldNamespace), DATA_PREFIX + newNamespace);
    for (String name : List.copyOf(store.getMapNames())) {
      if (name.startsWith(INDEX_PREFIX + oldNamespace + ".")) {
        String renamed = INDEX_PREFIX + newNamespace + name.substring((INDEX_PREFIX + oldNamespace).length());
        states.forget(name);
        store.renameMap(store.openMap(name), renamed);
        states.forget(renamed);
      }
    }
  }

  private void removeMap(String name) {
    states.forget(name);
    if (store.hasMap(name)) {
      store.removeMap(name);
    }
  }

  @Override
  protected long getStorageSize() {
    FileStore<?> fileStore = store.getFileStore();
    return fileStore == null ? 0 : fileStore.size();
  }

  @Override
  protected long getFileSize() {
    return getStorageSize();
  }
}
