package dev.omnihub.bench;

import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code ./omnihub bench --scale}: how the hub reads, grows and ingests once its store holds a
 * realistic amount of data. In order: start a hub; load a million messages straight into its store
 * (or reuse a directory loaded before); time the console's reads through the REST API; look at the
 * store's size; run the ingest load of {@link IngestLoadDriver} on the loaded store; look at the size
 * after it and again after idling; print one markdown table of it all.
 */
final class ScaleBench {

  private static final int AGENTS = 20;
  private static final int QUEUES = 5;
  private static final String AGENT_PASSWORD = "scale-bench-password";
  private static final int SPACE_SAMPLE_SECONDS = 30;

  private ScaleBench() {
  }

  static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(ScaleOptions.USAGE);
      return;
    }
    ScaleOptions options;
    try {
      options = ScaleOptions.parse(args);
      if (options.dataDir() != null && Files.exists(options.dataDir().resolve(StoreSpace.STORE_FILE))
          && !Files.exists(options.dataDir().resolve(LoadedDataset.FILE))) {
        throw new IllegalArgumentException(options.dataDir() + " holds a store this benchmark did not load (no "
            + LoadedDataset.FILE + "); give an empty or new directory");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(ScaleOptions.USAGE);
      System.exit(2);
      return;
    }
    boolean temporary = options.dataDir() == null;
    Path dataDir = temporary ? Files.createTempDirectory("omnihub-scale-") : Files.createDirectories(options.dataDir());
    System.out.println(IngestLoadDriver.machineLine());
    System.out.printf(Locale.ROOT, "store:   embedded, DATA_DIR %s (%s)%s%n", dataDir, Files.getFileStore(dataDir).type(),
        temporary ? ", deleted at the end" : ", kept");
    ScaleReport report = new ScaleReport();
    try (TestHub hub = TestHub.start(dataDir, Map.of())) {
      MongoStore store = hub.hub().services().mongo();
      LoadedDataset data = LoadedDataset.read(dataDir).orElse(null);
      if (data == null) {
        data = load(hub, options, dataDir, report);
      } else {
        System.out.printf(Locale.ROOT, "load:    reusing the data set in %s: %,d messages, %,d conversations, %,d customers%n", dataDir,
            data.messageCount(), data.conversationCount(), data.customerCount());
        report.dataSet(data, "reused");
      }
      ReadProbe reads = new ReadProbe(hub.client(), hub.adminToken(), store.queryStats(), options);
      reads.run(data).forEach(report::read);
      report.space(StoreSpace.read("after reads", hub.client(), dataDir), messages(store));
      report.ingest(options.ingestClients(), ingest(hub, options, dataDir, report));
      report.space(StoreSpace.read("after ingest", hub.client(), dataDir), messages(store));
      System.out.printf(Locale.ROOT, "idle:    %d s%n", options.idle().toSeconds());
      Thread.sleep(options.idle());
      report.space(StoreSpace.read("after idle", hub.client(), dataDir), messages(store));
    } finally {
      if (temporary) {
        IngestLoadDriver.deleteRecursively(dataDir);
      }
    }
    report.print();
    System.out.println(IngestLoadDriver.machineLine());
  }

  /** The messages in the store now (the count the store keeps, no scan). */
  private static long messages(MongoStore store) {
    return store.collection("messages").estimatedDocumentCount();
  }

  /** Creates the channel and agents the data refers to through the API, then writes the data set into the store. */
  private static LoadedDataset load(TestHub hub, ScaleOptions options, Path dataDir, ScaleReport report) throws Exception {
    HubClient client = hub.client();
    String admin = hub.adminToken();
    ChannelRef channel = new ChannelRef(ChannelType.API, client.createApiChannel(admin, "Scale bench", null).getString("id"));
    List<LoadedDataset.Agent> agents = createAgents(client, admin);
    // Nothing lists or checks queues yet; a conversation only carries the id.
    List<String> queues = Stream.generate(Ids::newId).limit(QUEUES).toList();
    long start = System.nanoTime();
    DatasetPlan plan = new DatasetPlan(options, agents.size(), queues.size(), Instant.now());
    PlanDocuments documents = new PlanDocuments(plan, channel, agents, queues);
    double planSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "load:    planned %,d messages in %,d conversations of %,d customers in %.1f s%n", plan.messages,
        plan.conversations, plan.customers, planSeconds);
    System.out.println("load:    " + plan.summary());
    List<DatasetLoader.Stage> stages = new DatasetLoader(hub.hub().services().mongo(), options.loadThreads()).load(plan, documents);
    double totalSeconds = (System.nanoTime() - start) / 1e9;
    long written = stages.stream().mapToLong(DatasetLoader.Stage::documents).sum();
    double bsonBytes = stages.stream().mapToDouble(DatasetLoader.Stage::bsonBytes).sum();
    System.out.printf(Locale.ROOT, "load:    %,d documents in %.1f s (%,.0f docs/s while writing), about %s of BSON, durable%n", written,
        totalSeconds, written / (totalSeconds - planSeconds), StoreSpace.megabytes(bsonBytes));
    LoadedDataset data = LoadedDataset.sample(plan, documents, bsonBytes, agents, queues);
    data.write(dataDir);
    report.dataSet(data, "loaded");
    report.load(stages, options.loadThreads(), planSeconds, totalSeconds);
    return data;
  }

  private static List<LoadedDataset.Agent> createAgents(HubClient client, String admin) {
    List<LoadedDataset.Agent> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      JsonObject body = new JsonObject().put("name", MessageTexts.agentName(i)).put("email", "agent" + (i + 1) + "@scale-bench.example")
          .put("password", AGENT_PASSWORD);
      HttpResult result = client.post("/api/v1/agents", body, admin);
      if (result.status() != 201) {
        throw new IllegalStateException("creating an agent failed: " + result);
      }
      agents.add(new LoadedDataset.Agent(result.json().getString("id"), result.json().getString("name")));
    }
    return agents;
  }

  /**
   * {@link IngestLoadDriver}'s http phase, on a channel of its own so that its message ids are new on a
   * reused store; the store's space is sampled meanwhile and the sample with the largest file/live ratio
   * goes into the report.
   */
  private static IngestLoadDriver.Phase ingest(TestHub hub, ScaleOptions options, Path dataDir, ScaleReport report) throws Exception {
    HubClient client = hub.client();
    JsonObject channel = client.createApiChannel(hub.adminToken(), "Scale bench ingest " + Instant.now(), null);
    int clients = options.ingestClients();
    System.out.printf(Locale.ROOT, "ingest:  %d clients, %d s warm-up + %d s measured%n", clients, options.ingestWarmup().toSeconds(),
        options.ingestDuration().toSeconds());
    IngestLoadDriver.Settings settings = new IngestLoadDriver.Settings(List.of(clients), options.ingestDuration(), options.ingestWarmup(), false);
    AtomicReference<StoreSpace> worst = new AtomicReference<>();
    AtomicReference<Long> worstMessages = new AtomicReference<>(0L);
    long started = System.nanoTime();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> {
      try {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        StoreSpace space = StoreSpace.read("during ingest, " + seconds + " s", client, dataDir);
        if (worst.get() == null || space.fileToLive() > worst.get().fileToLive()) {
          worst.set(space);
          worstMessages.set(messages(hub.hub().services().mongo()));
        }
      } catch (Exception e) {
        System.out.println("space:   could not be read during ingest: " + e);
      }
    }, SPACE_SAMPLE_SECONDS, SPACE_SAMPLE_SECONDS, TimeUnit.SECONDS);
    try {
      return IngestLoadDriver.measure("http", clients, settings, hub.hub().services().metrics(),
          c -> IngestLoadDriver.webhooks(client, channel, clients, c));
    } finally {
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
      if (worst.get() != null) {
        report.space(worst.get().as("during ingest, the sample with the largest file/live: " + worst.get().when()), worstMessages.get());
      }
    }
  }
}
