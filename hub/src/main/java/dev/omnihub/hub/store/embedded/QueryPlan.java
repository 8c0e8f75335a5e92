package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/** How the collection answers one query; {@link QueryPlanner} picks it. */
sealed interface QueryPlan {

  /** For metrics and logs: {@code scan}, or the name of the index used. */
  String describe();

  /** Reads every document. */
  record Scan() implements QueryPlan {
    @Override
    public String describe() {
      return "scan";
    }
  }

  /** Looks up exact values in a unique index ({@code lookup} holds exactly the index's keys). */
  record UniqueLookup(UniqueIndex index, Document lookup) implements QueryPlan {
    @Override
    public String describe() {
      return index.getName();
    }
  }

  /**
   * Scans ranges of a secondary index.
   *
   * @param ranges      {@code [from, to]} probe pairs in the index's forward order, one per combination of
   *                    the equality prefix's values
   * @param prefix      how many leading keys the ranges fix (a merge of several ranges compares the rest)
   * @param ordered     the scan yields documents in the query's sort order (or the query has none)
   * @param reverse     iterate the index backwards
   * @param deduplicate the index is multikey, so a document can appear more than once
   */
  record IndexScan(MvSecondaryIndex index, List<IndexEntry[]> ranges, int prefix, boolean ordered, boolean reverse,
      boolean deduplicate) implements QueryPlan {
    @Override
    public String describe() {
      return index.getName();
    }
  }
}
