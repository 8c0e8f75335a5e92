package dev.omnihub.bench;

import dev.omnihub.adapters.chat.VisitorTokens;
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
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real time under load, from a second process: the hub runs as its own process with {@code -Xmx1g};
 * this one opens N widget sockets and M agent sockets to it (Vert.x WebSocket clients), sends visitor
 * messages at a rate, and measures the time from a visitor's send to the agent socket's receipt, and
 * from an agent's reply (over REST) to the visitor's receipt. Then it reports the hub's heap after a
 * full GC, and drops and reconnects every visitor socket at once, checking that no visitor misses or
 * repeats a message. Run it with {@code ./omnihub bench --sockets}.
 */
final class SocketBench {

  private static final String USAGE = """
      usage: ./omnihub bench --sockets [--visitors 10000] [--agents 200] [--chats 1000] [--rate 200] [--duration 30] [--warmup 10]
        --visitors  widget sockets held open
        --agents    agent sockets held open (agent role; one supervisor socket more sees everything)
        --chats     visitors who chat during the load, each conversation assigned to an agent in turn
        --rate      visitor messages per second; every tenth gets a reply from the agent who received it
        --duration  measured seconds; --warmup: unmeasured seconds before
      """;

  private SocketBench() {
  }

  record Settings(int visitors, int agents, int chats, int rate, Duration duration, Duration warmup) {
    static Settings parse(String[] args) {
      int visitors = 10_000;
      int agents = 200;
      int chats = 1_000;
      int rate = 200;
      Duration duration = Duration.ofSeconds(30);
      Duration warmup = Duration.ofSeconds(10);
      for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--visitors" -> visitors = BenchArgs.number("--visitors", value, 1);
          case "--agents" -> agents = BenchArgs.number("--agents", value, 1);
          case "--chats" -> chats = BenchArgs.number("--chats", value, 1);
          case "--rate" -> rate = BenchArgs.number("--rate", value, 1);
          case "--duration" -> duration = Duration.ofSeconds(BenchArgs.number("--duration", value, 1));
          case "--warmup" -> warmup = Duration.ofSeconds(BenchArgs.number("--warmup", value, 0));
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      if (chats > visitors) {
        throw new IllegalArgumentException("--chats cannot exceed --visitors");
      }
      return new Settings(visitors, agents, chats, rate, duration, warmup);
    }
  }

  /** One visitor's socket and what it saw. */
  private static final class Visitor {
    final String id;
    final String token;
    volatile WebSocket socket;
    final Map<Integer, String> seqs = new ConcurrentHashMap<>();
    volatile int lastSeq;
    final AtomicInteger duplicates = new AtomicInteger();

    Visitor(String id, String token) {
      this.id = id;
      this.token = token;
    }
  }

