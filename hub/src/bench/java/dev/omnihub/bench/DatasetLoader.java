package dev.omnihub.bench;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoCollection;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;

/**
 * Writes a planned data set straight into the hub's store with the driver, not over HTTP: batches of
 * {@value #BATCH} documents from a few threads, each batch waiting until it is durable as the hub's own
 * writes do (the embedded store keeps everything uncommitted in memory until someone waits). Each
 * collection is written in time order, so that ids grow as they would in production.
 */
final class DatasetLoader {

  /** What one collection took; its documents' BSON size is estimated from a sample of them. */
  record Stage(String collection, long documents, double seconds, double bsonBytes) {

    double perSecond() {
      return documents / seconds;
    }
  }

  private static final int BATCH = 1000;
  /** Every n-th document is encoded once more to estimate the data's size without doubling the work. */
  private static final int SIZE_SAMPLE_EVERY = 50;
  private static final Codec<Document> CODEC = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);
  private static final long PROGRESS_SECONDS = 10;
  private static final long DURABLE_TIMEOUT_SECONDS = 120;

  private final MongoStore store;
  private final int threads;

  DatasetLoader(MongoStore store, int threads) {
    this.store = store;
    this.threads = threads;
  }

  List<Stage> load(DatasetPlan plan, PlanDocuments documents) throws Exception {
    List<Stage> stages = new ArrayList<>();
    stages.add(write(Collections.CUSTOMERS, plan.customers, i -> documents.customer(plan.customersByTime[i])));
    stages.add(write(Collections.IDENTITIES, 2 * plan.customers, i -> documents.identity(plan.customersByTime[i / 2], i % 2 == 0)));
    stages.add(write(Collections.CONVERSATIONS, plan.conversations, i -> documents.conversation(plan.conversationsByTime[i])));
    stages.add(write(Collections.MESSAGES, plan.messages, i -> documents.message(plan.messagesByTime[i])));
    store.awaitDurable().await(DURABLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return stages;
  }

  /** Writes documents 0 to count - 1 of one collection; threads take batches in order. */
  private Stage write(String collection, int count, IntFunction<Document> document) throws Exception {
    MongoCollection<Document> target = store.collection(collection);
    AtomicInteger nextBatch = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    LongAdder written = new LongAdder();
    LongAdder sampledBytes = new LongAdder();
    LongAdder sampled = new LongAdder();
    long start = System.nanoTime();
    CpuWindow cpu = new CpuWindow();
    List<Future<Void>> workers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          for (int from = nextBatch.getAndIncrement() * BATCH; from < count && !failed.get(); from = nextBatch.getAndIncrement() * BATCH) {
            List<Document> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(from + BATCH, count); i++) {
              Document doc = document.apply(i);
              if (i % SIZE_SAMPLE_EVERY == 0) {
                sampledBytes.add(new RawBsonDocument(doc, CODEC).getByteBuffer().remaining());
                sampled.increment();
              }
              batch.add(doc);
            }
            try {
              target.insertMany(batch);
              store.awaitDurable().await(DURABLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
              failed.set(true);
              throw e;
            }
            written.add(batch.size());
          }
          return null;
        }));
      }
      pool.shutdown();
      while (!pool.awaitTermination(PROGRESS_SECONDS, TimeUnit.SECONDS)) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "load:    %-13s %,11d / %,d  (%,.0f docs/s)%n", collection, written.sum(), count,
            written.sum() / seconds);
      }
      for (Future<Void> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Stage stage = new Stage(collection, count, (System.nanoTime() - start) / 1e9, (double) sampledBytes.sum() / sampled.sum() * count);
    System.out.printf(Locale.ROOT, "load:    %-13s %,11d documents in %6.1f s  (%,.0f docs/s), about %s of BSON, %s%n", collection,
        count, stage.seconds(), stage.perSecond(), StoreSpace.megabytes(stage.bsonBytes()), cpu);
    return stage;
  }
}
