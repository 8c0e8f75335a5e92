package dev.omnihub.hub.kb;

import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.Suggestion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * A store collection the knowledge index mirrors: articles, answered questions. Each entry has a
 * {@code version} (a deleted one keeps a tombstone with its version raised) and a {@code changedAt}
 * that orders changes for the nodes that follow them. Blocking.
 */
interface IndexSource {

  Suggestion.Kind kind();

  /** Each entry's version, deleted ones as {@code -1}: what the index is compared with. */
  Map<String, Long> currentVersions();

  /** Entries (deleted ones too) changed at or after a time, oldest change first, with {@code _id, version, changedAt}. */
  List<Document> changedSince(Instant since, int limit);

  /** Puts the entry's current state in the index, or removes it. @return the version applied, {@code -1} for a removal */
  long apply(String id, KnowledgeIndex index);
}
