package dev.omnihub.bench;

import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./omnihub bench --reports}: how fast the reports answer at a million messages. Loads a year of
 * history straight into the store (conversations with their agents, queues, replies and resolutions),
 * computes the reports' buckets from it as a hub does when they are missing (timed: what losing them
 * costs), then asks {@code reports/overview} for the last 90 days by day, channel, agent and queue, and
 * one agent's report, through the REST API, and prints each kind's latency.
 */
final class ReportsBench {

  private static final String USAGE = """
      usage: ./omnihub bench --reports [--messages 1000000] [--conversations 100000] [--requests 300] [--warmup 50]
        --messages       messages in the loaded year
        --conversations  conversations they belong to
        --requests       measured requests of each kind
        --warmup         unmeasured requests of each kind first
      """;
  private static final int AGENTS = 20;

  private ReportsBench() {
  }

  record Settings(int messages, int conversations, int requests, int warmup) {
    static Settings parse(String[] args) {
      int messages = 1_000_000;
      int conversations = 100_000;
      int requests = 300;
      int warmup = 50;
      for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--messages" -> messages = BenchArgs.number("--messages", value, 1);
          case "--conversations" -> conversations = BenchArgs.number("--conversations", value, 1);
          case "--requests" -> requests = BenchArgs.number("--requests", value, 1);
          case "--warmup" -> warmup = BenchArgs.number("--warmup", value, 0);
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      return new Settings(messages, conversations, requests, warmup);
    }
  }

  public static void main(String[] args) throws Exception {
    java.util.Optional<Settings> parsed = BenchArgs.settings(args, "bench --reports", USAGE, Settings::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Settings settings = parsed.get();
    Path dataDir = Files.createTempDirectory("omnihub-reports-");
    System.out.println(IngestLoadDriver.machineLine());
    try (TestHub hub = TestHub.start(dataDir, Map.of("KB_EMBEDDINGS", "false"))) {
      HubClient client = hub.client();
      JsonObject channel = client.createApiChannel(hub.adminToken(), "Reports bench", null);
      List<LoadedDataset.Agent> agents = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        HttpResult created = client.post("/api/v1/agents", new JsonObject().put("name", MessageTexts.agentName(i))
            .put("email", "agent" + i + "@reports-bench.example").put("password", "bench-password-" + i), hub.adminToken());
        agents.add(new LoadedDataset.Agent(created.json().getString("id"), created.json().getString("name")));
      }
      long start = System.nanoTime();
      ScaleOptions options = new ScaleOptions(null, settings.messages(), settings.conversations(), settings.conversations() / 2, 3, 0,
          Duration.ZERO, 0, 1, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 11);
      DatasetPlan plan = new DatasetPlan(options, agents.size(), 4, Instant.now());
      PlanDocuments documents = new PlanDocuments(plan, new ChannelRef(ChannelType.API, channel.getString("id")), agents,
          List.of(Ids.newId(), Ids.newId(), Ids.newId(), Ids.newId()));
      new DatasetLoader(hub.hub().services().mongo(), 3).load(plan, documents);
      System.out.printf(Locale.ROOT, "load:    %,d conversations, %,d messages over a year in %.0f s%n", plan.conversations, plan.messages,
          (System.nanoTime() - start) / 1e9);

      MongoStore store = hub.hub().services().mongo();
      long rebuildStart = System.nanoTime();
      long read = store.write(() -> hub.hub().services().desk().reports().rebuild(hub.hub().services().eventLog().horizon(), Instant.now()))
          .await(60, TimeUnit.MINUTES);
      double rebuildSeconds = (System.nanoTime() - rebuildStart) / 1e9;
      long buckets = store.read(() -> store.collection(Collections.REPORT_BUCKETS).estimatedDocumentCount()).await(1, TimeUnit.MINUTES);
      System.out.printf(Locale.ROOT, "rebuild: %,d conversations into %,d buckets (hours and days) in %.1f s (what losing the buckets costs)%n", read,
          buckets, rebuildSeconds);

      Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
      Instant from = to.minus(90, ChronoUnit.DAYS);
      String range = "from=" + from + "&to=" + to;
      String agent = agents.get(0).id();
      System.out.println();
      System.out.println("| 90-day report | rows | p50 | p99 | max |");
      System.out.println("|---|---:|---:|---:|---:|");
      for (String[] kind : List.of(new String[] {"by day (UTC)", "/api/v1/reports/overview?groupBy=day&" + range},
          new String[] {"by day (Europe/Berlin)", "/api/v1/reports/overview?groupBy=day&timeZone=Europe/Berlin&" + range},
          new String[] {"by channel", "/api/v1/reports/overview?groupBy=channel&" + range},
          new String[] {"by agent", "/api/v1/reports/overview?groupBy=agent&" + range},
          new String[] {"by queue", "/api/v1/reports/overview?groupBy=queue&" + range},
          new String[] {"one agent by day", "/api/v1/reports/agents/" + agent + "?" + range})) {
        measure(client, hub.adminToken(), kind[0], kind[1], settings);
      }
    } finally {
      IngestLoadDriver.deleteRecursively(dataDir);
    }
    System.out.println(IngestLoadDriver.machineLine());
  }

  private static void measure(HubClient client, String admin, String name, String path, Settings settings) {
    int rows = 0;
    for (int i = 0; i < settings.warmup(); i++) {
      client.get(path, admin);
    }
    long[] nanos = new long[settings.requests()];
    for (int i = 0; i < nanos.length; i++) {
      long started = System.nanoTime();
      HttpResult answer = client.get(path, admin);
      nanos[i] = System.nanoTime() - started;
      if (answer.status() != 200) {
        throw new IllegalStateException(name + ": " + answer);
      }
      rows = answer.json().getJsonArray("rows").size();
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "| %s | %d | %.1f ms | %.1f ms | %.1f ms |%n", name, rows, nanos[nanos.length / 2] / 1e6,
        nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6, nanos[nanos.length - 1] / 1e6);
  }
}
