package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import java.util.List;
import java.util.Map.Entry;
import org.h2.mvstore.MVMap;

/**
 * A unique index (the {@code _id} index among them): the server's own uniqueness rules and error
 * messages over an MVStore map from the indexed values to the document's position, with keys
 * written as BSON and compared by value (the stock H2 backend Java-serializes both keys on every
 * comparison).
 */
final class MvUniqueIndex extends AbstractUniqueIndex<Object> implements UniqueIndex {

  private final MVMap<KeyValue, Object> positions;
  private final IndexStates states;
  private final String mapName;

  MvUniqueIndex(MVMap<KeyValue, Object> positions, IndexStates states, String mapName, String name, List<IndexKey> keys,
      boolean sparse) {
    super(name, keys, sparse);
    this.positions = positions;
    this.states = states;
    this.mapName = mapName;
  }

  MVMap<KeyValue, Object> positions() {
    return positions;
  }

  /** Drops whatever a build that never completed left, before the collection builds it. */
  void clearForBuild() {
    positions.clear();
  }

  void markBuilt() {
    states.markBuilt(mapName);
  }

  @Override
  public List<String> keyPaths() {
    return keys();
  }

  @Override
  public boolean sparse() {
    return isSparse();
  }

  @Override
  protected Object removeDocument(KeyValue keyValue) {
    return positions.remove(keyValue);
  }

  @Override
  protected boolean putKeyPosition(KeyValue keyValue, Object position) {
    return positions.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
  }

  @Override
  protected Iterable<Entry<KeyValue, Object>> getIterable() {
    return positions.entrySet();
  }

  @Override
  protected Object getPosition(KeyValue keyValue) {
    return positions.get(keyValue);
  }

  @Override
  public long getCount() {
    return positions.sizeAsLong();
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
}
