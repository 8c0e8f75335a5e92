package dev.omnihub.hub.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same random writes go to two embedded stores, one with random secondary indexes (single and
 * compound, either direction, some sparse) and one with none, and every random query must answer the
 * same documents in the same order on both. Documents mix types, miss fields, hold arrays, nested
 * arrays and subdocuments; updates change indexed fields; deletes remove documents. Midway the indexed
 * store is closed and reopened from its file, and once reopened after one of its index maps was
 * removed (which must rebuild it). Set {@code -Domnihub.test.seed=N} to replay a failure.
 */
class SecondaryIndexDifferentialTest {

  private static final int ROUNDS = 4;
  private static final int OPERATIONS_PER_ROUND = 500;
  private static final int FINAL_QUERIES = 300;
  private static final int CANNOT_INDEX_PARALLEL_ARRAYS = 171;

  @TempDir
  Path dir;

  private final Map<String, LongAdder> plans = new ConcurrentHashMap<>();
  private RandomDocuments random;
  private long seed;
  private int nextId;
  private int queriesCompared;
  private int unsortable;

  @Test
  void indexedAndUnindexedStoresAnswerEveryQueryAlike() {
    seed = Long.getLong("omnihub.test.seed", System.nanoTime());
    System.out.println("SecondaryIndexDifferentialTest seed " + seed + " (replay with -Domnihub.test.seed=" + seed + ")");
    random = new RandomDocuments(new Random(seed));
    for (int round = 0; round < ROUNDS; round++) {
      runRound(round);
    }
    long indexed = plans.entrySet().stream().filter(e -> !e.getKey().equals("scan") && !e.getKey().equals("_id_"))
        .mapToLong(e -> e.getValue().sum()).sum();
    System.out.println("plans used: " + plans + "; queries compared: " + queriesCompared + ", of which the reference could not sort "
        + unsortable);
    assertThat(indexed).as("queries answered from secondary indexes (the test must exercise them)").isGreaterThan(queriesCompared / 5);
  }

  private void runRound(int round) {
    Path file = dir.resolve("indexed-" + round + ".mv.db");
    List<Document> indexes = new ArrayList<>();
    int indexCount = 1 + random.nextInt(4);
    for (int i = 0; i < indexCount; i++) {
      indexes.add(random.index());
    }
    try (ServedStore reference = ServedStore.inMemory()) {
      ServedStore indexed = ServedStore.onFile(file, this::countPlan);
      try {
        for (int i = 0; i < indexes.size(); i++) {
          collection(indexed).createIndex(indexes.get(i), new IndexOptions().name("ix" + i).sparse(random.chance(25)));
        }
        for (int op = 0; op < OPERATIONS_PER_ROUND; op++) {
          if (op == OPERATIONS_PER_ROUND / 3) {
            indexed = reopen(indexed, file, false);
          } else if (op == 2 * OPERATIONS_PER_ROUND / 3) {
            indexed = reopen(indexed, file, true);
          }
          step(collection(indexed), collection(reference), "round " + round + " op " + op + " indexes " + indexes);
        }
        assertThat(IndexConsistency.problems(indexed.mvStore())).as("round " + round + " seed " + seed + ": index entries match the documents")
            .isEmpty();
        for (int q = 0; q < FINAL_QUERIES; q++) {
          compareQuery(collection(indexed), collection(reference), "round " + round + " final query " + q + " indexes " + indexes);
        }
      } finally {
        indexed.close();
      }
    }
  }

  /** Closes and reopens the indexed store from its file; optionally loses one index map in between. */
  private ServedStore reopen(ServedStore indexed, Path file, boolean loseAnIndexMap) {
    indexed.close();
    if (loseAnIndexMap) {
      MVStore store = new MVStore.Builder().fileName(file.toString()).open();
      store.getMapNames().stream().filter(name -> name.startsWith("omni.index.test.docs.ix")).findFirst()
          .ifPresent(store::removeMap);
      store.commit();
      store.close();
    }
    return ServedStore.onFile(file, this::countPlan);
  }

  private void countPlan(String collection, String plan, long keys, long documents, long returned) {
    if (collection.equals("test.docs")) {
      plans.computeIfAbsent(plan, p -> new LongAdder()).increment();
    }
  }

  private static MongoCollection<Document> collection(ServedStore store) {
    return store.database().getCollection("docs");
  }

