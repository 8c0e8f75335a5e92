package dev.omnihub.hub.store.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.Page;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * What an embedded store's file holds, map by map: entries, pages and the bytes their live pages take
 * in the file (read from the file, so the real lengths, not H2's rounded accounting). For deciding where
 * the bytes of a message go; run on a copy of a data directory or a stopped hub's:
 * {@code java -cp ... dev.omnihub.hub.store.embedded.StoreAnatomy DATA_DIR/omnihub.mv.db [messages]}.
 */
public final class StoreAnatomy {

  private record MapFigures(String name, long entries, long leaves, long nodes, long leafBytes, long nodeBytes) {

    long bytes() {
      return leafBytes + nodeBytes;
    }
  }

  private StoreAnatomy() {
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long messages = args.length > 1 ? Long.parseLong(args[1]) : 0;
    ChunkReport chunks = new ChunkReport(new java.util.HashMap<>());
    chunks.open(file.toString(), true, null);
    MVStore store = new MVStore.Builder().adoptFileStore(chunks).readOnly().open();
    System.out.print(chunks.describe());
    try {
      List<MapFigures> maps = new ArrayList<>();
      java.util.Set<String> unique = uniqueIndexes(store);
      for (String name : store.getMapNames().stream().sorted().toList()) {
        MVMap<?, ?> map = open(store, name, unique);
        if (map != null) {
          maps.add(measure(name, map.getRootPage()));
        }
      }
      long fileBytes = Files.size(file);
      long total = maps.stream().mapToLong(MapFigures::bytes).sum();
      System.out.printf(Locale.ROOT, "%-72s %10s %8s %8s %10s %8s %7s%n", "map", "entries", "leaves", "nodes", "bytes", "B/entry",
          messages > 0 ? "B/msg" : "");
      maps.stream().sorted((a, b) -> Long.compare(b.bytes(), a.bytes())).forEach(m -> System.out.printf(Locale.ROOT,
          "%-72s %,10d %,8d %,8d %,10d %8.1f %7s%n", m.name(), m.entries(), m.leaves(), m.nodes(), m.bytes(),
          m.entries() == 0 ? 0.0 : (double) m.bytes() / m.entries(), messages > 0 ? String.format(Locale.ROOT, "%.0f", (double) m.bytes() / messages) : ""));
      System.out.printf(Locale.ROOT, "pages of all maps %,d bytes (%.1f MB); file %,d bytes (%.1f MB): file/pages %.2f%s%n", total, total / 1e6,
          fileBytes, fileBytes / 1e6, (double) fileBytes / total,
          messages > 0 ? String.format(Locale.ROOT, "; per message: pages %.0f B, file %.0f B", (double) total / messages,
              (double) fileBytes / messages) : "");
    } finally {
      store.close();
    }
  }

  private static MVMap<?, ?> open(MVStore store, String name, java.util.Set<String> uniqueIndexes) {
    if (name.startsWith(MvDatabase.DATA_PREFIX)) {
      return store.openMap(name, new MVMap.Builder<Object, Document>().keyType(DataTypes.Value.INSTANCE)
          .valueType(DataTypes.Doc.INSTANCE));
    }
    if (name.equals(IndexStates.MAP_NAME)) {
      return store.openMap(name, new MVMap.Builder<String, Long>().keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE));
    }
    if (name.startsWith(MvDatabase.INDEX_PREFIX) && uniqueIndexes.contains(name)) {
      return store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(DataTypes.Key.INSTANCE).valueType(DataTypes.Value.INSTANCE));
    }
    if (name.startsWith(MvDatabase.INDEX_PREFIX)) {
      // Directions only matter for comparing; reading needs the number of keys only, which each entry carries.
      return store.openMap(name, new MVMap.Builder<IndexEntry, Boolean>().keyType(new IndexEntryType(new boolean[64]))
          .valueType(DataTypes.Present.INSTANCE));
    }
    return null;
  }

  /** The map names of the unique indexes, from each database's {@code system.indexes} (the {@code _id} index is unique). */
  private static java.util.Set<String> uniqueIndexes(MVStore store) {
    java.util.Set<String> unique = new java.util.HashSet<>();
    for (String name : store.getMapNames()) {
      if (name.startsWith(MvDatabase.DATA_PREFIX) && name.endsWith(".system.indexes")) {
        String database = name.substring(MvDatabase.DATA_PREFIX.length(), name.length() - ".system.indexes".length());
        MVMap<Object, Document> indexes = store.openMap(name, new MVMap.Builder<Object, Document>().keyType(DataTypes.Value.INSTANCE)
            .valueType(DataTypes.Doc.INSTANCE));
        for (Document index : indexes.values()) {
          String namespace = String.valueOf(index.get("ns"));
          if (Boolean.TRUE.equals(index.get("unique")) || "_id_".equals(index.get("name"))) {
            unique.add(MvDatabase.INDEX_PREFIX + namespace + "." + index.get("name"));
          }
        }
        unique.add(database);
      }
    }
    return unique;
  }

  private static MapFigures measure(String name, Page<?, ?> page) {
    if (page.isLeaf()) {
      return new MapFigures(name, page.getKeyCount(), 1, 0, page.getDiskSpaceUsed(false), 0);
    }
    long entries = 0;
    long leaves = 0;
    long nodes = 1;
    long leafBytes = 0;
    long subtree = page.getDiskSpaceUsed(false);
    long nodeBytes = 0;
    long childBytes = 0;
    for (int i = 0; i < page.getRawChildPageCount(); i++) {
      MapFigures child = measure(name, page.getChildPage(i));
      entries += child.entries();
      leaves += child.leaves();
      nodes += child.nodes();
      leafBytes += child.leafBytes();
      nodeBytes += child.nodeBytes();
      childBytes += child.bytes();
    }
    // getDiskSpaceUsed(false) of a node counts its subtree; add only the node's own bytes.
    nodeBytes += subtree - childBytes;
    return new MapFigures(name, entries, leaves, nodes, leafBytes, nodeBytes);
  }
}
