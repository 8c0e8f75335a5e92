package dev.omnihub.hub.kb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.omnihub.hub.store.Docs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The versions and changes of a collection an index mirrors, each entry with {@code version},
 * {@code deleted} (a tombstone) and {@code changedAt}. Blocking.
 */
final class VersionedEntries {

  private final MongoCollection<Document> entries;

  VersionedEntries(MongoCollection<Document> entries) {
    this.entries = entries;
  }

  /** Each entry's version, deleted ones as {@code -1}. */
  Map<String, Long> currentVersions() {
    Map<String, Long> current = new HashMap<>();
    for (Document entry : entries.find().projection(new Document("version", 1).append("deleted", 1))) {
      current.put(entry.getString("_id"), Boolean.TRUE.equals(entry.getBoolean("deleted")) ? -1L : entry.getLong("version"));
    }
    return current;
  }

  /** Entries (deleted ones too) changed at or after a time, oldest change first: {@code _id, version, changedAt}. */
  List<Document> changedSince(Instant since, int limit) {
    return entries.find(Filters.gte("changedAt", Docs.date(since))).sort(Sorts.ascending("changedAt", "_id")).limit(limit)
        .projection(new Document("version", 1).append("changedAt", 1)).into(new ArrayList<>());
  }
}
