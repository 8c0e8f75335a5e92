package dev.omnihub.bench;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./omnihub bench --routing}: routing under a contact center's load, from a second process. The
 * hub runs as its own process; this one logs in N agents, holds their sockets open (that is their
 * presence), puts them in one {@code leastLoaded} queue, and posts signed webhooks of new customers at a
 * rate. Each agent resolves each conversation it is given after a random handling time. Two phases:
 * with room (handling short enough that agents keep free places) it measures the time from "stored"
 * (the webhook answered) to "assigned" (the assignee's socket got the assignment); with a backlog
 * (handling too long for the rate, so conversations wait) it measures how long a freed place stays
 * empty (a resolution answered to the agent's next assignment) and whether the line goes out in
 * arrival order. All along it checks that no agent ever holds more than its capacity and no
 * conversation is given twice, and samples the spread of open conversations across agents.
 */
final class RoutingBench {

  private static final String USAGE = """
      usage: ./omnihub bench --routing [--agents 200] [--capacity 3] [--conversations 5000] [--rate 200] [--room-share 0.4]
                                       [--handle-room 2] [--handle-backlog 8] [--warmup 1000] [--kb-embeddings true]
        --agents          agent sockets held open, all members of one leastLoaded queue
        --capacity        each agent's capacity for the channel type (api)
        --conversations   new customers' conversations posted in all, at --rate a second
        --room-share      the share of them posted while agents have room (the rest builds a backlog)
        --handle-room     mean seconds an agent takes to resolve a conversation while there is room
        --handle-backlog  mean seconds during the backlog phase (capacity / handle-backlog < rate)
        --warmup          conversations posted first, at the rate and handled the same way, measured not at all (JIT)
        --kb-embeddings   the hub's KB_EMBEDDINGS (false: the knowledge base ranks by words alone and embeds nothing)
      """;

  private RoutingBench() {
  }

  record Settings(int agents, int capacity, int conversations, int rate, double roomShare, double handleRoom, double handleBacklog,
      int warmup, boolean kbEmbeddings) {
    static Settings parse(String[] args) {
      int agents = 200;
      int capacity = 3;
      int conversations = 5_000;
      int rate = 200;
      double roomShare = 0.4;
      double handleRoom = 2;
      double handleBacklog = 8;
      int warmup = 1_000;
      boolean kbEmbeddings = true;
      for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--agents" -> agents = BenchArgs.number("--agents", value, 1);
          case "--capacity" -> capacity = BenchArgs.number("--capacity", value, 1);
          case "--conversations" -> conversations = BenchArgs.number("--conversations", value, 1);
          case "--rate" -> rate = BenchArgs.number("--rate", value, 1);
          case "--room-share" -> roomShare = Double.parseDouble(value);
          case "--handle-room" -> handleRoom = Double.parseDouble(value);
          case "--handle-backlog" -> handleBacklog = Double.parseDouble(value);
          case "--warmup" -> warmup = BenchArgs.number("--warmup", value, 0);
          case "--kb-embeddings" -> kbEmbeddings = Boolean.parseBoolean(value);
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      return new Settings(agents, capacity, conversations, rate, roomShare, handleRoom, handleBacklog, warmup, kbEmbeddings);
    }
  }

  /** One agent: its socket, what it holds by its own count, and when its last place was freed with a backlog waiting. */
  private static final class Agent {
    final String id;
    final String token;
    final AtomicInteger assigned = new AtomicInteger();
    final AtomicInteger resolveSent = new AtomicInteger();
    final AtomicLong freedAt = new AtomicLong();
    volatile WebSocket socket;

    Agent(String id, String token) {
      this.id = id;
      this.token = token;
    }

    int open() {
      return assigned.get() - resolveSent.get();
    }
  }

  /** What the bench saw, shared by the sockets' handlers and the sender. */
  private static final class Tally {
    final Map<String, Long> storedAt = new ConcurrentHashMap<>();
    final Map<String, Long> assignedAt = new ConcurrentHashMap<>();
    final Map<String, Integer> arrival = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> timesAssigned = new ConcurrentHashMap<>();
    final List<Long> roomLatency = Collections.synchronizedList(new ArrayList<>());
    final List<Long> backlogLatency = Collections.synchronizedList(new ArrayList<>());
    final List<Long> freedToNext = Collections.synchronizedList(new ArrayList<>());
    /** From when a webhook was due (the rate's schedule) to its answer: whether the hub took the arrivals as they came. */
    final List<Long> webhookLag = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger capacityViolations = new AtomicInteger();
    final AtomicInteger acked = new AtomicInteger();
    final AtomicInteger assignedCount = new AtomicInteger();
    /** Per conversation given during the backlog: when it started waiting and when it was assigned, by the hub's clock. */
    final List<long[]> backlogOrder = Collections.synchronizedList(new ArrayList<>());
    volatile boolean backlogPhase;
    /** Past the warm-up. */
    volatile boolean measuring;
    volatile int roomPosts;

    int waiting() {
      return acked.get() - assignedCount.get();
    }
  }

  static void main(String[] args) throws Exception {
    java.util.Optional<Settings> parsed = BenchArgs.settings(args, "bench --routing", USAGE, Settings::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Settings settings = parsed.get();
    Path dataDir = Files.createTempDirectory("omnihub-routing-bench-");
    System.out.println(IngestLoadDriver.machineLine());
    int roomPosts = (int) Math.round(settings.conversations() * settings.roomShare());
    System.out.printf(Locale.ROOT, "settings: %d agents online (sockets), capacity %d each, one leastLoaded queue; %d conversations of new "
        + "customers at %d/s: %d while agents have room (handling %.1f s on average), %d into a backlog (handling %.1f s); hub: a "
        + "separate process with -Xmx2g, embedded store; %d conversations before, unmeasured (warm-up)%n", settings.agents(), settings.capacity(), settings.conversations(), settings.rate(),
        roomPosts, settings.handleRoom(), settings.conversations() - roomPosts, settings.handleBacklog(), settings.warmup());
    Vertx vertx = Vertx.vertx();
    ExecutorService senders = Executors.newFixedThreadPool(16);
    try (HubProcess hub = HubProcess.fromClasspath(dataDir, Map.of("KB_EMBEDDINGS", Boolean.toString(settings.kbEmbeddings()),
        "OMNIHUB_ADMIN_EMAIL", TestHub.ADMIN_EMAIL,
        "OMNIHUB_ADMIN_PASSWORD", TestHub.ADMIN_PASSWORD), "-Xmx2g")) {
      int port = hub.awaitListening(Duration.ofSeconds(90));
      HubClient client = hub.client();
      String admin = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      JsonObject channel = client.createApiChannel(admin, "Bench", null);
      List<Agent> agents = createAgents(client, admin, settings);
      JsonObject queue = client.post("/api/v1/queues", new JsonObject().put("name", "Bench").put("strategy", "leastLoaded")
          .put("channels", new JsonArray().add(channel.getString("id"))), admin).json();
      client.put("/api/v1/queues/" + queue.getString("id") + "/agents",
          new JsonObject().put("agentIds", new JsonArray(agents.stream().map(agent -> agent.id).toList())), admin);

      Tally tally = new Tally();
      tally.roomPosts = roomPosts;
      WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(settings.agents() + 10));
      List<Future<WebSocket>> connecting = new ArrayList<>();
      for (Agent agent : agents) {
        connecting.add(connect(sockets, port, agent, client, settings, tally));
      }
      Future.all(connecting).await(120, TimeUnit.SECONDS);
      vertx.setPeriodic(25_000, id -> agents.forEach(agent -> agent.socket.writeTextMessage("{\"type\":\"ping\"}")));
      long online = 0;
      for (int attempt = 0; attempt < 100 && online < agents.size(); attempt++) {
        online = client.get("/api/v1/supervisor/agents", admin).json().getJsonArray("items").stream().map(JsonObject.class::cast)
            .filter(item -> "online".equals(item.getString("presence"))).count();
        Thread.sleep(100);
      }
      System.out.printf(Locale.ROOT, "%d agents online%n", online);

      // The spread as the hub's ledger has it (what leastLoaded decides on), not as the sockets have
      // delivered it so far: sampled every 0.5 s from the supervisors' board.
      List<Integer> spreads = Collections.synchronizedList(new ArrayList<>());
      long sampler = vertx.setPeriodic(500, id -> {
        if (tally.measuring && !tally.backlogPhase) {
          Thread.ofVirtual().start(() -> {
            List<Integer> open = client.get("/api/v1/supervisor/agents", admin).json().getJsonArray("items").stream()
                .map(JsonObject.class::cast).map(item -> item.getInteger("openConversations")).toList();
            spreads.add(open.stream().mapToInt(Integer::intValue).max().orElse(0) - open.stream().mapToInt(Integer::intValue).min().orElse(0));
          });
        }
      });
      long periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.rate();
      Map<String, Double> before = hubMetrics(client);
      long start = System.nanoTime();
      AtomicInteger errors = new AtomicInteger();
      int total = settings.warmup() + settings.conversations();
      for (int i = 0; i < total; i++) {
        long wait = start + i * periodNanos - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        if (i == settings.warmup() + roomPosts) {
          tally.backlogPhase = true;
        }
        if (i == settings.warmup()) {
          tally.measuring = true;
        }
        // Warm-up conversations have negative indexes: handled like the others, never measured.
        int index = i - settings.warmup();
        long due = start + i * periodNanos;
        senders.submit(() -> post(client, channel, index, due, tally, errors));
      }
      vertx.cancelTimer(sampler);
      // Agents go on resolving until everything posted was given to someone.
      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
      while (tally.assignedCount.get() < total - errors.get() && System.nanoTime() < drainDeadline) {
        Thread.sleep(200);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      JsonArray board = client.get("/api/v1/supervisor/agents", admin).json().getJsonArray("items");
      long ledgerAbove = board.stream().map(JsonObject.class::cast)
          .filter(item -> item.getJsonObject("load").getInteger("api", 0) > item.getJsonObject("capacity").getInteger("api", 0)).count();
      long twice = tally.timesAssigned.values().stream().filter(count -> count.get() > 1).count();

      long[] room = sorted(tally.roomLatency);
      long[] backlog = sorted(tally.backlogLatency);
      long[] freed = sorted(tally.freedToNext);
      long[] lag = sorted(tally.webhookLag);
      int[] spreadSorted = spreads.stream().mapToInt(Integer::intValue).sorted().toArray();
      System.out.println();
      System.out.println("measure                                             | value");
      System.out.printf(Locale.ROOT, "stored -> assigned while agents have room, p50 / p99 | %.1f / %.1f ms (%d conversations)%n",
          IngestLoadDriver.millis(room, 50), IngestLoadDriver.millis(room, 99), room.length);
      System.out.printf(Locale.ROOT, "place freed -> next waiting assigned, p50 / p99 / max | %.1f / %.1f / %.1f ms (%d freed places with a "
          + "backlog)%n", IngestLoadDriver.millis(freed, 50), IngestLoadDriver.millis(freed, 99), IngestLoadDriver.millis(freed, 100),
          freed.length);
      System.out.printf(Locale.ROOT, "stored -> assigned through the backlog, p50 / p99    | %.1f / %.1f s%n",
          IngestLoadDriver.millis(backlog, 50) / 1000, IngestLoadDriver.millis(backlog, 99) / 1000);
      System.out.printf(Locale.ROOT, "spread of open conversations (ledger), with room     | p50 %d, p99 %d, max %d (%d samples, every 0.5 s)%n",
          percentile(spreadSorted, 50), percentile(spreadSorted, 99), spreadSorted.length == 0 ? 0 : spreadSorted[spreadSorted.length - 1],
          spreadSorted.length);
      System.out.printf(Locale.ROOT, "webhook due -> answered (stored), p50 / p99          | %.1f / %.1f ms%n",
          IngestLoadDriver.millis(lag, 50), IngestLoadDriver.millis(lag, 99));
      System.out.printf(Locale.ROOT, "capacity violations                                 | %d seen by the agents, %d in the ledger at the end%n",
          tally.capacityViolations.get(), ledgerAbove);
      System.out.printf(Locale.ROOT, "conversations given twice                           | %d%n", twice);
      System.out.printf(Locale.ROOT, "backlog given before an older waiting conversation  | %d of %d%n", outOfOrder(tally.backlogOrder),
          tally.backlogOrder.size());
      System.out.printf(Locale.ROOT, "posted / assigned / webhook errors (with warm-up)    | %d / %d / %d in %.1f s%n", tally.acked.get(),
          tally.assignedCount.get(), errors.get(), seconds);
      System.out.printf(Locale.ROOT, "hub: store commits / mean batch, CPU per conversation | %s%n",
          hubFacts(before, hubMetrics(client), total));
      System.out.println();
      System.out.println(storeCommands(client, total));
      hub.terminate(Duration.ofSeconds(30));
    } finally {
      senders.shutdownNow();
      vertx.close().await(30, TimeUnit.SECONDS);
      IngestLoadDriver.deleteRecursively(dataDir);
    }
  }

  /** The hub's own figures from {@code /metrics} (samples without labels). */
  private static Map<String, Double> hubMetrics(HubClient client) {
    Map<String, Double> metrics = new java.util.HashMap<>();
    for (String line : client.get("/metrics", null).body().split("\n")) {
      String[] parts = line.split(" ");
      if (parts.length == 2 && !line.startsWith("#")) {
        metrics.put(parts[0], Double.parseDouble(parts[1]));
      }
    }
    return metrics;
  }

  /** Over the run (agents' set-up left out): durable commits, of how many writes each, and the hub's CPU per conversation. */
  private static String hubFacts(Map<String, Double> before, Map<String, Double> after, int conversations) {
    java.util.function.ToDoubleFunction<String> delta = name -> after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    double commits = delta.applyAsDouble("omnihub_store_commit_batch_count");
    double writes = delta.applyAsDouble("omnihub_store_commit_batch_sum");
    return String.format(Locale.ROOT, "%.0f / %.1f writes, %.1f ms of CPU", commits, commits == 0 ? 0 : writes / commits,
        delta.applyAsDouble("process_cpu_time_ns_total") / 1e6 / conversations);
  }

  /**
   * The store commands the hub sent, per conversation posted (agents' set-up included), by command and
   * collection: what a conversation's life costs the store, read from the driver's timers on {@code /metrics}.
   */
  private static String storeCommands(HubClient client, int conversations) {
    Pattern timer = Pattern.compile(
        "mongodb_driver_commands_seconds_(count|sum)\\{(.*)\\} (\\S+)");
    Map<String, double[]> byCommand = new TreeMap<>();
    for (String line : client.get("/metrics", null).body().split("\n")) {
      Matcher matched = timer.matcher(line);
      if (matched.matches()) {
        String labels = matched.group(2);
        String key = label(labels, "command") + " " + label(labels, "collection");
        double[] figures = byCommand.computeIfAbsent(key, k -> new double[2]);
        figures[matched.group(1).equals("count") ? 0 : 1] += Double.parseDouble(matched.group(3));
      }
    }
    StringBuilder table = new StringBuilder("store commands per conversation (command collection | count | ms of the hub's wait)\n");
    double count = 0;
    double millis = 0;
    List<Map.Entry<String, double[]>> rows = new ArrayList<>(byCommand.entrySet());
    rows.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
    for (Map.Entry<String, double[]> row : rows) {
      count += row.getValue()[0];
      millis += row.getValue()[1] * 1000;
      if (row.getValue()[0] / conversations >= 0.05) {
        table.append(String.format(Locale.ROOT, "  %-40s | %5.2f | %6.2f%n", row.getKey(), row.getValue()[0] / conversations,
            row.getValue()[1] * 1000 / conversations));
      }
    }
    return table.append(String.format(Locale.ROOT, "  %-40s | %5.2f | %6.2f", "all", count / conversations, millis / conversations)).toString();
  }

  private static String label(String labels, String name) {
    Matcher value = Pattern.compile("(?:^|,)" + name + "=\"([^\"]*)\"").matcher(labels);
    return value.find() ? value.group(1) : "?";
  }

  /** A new customer writes; the answer means the conversation is stored. */
  private static void post(HubClient client, JsonObject channel, int index, long due, Tally tally, AtomicInteger errors) {
    String customer = "bench-" + index + "-" + UUID.randomUUID();
    try {
      HttpResult result = client.webhook(channel, HubClient.message(customer, new JsonObject().put("externalUserId", customer), "hello"));
      long now = System.nanoTime();
      if (result.status() != 200) {
        errors.incrementAndGet();
        return;
      }
      String conversation = result.json().getString("conversationId");
      if (index >= 0) {
        tally.webhookLag.add(now - due);
      }
      tally.arrival.put(conversation, index);
      tally.storedAt.put(conversation, now);
      tally.acked.incrementAndGet();
      Long assigned = tally.assignedAt.get(conversation);
      if (assigned != null) {
        record(tally, index, Math.max(0, assigned - now));
      }
    } catch (RuntimeException e) {
      errors.incrementAndGet();
    }
  }

  private static void record(Tally tally, int index, long nanos) {
    if (index >= 0) {
      (index < tally.roomPosts ? tally.roomLatency : tally.backlogLatency).add(nanos);
    }
  }

  private static Future<WebSocket> connect(WebSocketClient sockets, int port, Agent agent, HubClient client, Settings settings,
      Tally tally) {
    ClientWebSocket socket = sockets.webSocket();
    socket.textMessageHandler(text -> {
      if (!text.contains("\"conversation.updated\"") || !text.contains("\"leastLoaded\"")) {
        return;
      }
      JsonObject frame = new JsonObject(text);
      JsonObject conversation = frame.getJsonObject("conversation");
      // An assignment to this agent (the agent's later changes of it, a resolution, also carry its last routing reason).
      if (!agent.id.equals(conversation.getString("assigneeId")) || !frame.getJsonArray("changes").contains("assignee")) {
        return;
      }
      assigned(agent, conversation, client, settings, tally);
    });
    return socket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws/agent?token=" + agent.token))
        .onSuccess(connected -> agent.socket = connected);
  }

  /** The agent got a conversation: checks, measures, and resolves it after a random handling time. */
  private static void assigned(Agent agent, JsonObject view, HubClient client, Settings settings, Tally tally) {
    long now = System.nanoTime();
    String conversation = view.getString("id");
    if (tally.timesAssigned.computeIfAbsent(conversation, id -> new AtomicInteger()).incrementAndGet() > 1) {
      return;
    }
    tally.assignedCount.incrementAndGet();
    if (agent.assigned.incrementAndGet() - agent.resolveSent.get() > settings.capacity()) {
      tally.capacityViolations.incrementAndGet();
    }
    long freed = agent.freedAt.getAndSet(0);
    if (freed != 0 && tally.measuring) {
      tally.freedToNext.add(now - freed);
    }
    tally.assignedAt.put(conversation, now);
    Long stored = tally.storedAt.get(conversation);
    Integer index = tally.arrival.get(conversation);
    if (stored != null && index != null) {
      record(tally, index, Math.max(0, now - stored));
    }
    if (index != null && index >= tally.roomPosts && view.getString("queuedAt") != null) {
      tally.backlogOrder.add(new long[] {java.time.Instant.parse(view.getString("queuedAt")).toEpochMilli(),
          java.time.Instant.parse(view.getString("updatedAt")).toEpochMilli()});
    }
    double mean = tally.backlogPhase ? settings.handleBacklog() : settings.handleRoom();
    long handleMillis = (long) (-Math.log(1 - ThreadLocalRandom.current().nextDouble()) * mean * 1000);
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(handleMillis);
        agent.resolveSent.incrementAndGet();
        HttpResult resolved = client.post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", "resolved"),
            agent.token);
        // Only with a backlog (more waiting than there are agents, so not just arrivals on their way to
        // agents with room): then this place is the one the head of the line must take.
        if (resolved.status() == 200 && tally.backlogPhase && tally.waiting() > settings.agents()) {
          agent.freedAt.compareAndSet(0, System.nanoTime());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // The run is over and the hub stopped while this agent was still handling it.
      }
    });
  }

  /** Agents with the capacity, created and logged in. */
  private static List<Agent> createAgents(HubClient client, String admin, Settings settings) throws Exception {
    return BenchAgents.create(client, admin, settings.agents(), "agent", new JsonObject().put("capacity",
        new JsonObject().put("api", settings.capacity()))).stream().map(login -> new Agent(login.id(), login.token())).toList();
  }

  /**
   * Conversations assigned while one that had waited longer (by more than a millisecond, the clock's
   * grain) was assigned later: by the hub's times, latest assignment first, with the oldest wait seen.
   */
  private static long outOfOrder(List<long[]> waitedAndAssigned) {
    List<long[]> byAssignment;
    synchronized (waitedAndAssigned) {
      byAssignment = new ArrayList<>(waitedAndAssigned);
    }
    byAssignment.sort((a, b) -> Long.compare(b[1], a[1]));
    long oldestLater = Long.MAX_VALUE;
    long count = 0;
    long lastAssigned = Long.MAX_VALUE;
    long oldestBefore = Long.MAX_VALUE;
    for (long[] entry : byAssignment) {
      if (entry[1] < lastAssigned) {
        // Assignments at the same millisecond are one pass: only those strictly later count.
        oldestLater = Math.min(oldestLater, oldestBefore);
        lastAssigned = entry[1];
      }
      if (oldestLater < entry[0] - 1) {
        count++;
      }
      oldestBefore = Math.min(oldestBefore, entry[0]);
    }
    return count;
  }

  private static long[] sorted(List<Long> values) {
    synchronized (values) {
      return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  private static int percentile(int[] sorted, double percentile) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percentile / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }
}