  static void main(String[] args) throws Exception {
    java.util.Optional<Settings> parsed = BenchArgs.settings(args, "bench --sockets", USAGE, Settings::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Settings settings = parsed.get();
    Path dataDir = Files.createTempDirectory("omnihub-socket-bench-");
    System.out.println(IngestLoadDriver.machineLine());
    System.out.printf(Locale.ROOT, "settings: %d widget sockets, %d agent sockets + 1 supervisor, %d visitors chatting (conversations "
        + "assigned to agents in turn), %d visitor messages/s (every tenth answered), warm-up %d s + measured %d s; hub: a separate "
        + "process with -Xmx1g, embedded store%n", settings.visitors(), settings.agents(), settings.chats(), settings.rate(),
        settings.warmup().toSeconds(), settings.duration().toSeconds());
    Vertx vertx = Vertx.vertx();
    try (HubProcess hub = HubProcess.fromClasspath(dataDir, Map.of("WIDGET_ADDRESS_MESSAGES_PER_MINUTE", "10000000",
        "OMNIHUB_ADMIN_EMAIL", TestHub.ADMIN_EMAIL, "OMNIHUB_ADMIN_PASSWORD", TestHub.ADMIN_PASSWORD), "-Xmx1g")) {
      int port = hub.awaitListening(Duration.ofSeconds(90));
      HubClient client = hub.client();
      String admin = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      HttpResult created = client.post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Bench"), admin);
      String channelId = created.json().getString("id");
      String secret = created.json().getString("secret");
      WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(settings.visitors()
          + settings.agents() + 100).setConnectTimeout(60_000));

      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      // By reply text: when the visitor asked and when the agent answered.
      Map<String, long[]> repliedAt = new ConcurrentHashMap<>();
      List<Long> toAgent = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Long> toVisitor = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Long> roundTrip = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);

      long openStart = System.nanoTime();
      List<Visitor> visitors = new ArrayList<>();
      for (int i = 0; i < settings.visitors(); i++) {
        String id = "bench" + i;
        visitors.add(new Visitor(id, VisitorTokens.issue(channelId, id, null, secret)));
      }
      for (int from = 0; from < visitors.size(); from += 500) {
        List<Future<WebSocket>> batch = new ArrayList<>();
        for (Visitor visitor : visitors.subList(from, Math.min(visitors.size(), from + 500))) {
          batch.add(connectVisitor(sockets, port, visitor, 0, repliedAt, toVisitor, roundTrip, measureFrom));
        }
        Future.all(batch).await(120, TimeUnit.SECONDS);
      }
      double visitorsOpenSeconds = (System.nanoTime() - openStart) / 1e9;
      // Every socket pings as the widget and the console do (the hub closes connections idle for 2
      // minutes): each every 30 s, spread over the 30 s as page loads spread them, not in one burst.
      List<AgentFeed> pinged = new java.util.concurrent.CopyOnWriteArrayList<>();
      AtomicLong tick = new AtomicLong();
      vertx.setPeriodic(1_000, id -> {
        long slice = tick.getAndIncrement() % 30;
        String ping = new JsonObject().put("type", "ping").encode();
        for (int i = (int) slice; i < visitors.size(); i += 30) {
          WebSocket socket = visitors.get(i).socket;
          if (socket != null && !socket.isClosed()) {
            socket.writeTextMessage(ping);
          }
        }
        if (slice != 0) {
          return;
        }
        pinged.forEach(feed -> {
          if (feed.socket != null && !feed.socket.isClosed()) {
            feed.socket.writeTextMessage(ping);
          }
        });
      });

      // The chatting visitors' conversations exist and are assigned, as routing would have done.
      List<Agent> agents = createAgents(client, admin, settings.agents());
      List<Visitor> chatting = visitors.subList(0, settings.chats());
      assignConversations(client, admin, chatting, agents);

      AtomicLong agentFrames = new AtomicLong();
      List<AgentFeed> feeds = new ArrayList<>();
      for (Agent agent : agents) {
        AgentFeed feed = new AgentFeed(agent, text -> {
          agentFrames.incrementAndGet();
          if (!text.contains("\"message.created\"") || !text.contains("\"inbound\"")) {
            return;
          }
          JsonObject message = new JsonObject(text).getJsonObject("message");
          Long sent = sentAt.remove(message.getString("externalId"));
          if (sent == null) {
            return;
          }
          if (sent >= measureFrom.get()) {
            toAgent.add(System.nanoTime() - sent);
          }
          if (message.getString("text").endsWith("!")) {
            reply(client.baseUrl(), agent.token, message.getString("conversationId"), "re " + message.getString("externalId"), sent,
                repliedAt);
          }
        });
        feed.connect(sockets, port);
        feeds.add(feed);
        pinged.add(feed);
      }
      AgentFeed supervisor = new AgentFeed(createAgents(client, admin, 1, "supervisor").get(0), text -> { });
      supervisor.connect(sockets, port);
      pinged.add(supervisor);
      System.out.printf(Locale.ROOT, "opened %d widget sockets in %.1f s, %d agent sockets and a supervisor's%n", visitors.size(),
          visitorsOpenSeconds, agents.size());
      long idleHeap = heapAfterGc(hub, client);

      // Load: visitor messages at the rate; every tenth (ending in "!") is answered by the agent who got it.
      AtomicInteger sent = new AtomicInteger();
      long periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.rate();
      long start = System.nanoTime();
      long measureStart = start + settings.warmup().toNanos();
      long end = measureStart + settings.duration().toNanos();
      measureFrom.set(measureStart);
      long framesBefore = agentFrames.get();
      for (long next = start; next < end; next += periodNanos) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        Visitor visitor = chatting.get(ThreadLocalRandom.current().nextInt(chatting.size()));
        String clientId = UUID.randomUUID().toString();
        sentAt.put(visitor.id + ":" + clientId, System.nanoTime());
        String text = "hello " + clientId + (sent.incrementAndGet() % 10 == 0 ? "!" : "");
        visitor.socket.writeTextMessage(new JsonObject().put("type", "message").put("clientId", clientId).put("text", text).encode());
      }
      double framesPerMessage = (agentFrames.get() - framesBefore) / (double) sent.get();
      Thread.sleep(2_000);
      long loadedHeap = heapAfterGc(hub, client);
      String cpu = metric(client, "process_cpu_usage");

