package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a store written by mongo-java-server's stock H2 backend (OmniHub before the embedded store
 * had secondary indexes) into this backend's maps: every collection's documents, the system
 * collections among them, so the collections and index definitions come back as they were and the
 * indexes are built from the documents when the backend opens. The old maps are removed in the last
 * commit only; a crash before it leaves them in place, and the next start begins again.
 */
public final class LegacyStoreMigration {

  private static final Logger log = LoggerFactory.getLogger(LegacyStoreMigration.class);
  private static final String LEGACY_DATA_PREFIX = "databases.";
  private static final String LEGACY_META_PREFIX = "meta.";
  private static final int DOCUMENTS_PER_COMMIT = 20_000;

  private LegacyStoreMigration() {
  }

  /**
   * Migrates the store if it holds legacy maps. Call at start-up, before anything else uses the store.
   *
   * @return the number of documents moved (0 when there was nothing to do)
   */
  public static long migrateIfNeeded(MVStore store) {
    List<String> legacyData = store.getMapNames().stream().filter(name -> name.startsWith(LEGACY_DATA_PREFIX)).sorted().toList();
    if (legacyData.isEmpty()) {
      return 0;
    }
    log.info("Moving {} collections from the stock H2 format into the indexed format", legacyData.size());
    removeMaps(store, store.getMapNames().stream().filter(name -> name.startsWith("omni.")).toList());
    long moved = 0;
    for (String legacyName : legacyData) {
      moved += copy(store, legacyName);
    }
    List<String> legacyMaps = store.getMapNames().stream()
        .filter(name -> !name.startsWith("omni.") && (name.startsWith(LEGACY_DATA_PREFIX) || name.startsWith(LEGACY_META_PREFIX)
            || name.contains("._index_")))
        .toList();
    removeMaps(store, legacyMaps);
    store.commit();
    store.sync();
    log.info("Moved {} documents; removed {} legacy maps", moved, legacyMaps.size());
    return moved;
  }

  private static long copy(MVStore store, String legacyName) {
    MVMap<Object, Document> source = store.openMap(legacyName);
    MVMap<Object, Document> target = store.openMap(MvDatabase.DATA_PREFIX + legacyName.substring(LEGACY_DATA_PREFIX.length()),
        new MVMap.Builder<Object, Document>().keyType(DataTypes.Value.INSTANCE).valueType(DataTypes.Doc.INSTANCE));
    long copied = 0;
    for (Map.Entry<Object, Document> entry : source.entrySet()) {
      Object key = entry.getKey() instanceof java.util.UUID uuid ? uuid.toString() : entry.getKey();
      target.put(key, entry.getValue());
      if (++copied % DOCUMENTS_PER_COMMIT == 0) {
        store.commit();
      }
    }
    return copied;
  }

  private static void removeMaps(MVStore store, List<String> names) {
    for (String name : names) {
      store.removeMap(name);
    }
  }
}
