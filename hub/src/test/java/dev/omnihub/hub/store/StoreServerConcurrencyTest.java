package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded store keeps atomic conditional updates under concurrent connections: several nodes
 * (here separate clients, so separate connection pools) racing on the same documents through
 * {@code omnihub store} see each conditional write apply at most once, as they would on MongoDB.
 */
class StoreServerConcurrencyTest {

  private static final String PASSWORD = "shared-by-the-nodes";
  private static final int CLIENTS = 8;
  private static final int THREADS_PER_CLIENT = 4;
  private static final int WORKERS = CLIENTS * THREADS_PER_CLIENT;

  @TempDir
  Path dataDir;
  private StoreServer server;
  private final List<MongoClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = StoreServer.start(dataDir, "127.0.0.1", 0, PASSWORD);
    for (int i = 0; i < CLIENTS; i++) {
      clients.add(StoreServerTest.client("mongodb://omnihub:" + PASSWORD + "@127.0.0.1:" + server.port() + "/omnihub"));
    }
  }

  @AfterEach
  void stop() {
    clients.forEach(MongoClient::close);
    server.close();
  }

  @Test
  void aVersionGuardedCompareAndSetAppliesOncePerVersion() throws Exception {
    int attempts = 40;
    MongoCollection<Document> setup = collection(0, "cas");
    setup.insertOne(new Document("_id", "counter").append("version", 0).append("n", 0));
    // Each version a worker moved on from: two workers moving on from the same one is a lost update.
    Set<Integer> movedOn = ConcurrentHashMap.newKeySet();
    Set<Integer> movedOnTwice = ConcurrentHashMap.newKeySet();
    AtomicInteger successes = new AtomicInteger();
    AtomicInteger misses = new AtomicInteger();

    race((worker, client) -> {
      MongoCollection<Document> cas = client.getDatabase("omnihub").getCollection("cas");
      for (int attempt = 0; attempt < attempts; attempt++) {
        int version = cas.find(Filters.eq("_id", "counter")).first().getInteger("version");
        UpdateResult result = cas.updateOne(Filters.and(Filters.eq("_id", "counter"), Filters.eq("version", version)),
            Updates.combine(Updates.set("version", version + 1), Updates.inc("n", 1)));
        if (result.getModifiedCount() == 1) {
          successes.incrementAndGet();
          if (!movedOn.add(version)) {
            movedOnTwice.add(version);
          }
        } else {
          misses.incrementAndGet();
        }
      }
    });

    assertThat(movedOnTwice).as("versions two workers both moved on from").isEmpty();
    Document counter = setup.find().first();
    assertThat(counter.getInteger("n")).as("n").isEqualTo(successes.get());
    assertThat(counter.getInteger("version")).as("version").isEqualTo(successes.get());
    // Without misses the workers never raced, and the test would prove nothing.
    assertThat(misses.get()).as("compare-and-sets that lost a race").isPositive();
  }

  @ParameterizedTest(name = "state indexed: {0}")
  @ValueSource(booleans = {false, true})
  void findOneAndUpdateClaimsEveryItemExactlyOnce(boolean indexed) throws Exception {
    int items = 500;
    MongoCollection<Document> setup = collection(0, "items");
    if (indexed) {
      setup.createIndex(Indexes.ascending("state"));
    }
    List<Document> free = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      free.add(new Document("_id", i).append("state", "free"));
    }
    setup.insertMany(free);
    Map<Integer, String> claimedBy = new ConcurrentHashMap<>();
    Set<Integer> claimedTwice = ConcurrentHashMap.newKeySet();
    Set<Integer> claimedWhileTaken = ConcurrentHashMap.newKeySet();

    race((worker, client) -> {
      MongoCollection<Document> queue = client.getDatabase("omnihub").getCollection("items");
      String me = "worker-" + worker;
      Document before;
      while ((before = queue.findOneAndUpdate(Filters.eq("state", "free"),
          Updates.combine(Updates.set("state", "taken"), Updates.set("by", me)),
          new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE))) != null) {
        int id = before.getInteger("_id");
        if (!"free".equals(before.getString("state"))) {
          claimedWhileTaken.add(id);
        }
        if (claimedBy.putIfAbsent(id, me) != null) {
          claimedTwice.add(id);
        }
      }
    });

    assertThat(claimedTwice).as("items claimed twice").isEmpty();
    assertThat(claimedWhileTaken).as("items whose claim found them taken").isEmpty();
    assertThat(claimedBy).hasSize(items);
    for (Document item : setup.find()) {
      assertThat(item.getString("by")).as("claimant of item " + item.get("_id")).isEqualTo(claimedBy.get(item.getInteger("_id")));
    }
    assertThat(Set.copyOf(claimedBy.values())).as("workers that claimed something (else there was no race)").hasSizeGreaterThan(1);
  }

  @Test
  void aConditionalUpsertLeaseHasExactlyOneWinnerAndTheLosersGetADuplicateKey() throws Exception {
    int names = 40;
    // Every worker goes through the names in the same order, so they meet on each.
    LeaseRound first = leaseRound(names);

    assertThat(first.winners()).as("winners of a free lease").allSatisfy((name, won) -> assertThat(won.get()).as(name).isEqualTo(1));
    assertThat(first.winners()).hasSize(names);
    assertThat(first.duplicateKeys().get()).isEqualTo(names * (WORKERS - 1));
    assertThat(first.owners()).isEqualTo(owners());

    // Every lease expires: each is then taken over (or renewed by its owner) by exactly one worker.
    collection(0, "leases").updateMany(Filters.empty(), Updates.set("until", Date.from(Instant.now().minus(Duration.ofMinutes(1)))));
    LeaseRound second = leaseRound(names);

    assertThat(second.winners()).as("winners of an expired lease").allSatisfy((name, won) -> assertThat(won.get()).as(name).isEqualTo(1));
    assertThat(second.winners()).hasSize(names);
    assertThat(second.duplicateKeys().get()).isEqualTo(names * (WORKERS - 1));
    assertThat(second.owners()).isEqualTo(owners());
  }

  /**
   * @param winners       per lease, how many workers were told they hold it
   * @param owners        per lease, the worker that was told so last
   * @param duplicateKeys how many attempts failed with a duplicate key
   */
  private record LeaseRound(Map<String, AtomicInteger> winners, Map<String, String> owners, AtomicInteger duplicateKeys) {
  }

  /** Every worker tries once to take every lease, as {@code LeaseStore.acquire} does. */
  private LeaseRound leaseRound(int names) throws Exception {
    LeaseRound round = new LeaseRound(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new AtomicInteger());
    race((worker, client) -> {
      MongoCollection<Document> leases = client.getDatabase("omnihub").getCollection("leases");
      String me = "worker-" + worker;
      for (int i = 0; i < names; i++) {
        String name = "lease-" + i;
        Instant now = Instant.now();
        try {
          leases.updateOne(
              Filters.and(Filters.eq("_id", name), Filters.or(Filters.eq("owner", me), Filters.lt("until", Date.from(now)))),
              Updates.combine(Updates.set("owner", me), Updates.set("until", Date.from(now.plus(Duration.ofHours(1))))),
              new UpdateOptions().upsert(true));
          round.winners().computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
          round.owners().put(name, me);
        } catch (RuntimeException e) {
          if (!DuplicateKeys.isDuplicateKey(e)) {
            throw e;
          }
          round.duplicateKeys().incrementAndGet();
        }
      }
    });
    return round;
  }

  /** Who holds each lease, as the store says. */
  private Map<String, String> owners() {
    Map<String, String> owners = new HashMap<>();
    for (Document lease : collection(0, "leases").find()) {
      owners.put(lease.getString("_id"), lease.getString("owner"));
    }
    return owners;
  }

  private MongoCollection<Document> collection(int client, String name) {
    return clients.get(client).getDatabase("omnihub").getCollection(name);
  }

  @FunctionalInterface
  private interface Worker {

    void run(int worker, MongoClient client) throws Exception;
  }

  /** Runs {@link #WORKERS} workers at once, {@link #THREADS_PER_CLIENT} on each client; rethrows what one threw. */
  private void race(Worker work) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(WORKERS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> running = new ArrayList<>();
      for (int worker = 0; worker < WORKERS; worker++) {
        int id = worker;
        MongoClient client = clients.get(worker % CLIENTS);
        running.add(threads.submit(() -> {
          go.await();
          work.run(id, client);
          return null;
        }));
      }
      go.countDown();
      for (Future<?> future : running) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