      // Reconnect storm: every visitor and every agent drops; answers are sent meanwhile; all come back
      // at once, visitors with the last seq and agents with the last cursor they saw, and must get
      // exactly what happened while they were away.
      int[] before = visitors.stream().mapToInt(v -> v.seqs.size()).toArray();
      visitors.forEach(visitor -> visitor.socket.close());
      feeds.forEach(AgentFeed::drop);
      supervisor.drop();
      Thread.sleep(500);
      int answeredWhileAway = 0;
      for (Visitor visitor : visitors) {
        if (answeredWhileAway == 100) {
          break;
        }
        if (visitor.seqs.isEmpty()) {
          continue;
        }
        var customers = client.get("/api/v1/customers?identity=visitor:" + visitor.id, admin).items();
        var conversations = client.get("/api/v1/customers/" + customers.getJsonObject(0).getString("id") + "/conversations", admin).items();
        client.post("/api/v1/conversations/" + conversations.getJsonObject(0).getString("id") + "/messages",
            new JsonObject().put("text", AgentFeed.WHILE_AWAY + answeredWhileAway), admin);
        answeredWhileAway++;
      }
      for (AgentFeed feed : feeds) {
        feed.connect(sockets, port);
      }
      supervisor.connect(sockets, port);
      long stormStart = System.nanoTime();
      for (int from = 0; from < visitors.size(); from += 500) {
        List<Future<WebSocket>> batch = new ArrayList<>();
        for (Visitor visitor : visitors.subList(from, Math.min(visitors.size(), from + 500))) {
          batch.add(connectVisitor(sockets, port, visitor, visitor.lastSeq, repliedAt, toVisitor, roundTrip, measureFrom));
        }
        Future.all(batch).await(120, TimeUnit.SECONDS);
      }
      double stormSeconds = (System.nanoTime() - stormStart) / 1e9;
      Thread.sleep(3_000);
      long gaps = visitors.stream().filter(v -> v.seqs.size() != v.lastSeq).count();
      long repeats = visitors.stream().mapToInt(v -> v.duplicates.get()).sum();
      long grew = 0;
      for (int i = 0; i < visitors.size(); i++) {
        grew += visitors.get(i).seqs.size() - before[i];
      }
      int agentsGot = feeds.stream().mapToInt(feed -> feed.whileAway.get()).sum();
      int agentRepeats = feeds.stream().mapToInt(feed -> feed.repeats.get()).sum() + supervisor.repeats.get();

