package dev.omnihub.hub.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import dev.omnihub.hub.config.HubConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's one way to MongoDB: the synchronous driver, run on virtual threads so that no event-loop
 * thread ever blocks, with {@link #write} completing only once the write is durable.
 */
public final class MongoStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MongoStore.class);

  private final Vertx vertx;
  private final MongoClient client;
  private final MongoDatabase database;
  private final Durability durability;
  private final EmbeddedMongo embedded;
  private final QueryStats queryStats;
  private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("omnihub-store-", 0).factory());
  /**
   * Store calls in flight at most. Beyond, work is shed at once with 503 and Retry-After instead of
   * queueing without bound behind a store that fell behind (every waiting call holds a request).
   */
  static final int MAX_IN_FLIGHT = 4_000;
  static final long FRESH_PING_MILLIS = 3_000;
  /** When a ping last succeeded ({@link System#nanoTime}), 0 before the first. */
  private volatile long lastPingOk;
  private long pingTimer = -1;
  private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);

  private MongoStore(Vertx vertx, MongoClient client, MongoDatabase database, Durability durability, EmbeddedMongo embedded,
      QueryStats queryStats) {
    this.vertx = vertx;
    this.queryStats = queryStats;
    this.client = client;
    this.database = database;
    this.durability = durability;
    this.embedded = embedded;
  }

  /**
   * Connects to {@code MONGO_URI} (write concern majority, journaled) or, when it is unset, starts the
   * embedded store under the data directory and connects to that. Blocking; call at start-up.
   */
  public static MongoStore open(Vertx vertx, HubConfig config, MeterRegistry metrics) {
    if (config.embeddedStore()) {
      DistributionSummary batches = DistributionSummary.builder("omnihub.store.commit.batch")
          .description("Writes made durable by one group commit of the embedded store")
          .register(metrics);
      QueryStats queryStats = new QueryStats(metrics);
      EmbeddedMongo embedded = EmbeddedMongo.start(config.dataDir(), batches::record, queryStats);
      Gauge.builder("omnihub.store.file.bytes", embedded, EmbeddedMongo::fileBytes).baseUnit("bytes")
          .description("Size of the embedded store's file").register(metrics);
      Gauge.builder("omnihub.store.live.bytes", embedded, EmbeddedMongo::liveBytes).baseUnit("bytes")
          .description("Bytes of the embedded store's file that hold live data (the rest is reusable or reclaimable)")
          .register(metrics);
      Gauge.builder("omnihub.store.live.ratio", embedded, EmbeddedMongo::liveRatio)
          .description("Share of the embedded store's file that holds live data (H2's fill rate times its chunks' fill rate)")
          .register(metrics);
      MongoClient client = MongoClients.create(MongoClientSettings.builder(settings(embedded.connectionString(), WriteConcern.ACKNOWLEDGED, metrics))
          .credential(embedded.credential()).build());
      return new MongoStore(vertx, client, client.getDatabase(config.mongoDatabase()), embedded.durability(), embedded, queryStats);
    }
    MongoClient client = MongoClients.create(settings(config.mongoUri(), WriteConcern.MAJORITY.withJournal(true), metrics));
    return new MongoStore(vertx, client, client.getDatabase(config.mongoDatabase()), Durability.byWriteConcern(), null, null);
  }

  /**
   * The driver's settings; every command it sends is timed on {@code /metrics} as
   * {@code mongodb_driver_commands_seconds{command, collection, status}} (Micrometer's listener), so an
   * operator sees which reads and writes the store spends its time on.
   */
  private static MongoClientSettings settings(String uri, WriteConcern writeConcern, MeterRegistry metrics) {
    return MongoClientSettings.builder()
        .addCommandListener(new MongoMetricsCommandListener(metrics))
        .applyConnectionString(new ConnectionString(uri))
        .writeConcern(writeConcern)
        .applicationName("omnihub")
        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
        .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS))
        .applyToConnectionPoolSettings(pool -> pool.maxSize(100).maxWaitTime(30, TimeUnit.SECONDS))
        .build();
  }

  public MongoCollection<Document> collection(String name) {
    return database.getCollection(name);
  }

  /** The names of the hub's collections (blocking). */
  public java.util.List<String> collectionNames() {
    return database.listCollectionNames().into(new java.util.ArrayList<>());
  }

  /** A GridFS bucket for files (attachments) in the same database. */
  public GridFSBucket bucket(String name) {
    return GridFSBuckets.create(database, name);
  }

  /**
   * Runs blocking driver reads off the event loop; the future completes on the caller's context. Work
   * that writes goes through {@link #write} or, when nobody waits for it to be durable,
   * {@link #writeWithoutWaiting}.
   */
  public <T> Future<T> read(Callable<T> work) {
    return run(work);
  }

  /**
   * Runs blocking driver writes without waiting until they are durable (the next group commit takes
   * them): for writes a crash may lose, such as the audit line of a read, or a queue row that is
   * rebuilt at start.
   */
  public <T> Future<T> writeWithoutWaiting(Callable<T> work) {
    return run(work);
  }

  /**
   * Completes on the caller's context; a call that ends after Vert.x has closed (work in flight when the
   * hub stopped: a routing pass, a background read) has nobody left to answer.
   */
  private static void answer(Context context, Runnable completion) {
    try {
      context.runOnContext(ignored -> completion.run());
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("A store call ended after the hub stopped; its answer is dropped");
    }
  }

  private <T> Future<T> run(Callable<T> work) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    if (!inFlight.tryAcquire()) {
      return Future.failedFuture(new dev.omnihub.hub.errors.OverloadedException("the store is busy; try again in a second", 1));
    }
    try {
      executor.execute(() -> {
        try {
          T result = work.call();
          answer(context, () -> promise.complete(result));
        } catch (MongoException e) {
          answer(context, () -> promise.fail(DuplicateKeys.isDuplicateKey(e) ? e : unavailableIfNetwork(e)));
        } catch (Throwable e) {
          answer(context, () -> promise.fail(e));
        } finally {
          inFlight.release();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      inFlight.release();
      return Future.failedFuture(new StoreUnavailableException("the store is shutting down"));
    }
    return promise.future();
  }

  /**
   * Runs blocking driver writes, then waits until they are durable: when this future succeeds the
   * caller may acknowledge.
   */
  public <T> Future<T> write(Callable<T> work) {
    return run(work).compose(result -> durability.awaitDurable().map(result));
  }

  /** Waits until everything written so far is durable. */
  public Future<Void> awaitDurable() {
    return durability.awaitDurable();
  }

  /**
   * Whether the store is reachable, for {@code /health}: a successful ping at most
   * {@value #FRESH_PING_MILLIS} ms old answers at once (the hub pings every second in the
   * background), so a health check does not queue behind large writes (measured: p99 1.2 s while three
   * 15 MiB transcripts were stored, against 0.2 s for the same load without asking the store); a
   * failed commit counts at once, and without a fresh ping the store is asked.
   */
  public Future<Void> reachable() {
    Throwable commitFailure = embedded == null ? null : embedded.lastCommitFailure();
    if (commitFailure != null) {
      return Future.failedFuture(new StoreUnavailableException("last commit failed: " + commitFailure.getMessage(), commitFailure));
    }
    long okAt = lastPingOk;
    if (okAt != 0 && System.nanoTime() - okAt < TimeUnit.MILLISECONDS.toNanos(FRESH_PING_MILLIS)) {
      return Future.succeededFuture();
    }
    return ping();
  }

  /** Pings every second, for {@link #reachable}; once, at start. */
  public void pingInBackground() {
    pingTimer = vertx.setPeriodic(1_000, id -> ping());
  }

  /** Succeeds when the store answers and, embedded, its last commit succeeded. */
  public Future<Void> ping() {
    return read(() -> {
      database.runCommand(new Document("ping", 1));
      Throwable commitFailure = embedded == null ? null : embedded.lastCommitFailure();
      if (commitFailure != null) {
        throw new StoreUnavailableException("last commit failed: " + commitFailure.getMessage(), commitFailure);
      }
      lastPingOk = System.nanoTime();
      return null;
    });
  }

  /** The embedded store's query work, or {@code null} on a real MongoDB (which has its own profiler). */
  public QueryStats queryStats() {
    return queryStats;
  }

  /** The embedded store's address ({@code mongodb://127.0.0.1:<port>}; logging in required), or {@code null} on a real MongoDB. */
  public String embeddedAddress() {
    return embedded == null ? null : embedded.connectionString();
  }

  /** "embedded" or "mongodb", for /health. */
  public String kind() {
    return embedded != null ? "embedded" : "mongodb";
  }

  private static Throwable unavailableIfNetwork(MongoException e) {
    if (e instanceof com.mongodb.MongoSocketException || e instanceof com.mongodb.MongoTimeoutException) {
      return new StoreUnavailableException("the store is unreachable: " + e.getMessage(), e);
    }
    return e;
  }

  @Override
  public void close() {
    vertx.cancelTimer(pingTimer);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Store work still running at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
