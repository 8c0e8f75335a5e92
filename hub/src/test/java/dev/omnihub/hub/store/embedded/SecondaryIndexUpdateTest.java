package dev.omnihub.hub.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updates keep a document's index entries when old and new values differ in Java but are one key to
 * the index (-0.0 and 0, 1 and 1L), a case the random differential test found only rarely.
 */
class SecondaryIndexUpdateTest {

  @TempDir
  Path dir;

  @Test
  void anArrayOfNumericallyEqualValuesUpdatedToOneOfThemStaysIndexed() {
    try (ServedStore store = ServedStore.onFile(dir.resolve("store.mv.db"), QueryObserver.NONE)) {
      MongoCollection<Document> docs = store.database().getCollection("docs");
      docs.createIndex(Indexes.ascending("c"), new IndexOptions().name("by_c"));
      docs.insertOne(new Document("_id", 1).append("c", List.of(-0.0, 0, 7)));
      docs.insertOne(new Document("_id", 2).append("c", 1));

      docs.updateOne(new Document("_id", 1), Updates.set("c", 0));
      docs.updateOne(new Document("_id", 2), Updates.set("c", 1L));

      assertThat(docs.find(new Document("c", 0)).into(new ArrayList<>())).extracting(d -> d.get("_id")).containsExactly(1);
      assertThat(docs.find(new Document("c", 1)).into(new ArrayList<>())).extracting(d -> d.get("_id")).containsExactly(2);
      assertThat(IndexConsistency.problems(store.mvStore())).isEmpty();
    }
  }

  /** Found by the differential test (seed 48091410359295): {@code $in} with one value twice scanned its range twice. */
  @Test
  void anInListNamingOneValueTwiceFindsEachDocumentOnce() {
    try (ServedStore store = ServedStore.onFile(dir.resolve("store.mv.db"), QueryObserver.NONE)) {
      MongoCollection<Document> docs = store.database().getCollection("docs");
      docs.createIndex(Indexes.ascending("b", "t"), new IndexOptions().name("by_b_t"));
      docs.insertOne(new Document("_id", 1).append("b", 0).append("t", 3));
      docs.insertOne(new Document("_id", 2).append("b", "c").append("t", 1));

      assertThat(docs.find(new Document("b", new Document("$in", List.of(0, "c", 0)))).into(new ArrayList<>()))
          .extracting(d -> d.get("_id")).containsExactlyInAnyOrder(1, 2);
      assertThat(docs.find(new Document("b", new Document("$in", List.of(0, 0.0, 0L)))).sort(new Document("t", 1)).into(new ArrayList<>()))
          .as("numerically equal values are one key").extracting(d -> d.get("_id")).containsExactly(1);
    }
  }
}