      long[] agentNanos = toAgent.stream().mapToLong(Long::longValue).sorted().toArray();
      long[] visitorNanos = toVisitor.stream().mapToLong(Long::longValue).sorted().toArray();
      long[] roundTripNanos = roundTrip.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.println();
      System.out.println("measure                               | value");
      System.out.printf(Locale.ROOT, "visitor -> agent socket, p50 / p99   | %.1f / %.1f ms (%d messages)%n", IngestLoadDriver.millis(agentNanos, 50),
          IngestLoadDriver.millis(agentNanos, 99), agentNanos.length);
      System.out.printf(Locale.ROOT, "agent reply -> visitor, p50 / p99    | %.1f / %.1f ms (%d replies)%n", IngestLoadDriver.millis(visitorNanos, 50),
          IngestLoadDriver.millis(visitorNanos, 99), visitorNanos.length);
      System.out.printf(Locale.ROOT, "visitor -> agent -> visitor, p50/p99 | %.1f / %.1f ms (the agent answers over REST at once)%n",
          IngestLoadDriver.millis(roundTripNanos, 50), IngestLoadDriver.millis(roundTripNanos, 99));
      System.out.printf(Locale.ROOT, "agent frames per visitor message     | %.1f over %d agent sockets (the supervisor's: %d in all)%n",
          framesPerMessage, settings.agents(), supervisor.frames.get());
      System.out.printf(Locale.ROOT, "hub heap after GC, idle / after load | %d / %d MB (of 1024)%n", idleHeap >> 20, loadedHeap >> 20);
      System.out.printf(Locale.ROOT, "hub process CPU at the end           | %s%n", cpu);
      System.out.printf(Locale.ROOT, "reconnect storm, visitors             | %d sockets back in %.1f s; %d answers sent while away, %d "
          + "received after reconnecting; %d visitors with a gap in seq, %d messages seen twice%n", visitors.size(), stormSeconds,
          answeredWhileAway, grew, gaps, repeats);
      System.out.printf(Locale.ROOT, "reconnect storm, agents               | %d agent sockets and the supervisor's back with their cursor; of the "
          + "%d answers sent while away their agents got %d and the supervisor %d; %d events seen twice%n", feeds.size(), answeredWhileAway,
          agentsGot, supervisor.whileAway.get(), agentRepeats);
      hub.terminate(Duration.ofSeconds(30));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
      IngestLoadDriver.deleteRecursively(dataDir);
    }
  }

  private static Future<WebSocket> connectVisitor(WebSocketClient sockets, int port, Visitor visitor, int since,
      Map<String, long[]> repliedAt, List<Long> toVisitor, List<Long> roundTrip, AtomicLong measureFrom) {
    // The handler is set before connecting: the replay starts at once and must not be missed.
    ClientWebSocket socket = sockets.webSocket();
    socket.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      if (!"message".equals(frame.getString("type"))) {
        return;
      }
      int seq = frame.getInteger("seq");
      if (visitor.seqs.putIfAbsent(seq, frame.getString("messageId")) != null) {
        visitor.duplicates.incrementAndGet();
      }
      visitor.lastSeq = Math.max(visitor.lastSeq, seq);
      long[] asked = "outbound".equals(frame.getString("direction")) ? repliedAt.remove(frame.getString("text")) : null;
      if (asked != null && asked[0] >= measureFrom.get()) {
        long now = System.nanoTime();
        toVisitor.add(now - asked[1]);
        roundTrip.add(now - asked[0]);
      }
    });
    return socket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/ws/widget?token=" + visitor.token + "&since=" + since)).onSuccess(connected -> visitor.socket = connected);
  }

  /** An agent account of the bench, logged in. */
  private record Agent(String id, String token) {
  }

  /** Agents with the given role, created and logged in. */
  private static List<Agent> createAgents(HubClient client, String admin, int count, String role) throws Exception {
    return BenchAgents.create(client, admin, count, role, new JsonObject()).stream().map(login -> new Agent(login.id(), login.token()))
        .toList();
  }

  private static List<Agent> createAgents(HubClient client, String admin, int count) throws Exception {
    return createAgents(client, admin, count, "agent");
  }

  /**
   * Each chatting visitor says hello (which creates the conversation, seen by every agent: it is
   * unassigned), then the conversation is assigned to the next agent in turn.
   */
  private static void assignConversations(HubClient client, String admin, List<Visitor> chatting, List<Agent> agents) throws Exception {
    for (Visitor visitor : chatting) {
      visitor.socket.writeTextMessage(new JsonObject().put("type", "message").put("clientId", UUID.randomUUID().toString())
          .put("text", "hello").encode());
    }
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
      for (int i = 0; i < chatting.size(); i++) {
        Visitor visitor = chatting.get(i);
        Agent agent = agents.get(i % agents.size());
        pending.add(pool.submit(() -> {
          String conversationId = null;
          for (int attempt = 0; conversationId == null && attempt < 100; attempt++) {
            var customers = client.get("/api/v1/customers?identity=visitor:" + visitor.id, admin).items();
            var conversations = customers.isEmpty() ? null
                : client.get("/api/v1/customers/" + customers.getJsonObject(0).getString("id") + "/conversations", admin).items();
            if (conversations != null && !conversations.isEmpty()) {
              conversationId = conversations.getJsonObject(0).getString("id");
            } else {
              Thread.sleep(100);
            }
          }
          if (conversationId == null) {
            throw new IllegalStateException("no conversation for " + visitor.id);
          }
          HttpResult assigned = client.post("/api/v1/conversations/" + conversationId + "/assign",
              new JsonObject().put("agentId", agent.id()), admin);
          if (assigned.status() != 200) {
            throw new IllegalStateException("could not assign: " + assigned);
          }
          return null;
        }));
      }
      for (var done : pending) {
        done.get();
      }
    }
  }

  /** One agent's socket and what it saw: every cursor (a repeat is a bug), and the answers sent while it was away. */
  private static final class AgentFeed {
    static final String WHILE_AWAY = "while you were away ";
    final Agent agent;
    final java.util.function.Consumer<String> measure;
    final Set<String> cursors = ConcurrentHashMap.newKeySet();
    final AtomicInteger repeats = new AtomicInteger();
    final AtomicInteger whileAway = new AtomicInteger();
    final AtomicLong frames = new AtomicLong();
    volatile String lastCursor;
    volatile WebSocket socket;

    AgentFeed(Agent agent, java.util.function.Consumer<String> measure) {
      this.agent = agent;
      this.measure = measure;
    }

    void received(String text) {
      frames.incrementAndGet();
      measure.accept(text);
      int at = text.indexOf("\"cursor\":\"");
      if (at >= 0) {
        String cursor = text.substring(at + 10, text.indexOf('"', at + 10));
        if (!cursors.add(cursor)) {
          repeats.incrementAndGet();
        }
        lastCursor = cursor;
      }
      if (text.contains(WHILE_AWAY) && text.contains("\"type\":\"message.created\"")) {
        whileAway.incrementAndGet();
      }
    }

    /** Connects, after the last cursor seen if any; handlers are set before connecting, so no frame can come first. */
    void connect(WebSocketClient sockets, int port) throws Exception {
      ClientWebSocket connecting = sockets.webSocket();
      connecting.textMessageHandler(this::received);
      String since = lastCursor == null ? "" : "&since=" + lastCursor;
      socket = connecting.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/ws/agent?token=" + agent.token() + since)).await(60, TimeUnit.SECONDS);
    }

    void drop() {
      socket.close();
    }
  }

  /** The agent who received the message answers it over REST, as the console would. */
  private static void reply(String baseUrl, String token, String conversationId, String text,
      long askedAt, Map<String, long[]> repliedAt) {
    Thread.ofVirtual().start(() -> {
      try {
        repliedAt.put(text, new long[] {askedAt, System.nanoTime()});
        new HubClient(baseUrl).post("/api/v1/conversations/" + conversationId + "/messages", new JsonObject().put("text", text), token);
      } catch (RuntimeException ignored) {
        // counted as a missing reply
      }
    });
  }

  /** The hub's heap in use right after a full GC (jcmd GC.run, then its Prometheus meter). */
  private static long heapAfterGc(HubProcess hub, HubClient client) throws Exception {
    Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(hub.pid()), "GC.run")
        .redirectErrorStream(true).start();
    gc.getInputStream().readAllBytes();
    gc.waitFor(60, TimeUnit.SECONDS);
    Thread.sleep(500);
    String metrics = client.get("/metrics", null).body();
    return Arrays.stream(metrics.split("\n")).filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static String metric(HubClient client, String name) {
    return Arrays.stream(client.get("/metrics", null).body().split("\n")).filter(line -> line.startsWith(name + " ")).findFirst()
        .map(line -> String.format(Locale.ROOT, "%.2f of the machine", Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))))
        .orElse("n/a");
  }
}
