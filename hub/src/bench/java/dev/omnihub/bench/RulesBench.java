package dev.omnihub.bench;

import com.mongodb.client.model.Filters;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.hub.HubServices;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bson.Document;

/**
 * {@code ./omnihub bench --rules}: automation under a service desk's load. A hub (in this process, the
 * embedded store) is loaded with a year of history holding {@code --open} open conversations, gets
 * {@code --rules} rules (keyword and pattern tags, VIP priorities, repeat-contact routing, rules on
 * updates, tickets and breaches), and then takes customers' messages to open conversations at
 * {@code --rate} a second. It prints the time the rules take per message (the hub's own timer, actions
 * included) and, for messages a rule acts on, the time from the webhook's answer to the rule's change.
 * Then {@code --timers} tickets fall due at one instant (their business hours open then) and it prints
 * how fast their breaches are recorded and how late.
 */
final class RulesBench {

  private static final String USAGE = """
      usage: ./omnihub bench --rules [--open 100000] [--rules 50] [--rate 500] [--seconds 60] [--warmup 15] [--timers 20000]
                                     [--timer-seconds 20] [--kb-embeddings false]
        --open           open conversations in the loaded history (about 5x as many conversations in all)
        --rules          automation rules (a mix; a few percent of messages set one off); 0 measures the hub without rules
        --rate           customers' messages a second, to random open conversations
        --seconds        measured seconds of messages
        --warmup         unmeasured seconds of messages first (JIT)
        --timers         tickets whose first responses fall due, spread evenly over --timer-seconds (20: 1,000 a second)
        --kb-embeddings  the hub's KB_EMBEDDINGS
      """;
  private static final int AGENTS = 20;
  private static final int KEYWORD_RULES = 20;
  private static final int PATTERN_RULES = 10;
  private static final int VIP_RULES = 5;
  private static final int REPEAT_RULES = 5;
  /** The share of messages that carry one rule's keyword. */
  private static final double KEYWORD_SHARE = 0.02;
  /** Tickets made first to learn how fast tickets are made. */
  private static final int CALIBRATION = 200;

  private RulesBench() {
  }

  record Settings(int open, int rules, int rate, int seconds, int warmup, int timers, int timerSeconds, boolean kbEmbeddings) {
    static Settings parse(String[] args) {
      int open = 100_000;
      int rules = 50;
      int rate = 500;
      int seconds = 60;
      int warmup = 15;
      int timers = 20_000;
      int timerSeconds = 20;
      boolean kbEmbeddings = false;
      for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--open" -> open = BenchArgs.number("--open", value, 1);
          case "--rules" -> {
            rules = BenchArgs.number("--rules", value, 0);
            if (rules > 0 && rules < KEYWORD_RULES + PATTERN_RULES + VIP_RULES + REPEAT_RULES) {
              throw new IllegalArgumentException("--rules is 0 (none: the hub's own cost) or at least "
                  + (KEYWORD_RULES + PATTERN_RULES + VIP_RULES + REPEAT_RULES));
            }
          }
          case "--rate" -> rate = BenchArgs.number("--rate", value, 1);
          case "--seconds" -> seconds = BenchArgs.number("--seconds", value, 1);
          case "--warmup" -> warmup = BenchArgs.number("--warmup", value, 0);
          case "--timers" -> timers = BenchArgs.number("--timers", value, 0);
          case "--timer-seconds" -> timerSeconds = BenchArgs.number("--timer-seconds", value, 1);
          case "--kb-embeddings" -> kbEmbeddings = Boolean.parseBoolean(value);
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      return new Settings(open, rules, rate, seconds, warmup, timers, timerSeconds, kbEmbeddings);
    }
  }

