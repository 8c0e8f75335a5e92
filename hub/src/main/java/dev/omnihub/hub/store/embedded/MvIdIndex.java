package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map.Entry;
import org.h2.mvstore.MVMap;

/**
 * The {@code _id} index, answered by the document map itself, which is keyed by {@code _id}. It used to
 * be a map of its own mapping every id to itself: 66 bytes a message in the file (3 % of the shop mix's
 * live data) and one more B-tree path rewritten by every insert's commit.
 */
final class MvIdIndex extends AbstractUniqueIndex<Object> implements UniqueIndex {

  static final String NAME = "_id_";

  private final MVMap<Object, Document> documents;

  MvIdIndex(MVMap<Object, Document> documents, List<IndexKey> keys) {
    super(NAME, keys, false);
    this.documents = documents;
  }

  /** Whether this index is the {@code _id} index that the document map can answer. */
  static boolean answers(String indexName, List<IndexKey> keys, boolean sparse, String idField) {
    return NAME.equals(indexName) && !sparse && keys.size() == 1 && keys.getFirst().getKey().equals(idField);
  }

  @Override
  public List<String> keyPaths() {
    return keys();
  }

  @Override
  public boolean sparse() {
    return false;
  }

  /** The document's id as stored (the map compares ids by value, so 1 finds a document stored under 1.0). */
  @Override
  protected Object getPosition(KeyValue keyValue) {
    Object id = keyValue.get(0);
    Object stored = documents.ceilingKey(id);
    return stored != null && ValueOrder.compare(stored, id) == 0 ? stored : null;
  }

  /** The collection stores the document itself; its check for a duplicate id ran before it did. */
  @Override
  public void add(Document document, Object position, MongoCollection<Object> collection) {
    // nothing beyond the document map
  }

  @Override
  protected boolean putKeyPosition(KeyValue keyValue, Object position) {
    return true;
  }

  /** The collection removes the document after asking every index for its position. */
  @Override
  protected Object removeDocument(KeyValue keyValue) {
    return getPosition(keyValue);
  }

  @Override
  protected Iterable<Entry<KeyValue, Object>> getIterable() {
    return () -> {
      Iterator<Object> ids = documents.keyIterator(null);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public Entry<KeyValue, Object> next() {
          Object id = ids.next();
          return new AbstractMap.SimpleImmutableEntry<>(new KeyValue(id), id);
        }
      };
    };
  }

  @Override
  public long getCount() {
    return documents.sizeAsLong();
  }

  /** Always built: it is the documents. */
  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public long getDataSize() {
    return getCount();
  }
}
