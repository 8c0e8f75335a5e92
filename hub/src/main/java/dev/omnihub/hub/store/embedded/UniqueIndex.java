package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/** A unique index the {@link QueryPlanner} can look values up in: {@link MvUniqueIndex}, or {@link MvIdIndex}. */
sealed interface UniqueIndex permits MvUniqueIndex, MvIdIndex {

  String getName();

  List<String> keyPaths();

  boolean sparse();

  /** The positions of the documents whose keys equal {@code lookup}'s values (or are {@code $in} them). */
  Iterable<Object> getPositions(Document lookup);
}