  public static void main(String[] args) throws Exception {
    java.util.Optional<Settings> parsed = BenchArgs.settings(args, "bench --rules", USAGE, Settings::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Settings settings = parsed.get();
    Path dataDir = Files.createTempDirectory("omnihub-rules-");
    System.out.println(IngestLoadDriver.machineLine());
    try (TestHub hub = TestHub.start(dataDir, Map.of("KB_EMBEDDINGS", Boolean.toString(settings.kbEmbeddings())))) {
      HubClient client = hub.client();
      String admin = hub.adminToken();
      JsonObject channel = client.createApiChannel(admin, "Rules bench", null);
      List<String> openEmails = load(hub, settings, channel);
      settle("the store was quiet after the load", Duration.ofMinutes(3));
      if (settings.rules() > 0) {
        createRules(client, admin, settings.rules());
      }
      Messages messages = messages(hub, client, channel, openEmails, settings);
      Breaches breaches = null;
      if (settings.timers() > 0) {
        settle("the rules and reactions caught up with the messages", Duration.ofMinutes(10));
        breaches = breaches(hub, client, admin, settings.timers(), settings.timerSeconds());
      }
      print(settings, openEmails.size(), messages, breaches);
    } finally {
      IngestLoadDriver.deleteRecursively(dataDir);
    }
    System.out.println(IngestLoadDriver.machineLine());
  }

  /** Writes the history straight into the store; returns the addresses of the customers with an open conversation. */
  private static List<String> load(TestHub hub, Settings settings, JsonObject channel) throws Exception {
    HubClient client = hub.client();
    List<LoadedDataset.Agent> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      HttpResult created = client.post("/api/v1/agents", new JsonObject().put("name", MessageTexts.agentName(i))
          .put("email", "agent" + i + "@rules-bench.example").put("password", "bench-password-" + i), hub.adminToken());
      agents.add(new LoadedDataset.Agent(created.json().getString("id"), created.json().getString("name")));
    }
    // A fifth of the conversations are open (the data set's mix), each the latest of its customer.
    int conversations = settings.open() * 5;
    int customers = settings.open() * 2;
    ScaleOptions options = new ScaleOptions(null, conversations * 2, conversations, customers, 3, 0, Duration.ZERO, 0, 1,
        Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, 7);
    long start = System.nanoTime();
    DatasetPlan plan = new DatasetPlan(options, agents.size(), 4, Instant.now());
    PlanDocuments documents = new PlanDocuments(plan, new ChannelRef(ChannelType.API, channel.getString("id")), agents,
        List.of(dev.omnihub.hub.store.Ids.newId(), dev.omnihub.hub.store.Ids.newId(), dev.omnihub.hub.store.Ids.newId(),
            dev.omnihub.hub.store.Ids.newId()));
    List<DatasetLoader.Stage> stages = new DatasetLoader(hub.hub().services().mongo(), 3).load(plan, documents);
    List<String> open = IntStream.range(0, plan.conversations).filter(c -> plan.status(c) == ConversationStatus.OPEN)
        .mapToObj(c -> PlanDocuments.emailKey(plan.customerOf(c)).value()).toList();
    System.out.printf(Locale.ROOT, "load:    %,d documents (%,d conversations, %,d open; %,d messages) in %.0f s%n",
        stages.stream().mapToLong(DatasetLoader.Stage::documents).sum(), plan.conversations, open.size(), plan.messages,
        (System.nanoTime() - start) / 1e9);
    return open;
  }

