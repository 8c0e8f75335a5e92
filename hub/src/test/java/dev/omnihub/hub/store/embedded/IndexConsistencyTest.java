package dev.omnihub.hub.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker the kill test relies on finds an index that is out of step with its documents. */
class IndexConsistencyTest {

  @TempDir
  Path dir;

  @Test
  void findsNothingWrongInAStoreWrittenNormallyAndReportsAnIndexEntryWithoutItsDocument() {
    Path file = dir.resolve("store.mv.db");
    try (ServedStore store = ServedStore.onFile(file, QueryObserver.NONE)) {
      var docs = store.database().getCollection("docs");
      docs.createIndex(Indexes.ascending("status", "at"), new IndexOptions().name("by_status"));
      docs.createIndex(Indexes.ascending("key"), new IndexOptions().name("by_key").unique(true));
      List<org.bson.Document> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        batch.add(new org.bson.Document("_id", i).append("status", i % 3 == 0 ? "open" : "resolved").append("at", i).append("key", "k" + i));
      }
      docs.insertMany(batch);
    }
    assertThat(IndexConsistency.problems(file)).isEmpty();

    MVStore raw = new MVStore.Builder().fileName(file.toString()).open();
    MVMap<Object, Document> documents = raw.openMap(MvDatabase.DATA_PREFIX + "test.docs",
        new MVMap.Builder<Object, Document>().keyType(DataTypes.Value.INSTANCE).valueType(DataTypes.Doc.INSTANCE));
    documents.remove(7);
    raw.commit();
    raw.close();

    // The two index maps still hold document 7; the _id index is the document map itself, so it cannot.
    assertThat(IndexConsistency.problems(file)).hasSize(2).allMatch(problem -> problem.contains("1 extra") && problem.contains("0 entries missing"));
  }
}
