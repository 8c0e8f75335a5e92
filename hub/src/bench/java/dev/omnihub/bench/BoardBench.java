package dev.omnihub.bench;

import dev.omnihub.hub.testing.BrowserTests;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./omnihub bench --console --board}: the supervisor board under load (issue 26: "the board with
 * 200 agents and 50 queues stays responsive: no long task over 200 ms while 50 updates a second arrive").
 * A hub in this process (embedded store) gets {@code --agents} agents (api capacity 1 each, every one a
 * member of two of the {@code --queues} leastLoaded queues, each queue taking its own api channel), of
 * whom {@code --online} keep a socket open, and {@code --backlog} customers' conversations, so that most
 * queues have someone waiting (their longest wait, and so their {@code queue.stats}, change every second).
 * Debian's Chromium (hub/src/bench/browser/board-bench.mjs) opens the board as a supervisor, then records
 * every long task while the bench drives {@code --rate} actions a second for {@code --seconds}: new
 * customers writing (half), conversations resolved (a quarter, freeing an agent for the next waiting
 * one), agents switching between away and online (a quarter). It prints the time to the first full
 * board, the long tasks, and the frames the page received a second by type.
 */
final class BoardBench {

  private static final String USAGE = """
      usage: ./omnihub bench --console --board [--agents 200] [--queues 50] [--online 150] [--backlog 250] [--rate 20] [--seconds 30]
                                               [--screenshot docs/console-board.png]
        --agents    agents (api capacity 1), each a member of two queues
        --queues    leastLoaded queues, one api channel each
        --online    agents with an open socket (the others stay offline)
        --backlog   customers' conversations before the measured window (beyond the online agents' room they wait)
        --rate      actions a second while long tasks are recorded (1/2 new customers, 1/4 resolutions, 1/4 presence changes)
        --seconds   how long
        --screenshot  where the 1400x1000 screenshot of the board after the window goes; none for no screenshot
      Needs Debian's Chromium (/usr/bin/chromium) and npm ci --prefix hub/src/test/browser (playwright-core).
      """;
  private static final String SCRIPT = "hub/src/bench/browser/board-bench.mjs";
  private static final String PASSWORD = "board-bench-password";
  private static final String SUPERVISOR_EMAIL = "sam.supervisor@board-bench.example";
  private static final double AIM_LONG_TASK_MILLIS = 200;
  private static final double AIM_UPDATES_PER_SECOND = 50;

  private BoardBench() {
  }

  record Settings(int agents, int queues, int online, int backlog, int rate, int seconds, String screenshot) {
    static Settings parse(String[] args) {
      int agents = 200;
      int queues = 50;
      int online = 150;
      int backlog = 250;
      int rate = 20;
      int seconds = 30;
      String screenshot = "docs/console-board.png";
      for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--agents" -> agents = BenchArgs.number("--agents", value, 2);
          case "--queues" -> queues = BenchArgs.number("--queues", value, 1);
          case "--online" -> online = BenchArgs.number("--online", value, 0);
          case "--backlog" -> backlog = BenchArgs.number("--backlog", value, 0);
          case "--rate" -> rate = BenchArgs.number("--rate", value, 1);
          case "--seconds" -> seconds = BenchArgs.number("--seconds", value, 1);
          case "--screenshot" -> screenshot = "none".equals(value) ? null : value;
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      return new Settings(agents, queues, Math.min(online, agents), backlog, rate, seconds, screenshot);
    }
  }

  /** An agent: id, token, and the socket that keeps them online (null for an offline one). */
  static final class Agent {
    final String id;
    final String token;
    volatile WebSocket socket;

    Agent(String id, String token) {
      this.id = id;
      this.token = token;
    }
  }

  static void main(String[] args) throws Exception {
    java.util.Optional<Settings> parsed = BenchArgs.settings(args, "bench --console --board", USAGE, Settings::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Settings settings = parsed.get();
    Path root = ConsoleBench.root();
    ConsoleBench.requireBrowser(root);
    Path dataDir = Files.createTempDirectory("omnihub-board-");
    System.out.println(IngestLoadDriver.machineLine());
    System.out.println(ConsoleBench.loadAverage());
    Vertx vertx = Vertx.vertx();
    try (TestHub hub = TestHub.start(dataDir, Map.of("KB_EMBEDDINGS", "false"))) {
      HubClient client = hub.client();
      String admin = hub.adminToken();
      ConsoleBench.ok(client.post("/api/v1/agents", new JsonObject().put("name", "Sam Supervisor").put("email", SUPERVISOR_EMAIL)
          .put("password", PASSWORD).put("roles", new JsonArray().add("supervisor")), admin), "creating the supervisor");
      long start = System.nanoTime();
      List<Agent> agents = BenchAgents.create(client, admin, settings.agents(), "agent", new JsonObject().put("capacity",
          new JsonObject().put("api", 1))).stream().map(login -> new Agent(login.id(), login.token())).toList();
      List<JsonObject> channels = new ArrayList<>();
      for (int q = 0; q < settings.queues(); q++) {
        JsonObject channel = client.createApiChannel(admin, "App " + (q + 1), null);
        channels.add(channel);
        String queue = ConsoleBench.ok(client.post("/api/v1/queues", new JsonObject().put("name", String.format(Locale.ROOT, "Queue %02d", q + 1))
            .put("strategy", "leastLoaded").put("channels", new JsonArray().add(channel.getString("id"))), admin), "a queue").json().getString("id");
        JsonArray members = new JsonArray();
        for (int a = 0; a < agents.size(); a++) {
          if (a % settings.queues() == q || (a + 1) % settings.queues() == q) {
            members.add(agents.get(a).id);
          }
        }
        ConsoleBench.ok(client.put("/api/v1/queues/" + queue + "/agents", new JsonObject().put("agentIds", members), admin), "a queue's members");
      }
      System.out.printf(Locale.ROOT, "load:    %d agents, %d queues with their api channels, in %.0f s%n", agents.size(), settings.queues(),
          (System.nanoTime() - start) / 1e9);

      WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(settings.online() + 10));
      List<Future<WebSocket>> connecting = new ArrayList<>();
      for (Agent agent : agents.subList(0, settings.online())) {
        connecting.add(sockets.webSocket().connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(hub.hub().httpPort())
            .setURI("/ws/agent?token=" + agent.token)).onSuccess(socket -> agent.socket = socket));
      }
      Future.all(connecting).await(120, TimeUnit.SECONDS);
      vertx.setPeriodic(25_000, id -> agents.forEach(agent -> {
        if (agent.socket != null) {
          agent.socket.writeTextMessage("{\"type\":\"ping\"}");
        }
      }));

      start = System.nanoTime();
      ConcurrentLinkedDeque<String> open = new ConcurrentLinkedDeque<>();
      AtomicInteger customers = new AtomicInteger();
      try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
        for (int i = 0; i < settings.backlog(); i++) {
          writers.submit(() -> open.add(customerWrites(client, channels, customers.getAndIncrement())));
        }
      }
      RulesBench.settle("the store was quiet after the load", Duration.ofMinutes(3));
      JsonArray queueFigures = client.get("/api/v1/supervisor/queues", admin).json().getJsonArray("items");
      int rows = client.get("/api/v1/supervisor/agents", admin).json().getJsonArray("items").size();
      System.out.printf(Locale.ROOT, "load:    %d agents online, %d conversations (%d waiting, in %d of %d queues) in %.0f s%n", settings.online(),
          open.size(), waiting(queueFigures), queueFigures.stream().filter(item -> ((JsonObject) item).getInteger("waiting") > 0).count(),
          queueFigures.size(), (System.nanoTime() - start) / 1e9);

      JsonObject config = new JsonObject().put("url", client.baseUrl() + "/console/").put("email", SUPERVISOR_EMAIL).put("password", PASSWORD)
          .put("queues", queueFigures.size()).put("agents", rows)
          .put("screenshot", settings.screenshot() == null ? null : root.resolve(settings.screenshot()).toAbsolutePath().toString());
      Process browser = new ProcessBuilder("node", root.resolve(SCRIPT).toString(), config.encode(), BrowserTests.CHROMIUM.toString())
          .directory(root.toFile()).start();
      StringBuffer log = ConsoleBench.log(browser);
      BlockingQueue<String> lines = ConsoleBench.lines(browser);
      JsonObject board;
      JsonObject live;
      String cpu;
      try {
        String line = ConsoleBench.next(lines, log);
        if (!line.startsWith("BOARD ")) {
          throw new IllegalStateException("the browser said " + line + "; its log:\n" + log);
        }
        board = new JsonObject(line.substring(6));
        line = ConsoleBench.next(lines, log);
        if (!line.equals("AWAITING_EVENTS")) {
          throw new IllegalStateException("the browser said " + line + "; its log:\n" + log);
        }
        CpuWindow window = new CpuWindow();
        drive(client, admin, channels, agents, open, customers, settings);
        cpu = window.toString();
        browser.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
        browser.getOutputStream().flush();
        line = ConsoleBench.next(lines, log);
        if (!line.startsWith("LIVE ")) {
          throw new IllegalStateException("the browser said " + line + "; its log:\n" + log);
        }
        live = new JsonObject(line.substring(5));
        if (!browser.waitFor(60, TimeUnit.SECONDS) || browser.exitValue() != 0) {
          throw new IllegalStateException("the browser script failed; its log:\n" + log);
        }
      } finally {
        browser.destroyForcibly();
      }
      long waitingNow = waiting(client.get("/api/v1/supervisor/queues", admin).json().getJsonArray("items"));
      print(settings, board, live, cpu, waitingNow);
    } finally {
      vertx.close();
      IngestLoadDriver.deleteRecursively(dataDir);
    }
    System.out.println(ConsoleBench.loadAverage());
  }

  /** A new customer's first message on one of the queues' channels; the conversation's id. */
  private static String customerWrites(HubClient client, List<JsonObject> channels, int customer) {
    JsonObject channel = channels.get(ThreadLocalRandom.current().nextInt(channels.size()));
    JsonObject from = new JsonObject().put("email", "customer" + customer + "@board-bench.example").put("name", MessageTexts.customerName(customer));
    return ConsoleBench.ok(client.webhook(channel, HubClient.message("board-" + customer, from, MessageTexts.message(26, customer, false))),
        "a customer's message").json().getString("conversationId");
  }

  /**
   * The measured window: actions at the rate, each on a virtual thread: new customers (i % 4 of 0, 1), a
   * random open conversation resolved (2), a random online agent turning away or back online (3).
   */
  private static void drive(HubClient client, String admin, List<JsonObject> channels, List<Agent> agents, ConcurrentLinkedDeque<String> open,
      AtomicInteger customers, Settings settings) throws Exception {
    int total = settings.rate() * settings.seconds();
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.rate();
    AtomicInteger errors = new AtomicInteger();
    List<Agent> online = agents.stream().filter(agent -> agent.socket != null).toList();
    System.out.printf(Locale.ROOT, "events:  %d actions a second for %d s (new customers 1/2, resolutions 1/4, presence changes 1/4)%n",
        settings.rate(), settings.seconds());
    long start = System.nanoTime();
    try (ExecutorService actors = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < total; i++) {
        long wait = start + i * periodNanos - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        int kind = i % 4;
        int seq = i;
        actors.submit(() -> {
          try {
            if (kind <= 1) {
              open.add(customerWrites(client, channels, customers.getAndIncrement()));
            } else if (kind == 2) {
              String conversation = open.pollFirst();
              if (conversation != null && client.post("/api/v1/conversations/" + conversation + "/status",
                  new JsonObject().put("status", "resolved"), admin).status() != 200) {
                errors.incrementAndGet();
              }
            } else if (!online.isEmpty()) {
              // Each agent in turn goes away, and comes back online with the next presence action.
              int change = seq / 4;
              Agent agent = online.get((change / 2) % online.size());
              String status = change % 2 == 0 ? "away" : "online";
              if (client.put("/api/v1/agents/" + agent.id + "/presence", new JsonObject().put("status", status), admin).status() != 200) {
                errors.incrementAndGet();
              }
            }
          } catch (RuntimeException e) {
            errors.incrementAndGet();
          }
        });
      }
    }
    System.out.printf(Locale.ROOT, "events:  %d actions in %.1f s, %d errors%n", total, (System.nanoTime() - start) / 1e9, errors.get());
  }

  private static long waiting(JsonArray queues) {
    return queues.stream().mapToLong(item -> ((JsonObject) item).getLong("waiting")).sum();
  }

  private static void print(Settings settings, JsonObject board, JsonObject live, String cpu, long waitingNow) {
    double seconds = live.getDouble("seconds");
    double[] tasks = live.getJsonArray("longTasks").stream().mapToDouble(value -> ((Number) value).doubleValue()).sorted().toArray();
    double longest = tasks.length == 0 ? 0 : tasks[tasks.length - 1];
    long over50 = Arrays.stream(tasks).filter(task -> task > 50).count();
    long over200 = Arrays.stream(tasks).filter(task -> task > AIM_LONG_TASK_MILLIS).count();
    JsonObject received = live.getJsonObject("received");
    double updates = (received.getInteger("queue.stats", 0) + received.getInteger("presence", 0)) / seconds;
    double frames = live.getInteger("receivedTotal") / seconds;
    System.out.println();
    System.out.printf(Locale.ROOT, "| the supervisor board, %d agents (%d online), %d queues | figure | aim | |%n", settings.agents(), settings.online(),
        settings.queues());
    System.out.println("|---|---:|---|---|");
    System.out.printf(Locale.ROOT, "| time to first board render: Supervisor link clicked -> every queue's and agent's row painted | %.0f ms | | |%n",
        board.getDouble("link"));
    System.out.printf(Locale.ROOT, "| time to first board render: reload at #/supervisor (navigation start) -> every row painted | %.0f ms | | |%n",
        board.getDouble("reload"));
    System.out.printf(Locale.ROOT, "| rows on the board (queues / agents) | %d / %d | | |%n", board.getInteger("queueRows"), board.getInteger("agentRows"));
    System.out.printf(Locale.ROOT, "| longest task while the board loaded | %.0f ms | | |%n", board.getDouble("longestTaskWhileLoading"));
    System.out.printf(Locale.ROOT, "| updates the page's socket received a second during %.0f s (every frame: the board and the desk act on them) | %.1f | ≥ %.0f | %s |%n",
        seconds, frames, AIM_UPDATES_PER_SECOND, frames >= AIM_UPDATES_PER_SECOND ? "PASS" : "MISS (less load than the aim's)");
    System.out.printf(Locale.ROOT, "|   of which the board's own figures (queue.stats + presence) a second | %.1f | | |%n", updates);
    received.stream().sorted((a, b) -> Integer.compare(((Number) b.getValue()).intValue(), ((Number) a.getValue()).intValue()))
        .forEach(entry -> System.out.printf(Locale.ROOT, "|     %s | %d | | |%n", entry.getKey(), ((Number) entry.getValue()).intValue()));
    System.out.printf(Locale.ROOT, "| longest task | %.0f ms | ≤ %.0f ms | %s |%n", longest, AIM_LONG_TASK_MILLIS,
        longest <= AIM_LONG_TASK_MILLIS ? "PASS" : "MISS");
    System.out.printf(Locale.ROOT, "| long tasks over 50 ms / over 200 ms | %d / %d | | |%n", over50, over200);
    if (live.getBoolean("loafSupported", false)) {
      double[] loaf = live.getJsonArray("frames").stream().mapToDouble(value -> ((Number) value).doubleValue()).sorted().toArray();
      System.out.printf(Locale.ROOT, "| long animation frames (> 50 ms): count / longest | %d / %.0f ms | | |%n", loaf.length,
          loaf.length == 0 ? 0 : loaf[loaf.length - 1]);
    }
    System.out.printf(Locale.ROOT, "| conversations waiting 3 s after the window: the board's Waiting column / the API | %d / %d | equal | %s |%n",
        live.getInteger("waitingShown"), waitingNow, live.getInteger("waitingShown") == waitingNow ? "PASS" : "MISS");
    System.out.printf(Locale.ROOT, "| this process (hub and bench) / the machine during the window | %s | | |%n", cpu);
    if (live.getJsonArray("profile") != null) {
      live.getJsonArray("profile").forEach(entry -> System.out.printf(Locale.ROOT, "|   page self time (OMNIHUB_BOARD_PROFILE) %s | %d ms | | |%n",
          ((JsonObject) entry).getString("where"), ((JsonObject) entry).getInteger("ms")));
    }
  }
}