  private void step(MongoCollection<Document> indexed, MongoCollection<Document> reference, String context) {
    int kind = random.nextInt(100);
    String where = context + " seed " + seed;
    if (kind < 45) {
      Document document = random.document(nextId++);
      writeBoth(where + " insert " + document.toJson(), store -> store.insertOne(new Document(document)), indexed, reference);
    } else if (kind < 60) {
      Document update = randomUpdate();
      Document byId = new Document("_id", random.nextInt(Math.max(1, nextId)));
      writeBoth(where + " update " + update.toJson(), store -> store.updateOne(byId, update), indexed, reference);
    } else if (kind < 65) {
      // Top-level fields and scalars only: a batch that fails midway (a path through an array, a new array
      // parallel to another in one index) would leave the two stores with different halves applied.
      String field = random.field();
      Document update = new Document("$set", new Document(field.equals("d.e") ? "a" : field, random.scalar()));
      Document filter = random.filter();
      long changed = indexed.updateMany(filter, update).getModifiedCount();
      assertThat(reference.updateMany(filter, update).getModifiedCount()).as(where + " updateMany " + filter).isEqualTo(changed);
    } else if (kind < 70) {
      Document byId = new Document("_id", random.nextInt(Math.max(1, nextId)));
      assertThat(reference.deleteOne(byId).getDeletedCount()).as(where).isEqualTo(indexed.deleteOne(byId).getDeletedCount());
    } else if (kind < 72) {
      Document filter = random.filter();
      assertThat(reference.deleteMany(filter).getDeletedCount()).as(where + " deleteMany " + filter)
          .isEqualTo(indexed.deleteMany(filter).getDeletedCount());
    } else if (kind < 76) {
      Document filter = random.filter();
      Document update = new Document("$set", new Document("c", random.scalar()));
      FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().sort(random.sort()).returnDocument(ReturnDocument.AFTER);
      assertThat(indexed.findOneAndUpdate(filter, update, options)).as(where + " findOneAndUpdate " + filter)
          .isEqualTo(reference.findOneAndUpdate(filter, update, options));
    } else {
      compareQuery(indexed, reference, context);
    }
  }

  /**
   * Applies a write to both stores, which must accept or refuse it alike; except that only the indexed
   * store refuses a document whose arrays meet in one compound index (code 171, as MongoDB does), and
   * then the write is left out of the reference too.
   */
  private static void writeBoth(String where, Consumer<MongoCollection<Document>> write, MongoCollection<Document> indexed,
      MongoCollection<Document> reference) {
    Integer indexedError = errorOf(() -> write.accept(indexed));
    if (indexedError != null && indexedError == CANNOT_INDEX_PARALLEL_ARRAYS) {
      return;
    }
    assertThat(indexedError).as(where).isEqualTo(errorOf(() -> write.accept(reference)));
  }

  private static Integer errorOf(Runnable write) {
    try {
      write.run();
      return null;
    } catch (MongoException e) {
      return e.getCode();
    }
  }

  private Document randomUpdate() {
    String field = random.field();
    if (random.chance(20)) {
      return new Document("$unset", new Document(field, ""));
    }
    if (field.equals("d.e") && random.chance(50)) {
      return new Document("$set", new Document("d", new Document("e", random.value())));
    }
    return new Document("$set", new Document(field, random.value()));
  }

  private void compareQuery(MongoCollection<Document> indexed, MongoCollection<Document> reference, String context) {
    queriesCompared++;
    Document filter = random.filter();
    String where = context + " seed " + seed + " filter " + filter.toJson();
    if (random.chance(70)) {
      Document sort = random.sort();
      int skip = random.chance(20) ? random.nextInt(5) : 0;
      int limit = random.chance(60) ? 1 + random.nextInt(10) : 0;
      List<Document> expected;
      try {
        expected = reference.find(filter).sort(sort).skip(skip).limit(limit).into(new ArrayList<>());
      } catch (MongoException e) {
        // The server's own sort breaks on some mixes (two empty arrays never compare equal): no reference answer.
        assertThat(e.getMessage()).as(where).contains("Comparison method violates its general contract");
        unsortable++;
        return;
      }
      List<Document> actual = indexed.find(filter).sort(sort).skip(skip).limit(limit).into(new ArrayList<>());
      assertThat(actual).as(where + " sort " + sort.toJson() + " skip " + skip + " limit " + limit).isEqualTo(expected);
    } else {
      Comparator<Document> byId = Comparator.comparingInt(document -> document.getInteger("_id"));
      List<Document> expected = reference.find(filter).into(new ArrayList<>());
      List<Document> actual = indexed.find(filter).into(new ArrayList<>());
      expected.sort(byId);
      actual.sort(byId);
      assertThat(actual).as(where).isEqualTo(expected);
      assertThat(indexed.countDocuments(filter)).as(where + " count").isEqualTo(expected.size());
    }
  }
}
