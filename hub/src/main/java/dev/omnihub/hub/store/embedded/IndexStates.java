package dev.omnihub.hub.store.embedded;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * What the store knows about each index map beside its entries: whether it was fully built (so an
 * index that happens to be empty is not rebuilt at every start) and which of its keys have held
 * arrays (multikey keys cannot give a sort order or a range). Kept in one map of the same store, so
 * the state is committed with the entries it describes.
 */
final class IndexStates {

  static final String MAP_NAME = "omni.index_state";
  private static final long BUILT = 1L << 62;

  private final MVStore store;
  private final MVMap<String, Long> states;

  IndexStates(MVStore store) {
    this.store = store;
    this.states = store.openMap(MAP_NAME, new MVMap.Builder<String, Long>()
        .keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE));
  }

  /** Built, and its map is still there (a missing map is rebuilt from the documents). */
  boolean isBuilt(String mapName) {
    return (state(mapName) & BUILT) != 0 && store.hasMap(mapName);
  }

  void markBuilt(String mapName) {
    states.put(mapName, state(mapName) | BUILT);
  }

  long multikeyMask(String mapName) {
    return state(mapName) & ~BUILT;
  }

  void addMultikey(String mapName, long mask) {
    long state = state(mapName);
    if ((state | mask) != state) {
      states.put(mapName, state | mask);
    }
  }

  void forget(String mapName) {
    states.remove(mapName);
  }

  private long state(String mapName) {
    Long state = states.get(mapName);
    return state == null ? 0 : state;
  }
}
