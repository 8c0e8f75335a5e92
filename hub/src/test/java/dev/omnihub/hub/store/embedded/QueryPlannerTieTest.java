package dev.omnihub.hub.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two ordered index scans whose cost is the same guess (a page's worth of matches times the residual
 * factor) are told apart by the entries their ranges hold: a page of a few customers' old conversations
 * is read through those customers' ranges, not by walking the whole newest-first inbox past everyone
 * else's conversations until theirs turn up.
 */
class QueryPlannerTieTest {

  @TempDir
  Path dir;

  @Test
  void ofTwoEquallyGuessedOrderedScansTheOneWithFewerEntriesIsRead() {
    AtomicReference<String> plan = new AtomicReference<>();
    AtomicLong keys = new AtomicLong();
    QueryObserver observer = (collection, used, keysExamined, documentsExamined, returned) -> {
      if (collection.endsWith(".conversations")) {
        plan.set(used);
        keys.set(keysExamined);
      }
    };
    try (ServedStore store = ServedStore.onFile(dir.resolve("store.mv.db"), observer)) {
      MongoCollection<Document> conversations = store.database().getCollection("conversations");
      conversations.createIndex(Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("lastMessageAt", "_id")),
          new IndexOptions().name("inbox_status"));
      conversations.createIndex(Indexes.compoundIndex(Indexes.ascending("customerId"), Indexes.descending("lastMessageAt", "_id")),
          new IndexOptions().name("customer_recent"));
      // GIVEN 3,000 recent conversations of other customers, and 10 customers with 100 older ones each
      List<Document> documents = new ArrayList<>();
      IntStream.range(0, 3000).forEach(i -> documents.add(conversation(i, "other-" + i, 1_000_000 + i)));
      IntStream.range(0, 1000).forEach(i -> documents.add(conversation(3000 + i, "few-" + i % 10, i)));
      conversations.insertMany(documents);
      List<String> few = IntStream.range(0, 10).mapToObj(i -> "few-" + i).toList();

      // WHEN a page of theirs is asked for with every status (as the inbox asks)
      List<Document> page = conversations.find(Filters.and(Filters.in("status", List.of("open", "resolved")), Filters.in("customerId", few)))
          .sort(Sorts.descending("lastMessageAt", "_id")).limit(11).into(new ArrayList<>());

      // THEN it is read through their ranges, newest first, without reading the others' entries
      assertThat(page).hasSize(11).allSatisfy(doc -> assertThat(doc.getString("customerId")).startsWith("few-"));
      assertThat(page).extracting(doc -> doc.getDate("lastMessageAt").getTime()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
      assertThat(plan.get()).isEqualTo("customer_recent");
      assertThat(keys.get()).isLessThan(100);
    }
  }

  private static Document conversation(int number, String customerId, long at) {
    return new Document("_id", String.format("%024d", number)).append("customerId", customerId)
        .append("status", number % 2 == 0 ? "open" : "resolved").append("lastMessageAt", new Date(at));
  }
}