  /**
   * Waits until the hub has done what it was given (the store writes its pages in the background for
   * a while after a bulk load; reactions run after the messages were answered): until the process uses
   * under a third of a core for 2 s, or at most {@code longest}.
   */
  static void settle(String until, Duration longest) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + longest.toNanos();
    while (System.nanoTime() < deadline) {
      long cpu = cpuNanos();
      long wall = System.nanoTime();
      Thread.sleep(2_000);
      double cores = (cpuNanos() - cpu) / (double) (System.nanoTime() - wall);
      if (cores < 0.33) {
        break;
      }
    }
    System.out.printf(Locale.ROOT, "settle:  %.0f s until %s%n", (System.nanoTime() - start) / 1e9, until);
  }

  /**
   * The rules a desk would have: keyword tags, pattern notes, VIP priorities, repeat contacts to a
   * queue (these read the customer and their recent contacts), and the rest on events other than
   * messages (status changes, tickets, breaches), which messages do not set off.
   */
  private static void createRules(HubClient client, String admin, int count) {
    String seniors = client.post("/api/v1/queues", new JsonObject().put("name", "Seniors"), admin).json().getString("id");
    List<JsonObject> rules = new ArrayList<>();
    for (int i = 0; i < KEYWORD_RULES; i++) {
      rules.add(rule("message.created", condition("message.text", "contains", keyword(i)), action("addTags", "kw" + i)));
    }
    for (int i = 0; i < PATTERN_RULES; i++) {
      rules.add(rule("message.created", condition("message.text", "matches", "(order|parcel)\\s*#?" + i + "\\d{4}\\b"),
          new JsonObject().put("type", "note").put("text", "Order question for {{customer.firstName}}")));
    }
    for (int i = 0; i < VIP_RULES; i++) {
      rules.add(rule("message.created", condition("customer.tags", "contains", "vip" + i),
          new JsonObject().put("type", "setPriority").put("priority", "high")));
    }
    for (int i = 0; i < REPEAT_RULES; i++) {
      rules.add(rule("message.created", condition("customer.recentContacts", "gte", 50 + i),
          new JsonObject().put("type", "assign").put("queueId", seniors)));
    }
    String[] others = {"conversation.updated", "ticket.created", "ticket.updated", "sla.breached"};
    for (int i = 0; rules.size() < count; i++) {
      String event = others[i % others.length];
      JsonObject condition = event.startsWith("ticket") ? condition("ticket.priority", "gte", "high")
          : event.equals("sla.breached") ? condition("conversation.status", "eq", "open") : condition("conversation.status", "eq", "resolved");
      rules.add(rule(event, condition, action("addTags", event.replace('.', '-') + "-" + i)));
    }
    for (JsonObject rule : rules) {
      HttpResult created = client.post("/api/v1/rules", rule.put("name", "Rule " + rules.indexOf(rule)), admin);
      if (created.status() != 201) {
        throw new IllegalStateException("creating a rule failed: " + created);
      }
    }
    System.out.printf(Locale.ROOT, "rules:   %d (%d keyword tags, %d pattern notes, %d VIP priorities, %d repeat contacts, %d on other events)%n",
        rules.size(), KEYWORD_RULES, PATTERN_RULES, VIP_RULES, REPEAT_RULES, rules.size() - KEYWORD_RULES - PATTERN_RULES - VIP_RULES
            - REPEAT_RULES);
  }

  private static String keyword(int i) {
    return "zq" + i + "kw";
  }

  private static JsonObject rule(String event, JsonObject condition, JsonObject action) {
    return new JsonObject().put("on", new JsonArray().add(event)).put("conditions", new JsonObject().put("all", new JsonArray().add(condition)))
        .put("actions", new JsonArray().add(action));
  }

  private static JsonObject condition(String field, String op, Object value) {
    return new JsonObject().put("field", field).put("op", op).put("value", value);
  }

  private static JsonObject action(String type, String tag) {
    return new JsonObject().put("type", type).put("tags", new JsonArray().add(tag));
  }

  /** What the message phase saw. */
  record Messages(int posted, int errors, double seconds, long[] answered, long[] toAction, HistogramSnapshot before, HistogramSnapshot after,
      ValueAtPercentile[] percentiles, double cpuMillisPerMessage) {
  }

  /** Customers write to their open conversations at the rate; a few messages carry a rule's keyword. */
  private static Messages messages(TestHub hub, HubClient client, JsonObject channel, List<String> open, Settings settings) throws Exception {
    HubServices services = hub.hub().services();
    Map<String, Long> keywordAckedAt = new ConcurrentHashMap<>();
    List<Long> toAction = java.util.Collections.synchronizedList(new ArrayList<>());
    var listener = services.store().listen(EventAddresses.CONVERSATION_UPDATED, event -> {
      if (event instanceof ConversationUpdated updated && updated.changes().contains("tags")) {
        Long acked = keywordAckedAt.remove(updated.conversation().id());
        if (acked != null) {
          toAction.add(System.nanoTime() - acked);
        }
      }
    });
    List<Long> answered = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.rate();
    int warmup = settings.warmup() * settings.rate();
    int total = warmup + settings.seconds() * settings.rate();
    System.out.printf(Locale.ROOT, "load:    %d messages a second to %,d open conversations, %d s warm-up + %d s measured%n", settings.rate(),
        open.size(), settings.warmup(), settings.seconds());
    HistogramSnapshot before = null;
    long cpuBefore = 0;
    long start = System.nanoTime();
    long measuredFrom = 0;
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < total; i++) {
        long due = start + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        boolean measured = i >= warmup;
        if (i == warmup) {
          before = evaluation(services, "message.created").takeSnapshot();
          cpuBefore = cpuNanos();
          measuredFrom = System.nanoTime();
        }
        senders.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          String email = open.get(random.nextInt(open.size()));
          boolean keyword = random.nextDouble() < KEYWORD_SHARE;
          String text = MessageTexts.message(random.nextLong(), 0, false) + (keyword ? " " + keyword(random.nextInt(KEYWORD_RULES)) : "");
          HttpResult sent;
          try {
            sent = client.webhook(channel, HubClient.message(UUID.randomUUID().toString(), new JsonObject().put("email", email), text));
          } catch (RuntimeException e) {
            errors.incrementAndGet();
            return;
          }
          if (sent.status() >= 300) {
            errors.incrementAndGet();
            return;
          }
          long now = System.nanoTime();
          if (measured) {
            answered.add(now - due);
            if (keyword) {
              keywordAckedAt.put(sent.json().getString("conversationId"), now);
            }
          }
        });
      }
    }
    double seconds = (System.nanoTime() - measuredFrom) / 1e9;
    // The rules run once the messages are durable, after the answers: let them catch up.
    Thread.sleep(3_000);
    long cpu = cpuNanos() - cpuBefore;
    listener.unregister();
    Timer timer = evaluation(services, "message.created");
    HistogramSnapshot after = timer.takeSnapshot();
    int measuredMessages = total - warmup;
    return new Messages(total, errors.get(), seconds, sorted(answered), sorted(toAction), before, after, after.percentileValues(),
        cpu / 1e6 / measuredMessages);
  }

  /** The rules' timer for the event; with no rules, an empty one. */
  private static Timer evaluation(HubServices services, String event) {
    Timer timer = services.metrics().find("omnihub.rules.evaluation").tag("event", event).timer();
    return timer != null ? timer : Timer.builder("none").register(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** What the timer phase saw. */
  record Breaches(int tickets, int seconds, double creationSeconds, long[] lateness, int recorded, int twice) {
  }

  /**
   * Tickets in queues whose policies count business hours that open a few minutes from now, with
   * first-response targets of 1 to {@code seconds} s: every ticket made before the opening falls due
   * then plus its target, so as many fall due in each of those seconds. Then how late each breach is
   * recorded.
   */
  private static Breaches breaches(TestHub hub, HubClient client, String admin, int tickets, int seconds) throws Exception {
    var store = hub.hub().services().mongo();
    List<String> conversations = store.read(() -> store.collection(Collections.CONVERSATIONS).find(Filters.eq("status", "open"))
        .projection(new Document("_id", 1)).limit(tickets + CALIBRATION).map(document -> document.getString("_id")).into(new ArrayList<>()))
        .await(60, TimeUnit.SECONDS);
    if (conversations.size() < tickets + CALIBRATION) {
      throw new IllegalStateException("only " + conversations.size() + " open conversations for " + tickets + " tickets");
    }
    // How fast tickets are made here decides when their hours may open: after the last is made.
    String plain = client.post("/api/v1/queues", new JsonObject().put("name", "Calibration"), admin).json().getString("id");
    long calibrating = System.nanoTime();
    escalate(client, admin, conversations.subList(0, CALIBRATION), List.of(plain));
    double perSecond = CALIBRATION / ((System.nanoTime() - calibrating) / 1e9);
    Duration making = Duration.ofSeconds((long) (tickets / perSecond * 1.5) + 60);
    Instant opening = Instant.now().plus(making).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
    LocalTime opens = LocalTime.ofInstant(opening, ZoneOffset.UTC);
    if (opens.isBefore(LocalTime.ofInstant(Instant.now(), ZoneOffset.UTC))) {
      throw new IllegalStateException("run the timer phase away from midnight UTC: its calendar would open at " + opens);
    }
    JsonArray day = new JsonArray().add(new JsonArray().add(opens.toString()).add("24:00"));
    JsonObject week = new JsonObject();
    for (String weekday : List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun")) {
      week.put(weekday, day.copy());
    }
    String hours = client.post("/api/v1/business-hours", new JsonObject().put("name", "Opens at " + opens).put("timeZone", "UTC")
        .put("week", week), admin).json().getString("id");
    List<String> queues = new ArrayList<>();
    for (int second = 1; second <= seconds; second++) {
      String policy = client.post("/api/v1/sla-policies", new JsonObject().put("name", "Due " + second + " s after the opening")
          .put("businessHoursId", hours).put("targets", new JsonObject().put("normal", new JsonObject().put("firstResponse", "PT" + second + "S"))),
          admin).json().getString("id");
      queues.add(client.post("/api/v1/queues", new JsonObject().put("name", "Timer bench " + second).put("slaPolicyId", policy), admin).json()
          .getString("id"));
    }
    System.out.printf(Locale.ROOT, "timers:  %,d tickets (made at %.0f/s), %,d due in each second from %s to %s%n", tickets, perSecond,
        tickets / seconds, opening.plusSeconds(1), opening.plusSeconds(seconds));
    long start = System.nanoTime();
    int created = escalate(client, admin, conversations.subList(CALIBRATION, CALIBRATION + tickets), queues);
    double creationSeconds = (System.nanoTime() - start) / 1e9;
    Instant last = opening.plusSeconds(seconds);
    System.out.printf(Locale.ROOT, "timers:  %,d tickets created in %.0f s; waiting for %s to %s%n", created, creationSeconds,
        opening.plusSeconds(1), last);
    var clocks = store.collection(Collections.SLA_CLOCKS);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      long breached = store.read(() -> clocks.countDocuments(Filters.exists("breaches.0"))).await(60, TimeUnit.SECONDS);
      if (breached >= created && Instant.now().isAfter(last)) {
        break;
      }
      Thread.sleep(1_000);
    }
    List<Long> lateness = new ArrayList<>();
    AtomicInteger twice = new AtomicInteger();
    for (Document clock : store.read(() -> clocks.find(Filters.exists("breaches.0"))
        .projection(new Document("breaches", 1)).into(new ArrayList<>())).await(60, TimeUnit.SECONDS)) {
      List<Document> recorded = clock.getList("breaches", Document.class);
      if (recorded.size() > 1) {
        twice.incrementAndGet();
      }
      lateness.add(Duration.between(Docs.instant(recorded.get(0), "dueAt"), Docs.instant(recorded.get(0), "at")).toNanos());
    }
    return new Breaches(created, seconds, creationSeconds, sorted(lateness), lateness.size(), twice.get());
  }

  /** Escalates each conversation into one of the queues in turn, 16 at a time; returns how many tickets were made. */
  private static int escalate(HubClient client, String admin, List<String> conversations, List<String> queues) {
    AtomicInteger created = new AtomicInteger();
    try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < conversations.size(); i++) {
        String conversation = conversations.get(i);
        String queue = queues.get(i % queues.size());
        clients.submit(() -> {
          if (client.post("/api/v1/conversations/" + conversation + "/escalate", new JsonObject().put("queueId", queue), admin).status() == 201) {
            created.incrementAndGet();
          }
        });
      }
    }
    return created.get();
  }

  private static long[] sorted(List<Long> values) {
    synchronized (values) {
      return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  private static void print(Settings settings, int open, Messages messages, Breaches breaches) {
    HistogramSnapshot before = messages.before();
    HistogramSnapshot after = messages.after();
    long events = after.count() - before.count();
    double meanMillis = events == 0 ? Double.NaN : (after.total(TimeUnit.NANOSECONDS) - before.total(TimeUnit.NANOSECONDS)) / events / 1e6;
    System.out.println();
    System.out.printf(Locale.ROOT, "measure (%d rules, %,d open conversations, %d messages/s)  | value%n", settings.rules(), open, settings.rate());
    System.out.printf(Locale.ROOT, "rules' time per customer message, mean (measured window) | %.2f ms over %,d messages%n", meanMillis, events);
    for (ValueAtPercentile percentile : messages.percentiles()) {
      System.out.printf(Locale.ROOT, "rules' time per customer message, p%-4s (last 2 min)    | %.2f ms%n",
          trim(percentile.percentile() * 100), percentile.value(TimeUnit.MILLISECONDS));
    }
    System.out.printf(Locale.ROOT, "rules' time per customer message, max (last 2 min)       | %.2f ms%n", after.max(TimeUnit.MILLISECONDS));
    System.out.printf(Locale.ROOT, "webhook due -> answered, p50 / p99                       | %.1f / %.1f ms%n",
        IngestLoadDriver.millis(messages.answered(), 50), IngestLoadDriver.millis(messages.answered(), 99));
    System.out.printf(Locale.ROOT, "answered -> a keyword rule's tag published, p50 / p99    | %.1f / %.1f ms (%d messages)%n",
        IngestLoadDriver.millis(messages.toAction(), 50), IngestLoadDriver.millis(messages.toAction(), 99), messages.toAction().length);
    System.out.printf(Locale.ROOT, "messages posted / errors, measured seconds                | %,d / %d, %.1f s%n", messages.posted(), messages.errors(),
        messages.seconds());
    System.out.printf(Locale.ROOT, "process CPU per message (hub and this driver)             | %.2f ms%n", messages.cpuMillisPerMessage());
    if (breaches != null) {
      long[] late = breaches.lateness();
      long onTime = java.util.Arrays.stream(late).filter(nanos -> nanos <= TimeUnit.SECONDS.toNanos(5)).count();
      System.out.printf(Locale.ROOT, "tickets falling due / breaches recorded / twice          | %,d over %d s (%,d a second) / %,d / %d%n",
          breaches.tickets(), breaches.seconds(), breaches.tickets() / breaches.seconds(), breaches.recorded(), breaches.twice());
      System.out.printf(Locale.ROOT, "due -> breach recorded, p50 / p99 / max                  | %.2f / %.2f / %.2f s (%.1f%% within 5 s)%n",
          IngestLoadDriver.millis(late, 50) / 1000, IngestLoadDriver.millis(late, 99) / 1000, IngestLoadDriver.millis(late, 100) / 1000,
          late.length == 0 ? 0 : 100.0 * onTime / late.length);
    }
    System.out.println();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
