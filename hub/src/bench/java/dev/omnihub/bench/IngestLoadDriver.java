package dev.omnihub.bench;

import com.mongodb.client.MongoCollection;
import com.sun.management.OperatingSystemMXBean;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Serial;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.bson.Document;

/**
 * Measures the ingest path of one in-process hub with its embedded store, and the same store driven
 * directly, so that the HTTP figures can be read against what the store alone can do:
 * <ol>
 *   <li>http: signed {@code POST /webhooks/api/{channelId}} in closed loops, acknowledged once durable;
 *   <li>raw durable: one ~200-byte insert plus the group commit, as the hub waits before acknowledging;
 *   <li>raw driver only: the same insert with no durability wait.
 * </ol>
 * Each phase runs C closed-loop clients for a warm-up, then for the measured window; only operations
 * that complete inside the window count. Run it with {@code ./omnihub bench --help}.
 */
public final class IngestLoadDriver {

  private static final String USAGE = """
      usage: ./omnihub bench [--clients 1,8,32] [--duration SECONDS] [--warmup SECONDS] [--raw yes|no]
        --clients   concurrent closed-loop clients; a comma-separated list runs each level (default 32)
        --duration  measured seconds per phase (default 10)
        --warmup    unmeasured seconds before each phase's window (default 3)
        --raw       also run the two raw phases (default yes)
      Per level it runs four phases against one embedded store: http (signed api webhooks), sms http (signed Twilio-style
      form posts), raw durable, raw driver only; then the screen pop of 200 calls.
      ./omnihub bench --scale [--help | options] measures reads, space and ingest on a store loaded with 1M messages.
      ./omnihub bench --shop [--help | options] measures the store's size for a small shop's mix of 16,000 customers.
      ./omnihub bench --smtp [--help | options] measures inbound SMTP: 8 senders of 20 KB mails.
      ./omnihub bench --sockets [--help | options] measures widget and agent sockets on a hub in its own process.
      ./omnihub bench --event-loop [--help | options] measures /health while large call transcripts are parsed.
      ./omnihub bench --routing [--help | options] measures routing: 200 agents on sockets, 5,000 conversations at 200/s.
      ./omnihub bench --rules [--help | options] measures automation: 50 rules, 100,000 open conversations, 500 messages/s, 20,000 timers due at once.
      ./omnihub bench --console [--help | options] measures the agent console in Chromium: 10,000 open conversations, a 2,000-message thread.
      ./omnihub bench --console --board [--help | options] measures the supervisor board in Chromium: 200 agents, 50 queues, 50 updates/s.
      ./omnihub bench --search [--help | options] measures the inbox's search by customer on 100,000 customers and conversations.
      ./omnihub bench --cluster [--help | options] measures 1 node, then 3 on one shared store process: throughput, cross-node delivery, CPU.
      With no options at all it runs the default webhook levels, then the default SMTP run.
      """;
  private static final String BATCH_METRIC = "omnihub.store.commit.batch";
  private static final String INGEST_METRIC = "omnihub.ingest.duration";
  private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
  private static final String RAW_COLLECTION = "bench_raw";
  /** Senders per client: after the warm-up most messages come from known customers with an open conversation. */
  private static final int SENDERS_PER_CLIENT = 200;
  /** The rest are first contacts, which create a customer and a conversation. */
  private static final int NEW_SENDER_PERCENT = 5;
  private static final int MESSAGE_TEXT_CHARS = 200;
  /** With its _id, client, seq and at fields this makes a 200-byte BSON document. */
  private static final int RAW_TEXT_CHARS = 130;
  private static final long OPERATION_TIMEOUT_SECONDS = 60;
  private static final int FAILURES_SHOWN = 10;
  private static final String FILLER = "Hi, my order still has not arrived and the tracking page has shown the same status "
      + "for three days now. Could you check with the carrier and tell me when it will be delivered? Thanks a lot! ";

  private IngestLoadDriver() {
  }

  record Settings(List<Integer> clients, Duration duration, Duration warmup, boolean raw) {

    static Settings parse(String[] args) {
      List<Integer> clients = List.of(32);
      Duration duration = Duration.ofSeconds(10);
      Duration warmup = Duration.ofSeconds(3);
      boolean raw = true;
      for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--clients" -> clients = BenchArgs.numbers("--clients", value, 1);
          case "--duration" -> duration = Duration.ofSeconds(BenchArgs.number("--duration", value, 1));
          case "--warmup" -> warmup = Duration.ofSeconds(BenchArgs.number("--warmup", value, 0));
          case "--raw" -> raw = switch (value) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("--raw needs yes or no, not '" + value + "'");
          };
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      return new Settings(clients, duration, warmup, raw);
    }
  }

  /** One client's request; {@code seq} counts that client's calls. Throwing counts as an error. */
  @FunctionalInterface
  interface Operation {
    void run(long seq) throws Exception;
  }

  /** A non-200 answer; no stack trace, because only its message is reported. */
  static final class Rejected extends Exception {
    @Serial
    private static final long serialVersionUID = 1;

    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  /** What one closed-loop client saw inside the measured window. */
  private record Tally(long[] nanos, long errors) {
  }

  /**
   * Cumulative counters at one instant; a phase reports their difference across its window. The CPU
   * time is the whole process's, the driver's clients included, since they share the JVM. The JIT's
   * compilation time (summed over its threads, in wall time) is shown apart: on few cores the
   * compiler can still compete with the hub well after a short warm-up.
   */
  private record Counters(long commits, double committedWrites, long ingests, double ingestNanos, long cpuNanos, long jitMillis) {

    static Counters read(MeterRegistry registry) {
      // Looked up each time: the ingest timer is registered with the first message.
      DistributionSummary batches = registry.find(BATCH_METRIC).summary();
      Timer ingest = registry.find(INGEST_METRIC).timer();
      return new Counters(batches == null ? 0 : batches.count(), batches == null ? 0 : batches.totalAmount(),
          ingest == null ? 0 : ingest.count(), ingest == null ? 0 : ingest.totalTime(TimeUnit.NANOSECONDS), OS.getProcessCpuTime(),
          JIT.getTotalCompilationTime());
    }

    Counters minus(Counters earlier) {
      return new Counters(commits - earlier.commits, committedWrites - earlier.committedWrites, ingests - earlier.ingests,
          ingestNanos - earlier.ingestNanos, cpuNanos - earlier.cpuNanos, jitMillis - earlier.jitMillis);
    }
  }

  /**
   * One phase's measured window: latencies of the successful operations, sorted; errors; how the
   * hub's counters moved; the busy cores of the whole machine, which show when something besides this
   * process competed for the CPU. {@code failures} counts every distinct error, warm-up included.
   */
  record Phase(String name, long[] sortedNanos, long errors, double seconds, Counters window, double machineCores,
      Map<String, Long> failures) {

    double perSecond() {
      return sortedNanos.length / seconds;
    }

    double millis(double percentile) {
      return IngestLoadDriver.millis(sortedNanos, percentile);
    }

    double writesPerCommit() {
      return window.commits() == 0 ? Double.NaN : window.committedWrites() / window.commits();
    }

    /** Mean time the hub's ingest pipeline took per message, from parsed request until durable. */
    double ingestMillis() {
      return window.ingests() == 0 ? Double.NaN : window.ingestNanos() / window.ingests() / 1e6;
    }

    double cpuCores() {
      return window.cpuNanos() / 1e9 / seconds;
    }

    /** The process's CPU per completed operation, the load clients' share included (they run in it). */
    double cpuMicrosPerOperation() {
      return sortedNanos.length == 0 ? Double.NaN : window.cpuNanos() / 1e3 / sortedNanos.length;
    }

    /** Seconds the JIT spent compiling per second of the window; near 0 once the code is warm. */
    double jitBusy() {
      return window.jitMillis() / 1e3 / seconds;
    }
  }

  private record Level(int clients, Phase http, Phase durable, Phase driverOnly) {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--scale")) {
      ScaleBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("--shop")) {
      ShopBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("--smtp")) {
      SmtpBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("--event-loop")) {
      EventLoopBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("--rules")) {
      RulesBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("--reports")) {
      ReportsBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("--routing")) {
      RoutingBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("--console")) {
      ConsoleBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("--sockets")) {
      SocketBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("--cluster")) {
      ClusterBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("--search")) {
      SearchBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    java.util.Optional<Settings> parsed = BenchArgs.settings(args, "bench", USAGE, Settings::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Settings settings = parsed.get();
    Path dataDir = Files.createTempDirectory("omnihub-bench-");
    printFacts(settings, dataDir);
    List<Level> levels = new ArrayList<>();
    List<Phase[]> channelLevels = new ArrayList<>();
    String runBatches;
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      JsonObject channel = client.createApiChannel(hub.adminToken(), "Bench", null);
      MongoStore store = hub.hub().services().mongo();
      MongoCollection<Document> raw = store.collection(RAW_COLLECTION);
      MeterRegistry metrics = hub.hub().services().metrics();
      JsonObject sms = SmsWebhooks.createChannel(client, hub.adminToken());
      for (int clients : settings.clients()) {
        Phase http = measure("http", clients, settings, metrics, c -> webhooks(client, channel, clients, c));
        Phase smsHttp = measure("sms http", clients, settings, metrics,
            c -> SmsWebhooks.posts(client, hub.hub().publicUrl(), sms, clients, c, text("sms-" + clients + "-" + c, 140)));
        channelLevels.add(new Phase[] {http, smsHttp});
        if (!settings.raw()) {
          continue;
        }
        Phase durable = measure("raw durable", clients, settings, metrics,
            c -> seq -> store.write(() -> raw.insertOne(rawDocument(c, seq))).await(OPERATION_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        Phase driverOnly = measure("raw driver only", clients, settings, metrics, c -> seq -> raw.insertOne(rawDocument(c, seq)));
        // Nothing waited for a commit in that phase; commit its backlog now so that the next phase does not pay for it.
        store.awaitDurable().await(OPERATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        levels.add(new Level(clients, http, durable, driverOnly));
      }
      ScreenPopBench.run(hub);
      DistributionSummary batches = metrics.find(BATCH_METRIC).summary();
      runBatches = batches == null ? "not registered" : String.format(Locale.ROOT, "%.2f writes per group commit over %d commits (whole run)",
          batches.mean(), batches.count());
    } finally {
      deleteRecursively(dataDir);
    }
    printSummary(levels, runBatches);
    printChannels(settings.clients(), channelLevels);
    if (args.length == 0) {
      System.out.println();
      SmtpBench.main(new String[0]);
    }
  }

  /** A client posting signed webhooks: mostly from its own pool of senders, sometimes from a new one. */
  static Operation webhooks(HubClient client, JsonObject channel, int level, int clientIndex) {
    String channelId = channel.getString("id");
    String secret = channel.getString("secret");
    return seq -> {
      String externalId = "bench-" + level + "-" + clientIndex + "-" + seq;
      ThreadLocalRandom random = ThreadLocalRandom.current();
      String email = random.nextInt(100) < NEW_SENDER_PERCENT
          ? "new-" + externalId + "@bench.example"
          : "c" + clientIndex + "-s" + random.nextInt(SENDERS_PER_CLIENT) + "@bench.example";
      String body = HubClient.message(externalId, new JsonObject().put("email", email), text(externalId, MESSAGE_TEXT_CHARS)).encode();
      HttpResult result = client.signedWebhook(channelId, secret, body, Instant.now());
      if (result.status() != 200) {
        throw new Rejected("HTTP " + result.status() + " " + result.body());
      }
    };
  }

  private static Document rawDocument(int clientIndex, long seq) {
    return new Document("client", clientIndex).append("seq", seq).append("at", new Date())
        .append("text", text(clientIndex + "-" + seq, RAW_TEXT_CHARS));
  }

  private static String text(String prefix, int chars) {
    return (prefix + ": " + FILLER + FILLER).substring(0, chars);
  }

  /** Runs one phase: {@code clients} virtual threads in closed loops through the warm-up and the window. */
  static Phase measure(String name, int clients, Settings settings, MeterRegistry metrics,
      IntFunction<Operation> operations) throws Exception {
    long windowStart = System.nanoTime() + settings.warmup().toNanos();
    long windowEnd = windowStart + settings.duration().toNanos();
    Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    List<Future<Tally>> tallies = new ArrayList<>();
    Counters before;
    Counters after;
    double machineCores;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        Operation operation = operations.apply(c);
        tallies.add(threads.submit(() -> closedLoop(operation, windowStart, windowEnd, failures)));
      }
      // This thread is idle meanwhile, so it reads the counters at the window's edges.
      sleepUntil(windowStart);
      before = Counters.read(metrics);
      // On Linux the JDK averages the machine's load since the previous call: this one starts the window's.
      OS.getCpuLoad();
      sleepUntil(windowEnd);
      after = Counters.read(metrics);
      machineCores = OS.getCpuLoad() * OS.getAvailableProcessors();
    }
    long errors = 0;
    List<long[]> parts = new ArrayList<>();
    for (Future<Tally> future : tallies) {
      Tally tally = future.get();
      parts.add(tally.nanos());
      errors += tally.errors();
    }
    long[] nanos = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    Map<String, Long> failureCounts = new TreeMap<>();
    failures.forEach((message, count) -> failureCounts.put(message, count.sum()));
    Phase phase = new Phase(name, nanos, errors, settings.duration().toNanos() / 1e9,
        after.minus(before), machineCores, failureCounts);
    printPhase(clients, phase);
    return phase;
  }

  private static Tally closedLoop(Operation operation, long windowStart, long windowEnd, Map<String, LongAdder> failures) {
    long[] nanos = new long[4096];
    int count = 0;
    long errors = 0;
    long seq = 0;
    for (long start = System.nanoTime(); start < windowEnd; start = System.nanoTime()) {
      boolean ok = true;
      try {
        operation.run(seq++);
      } catch (Exception e) {
        ok = false;
        failures.computeIfAbsent(describe(e), message -> new LongAdder()).increment();
      }
      long end = System.nanoTime();
      if (end < windowStart || end >= windowEnd) {
        continue;
      }
      if (!ok) {
        errors++;
      } else {
        if (count == nanos.length) {
          nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = end - start;
      }
    }
    return new Tally(Arrays.copyOf(nanos, count), errors);
  }

  private static String describe(Exception e) {
    String message = e instanceof Rejected ? e.getMessage() : e.toString();
    return message.length() > 300 ? message.substring(0, 300) + "..." : message;
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
  static double millis(long[] sortedNanos, double percentile) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percentile / 100 * sortedNanos.length);
    return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(Duration.ofNanos(left));
    }
  }

  private static void printFacts(Settings settings, Path dataDir) throws IOException {
    System.out.println(machineLine());
    System.out.printf(Locale.ROOT, "store:   embedded, DATA_DIR %s (%s)%n", dataDir, Files.getFileStore(dataDir).type());
    System.out.printf(Locale.ROOT, "settings: clients %s, warm-up %d s + measured %d s per phase; http: JDK HttpClient HTTP/1.1, "
            + "%d senders per client, %d%% new senders, %d-char texts; raw: 200-byte documents into %s%n",
        settings.clients(), settings.warmup().toSeconds(), settings.duration().toSeconds(), SENDERS_PER_CLIENT, NEW_SENDER_PERCENT,
        MESSAGE_TEXT_CHARS, RAW_COLLECTION);
  }

  static String machineLine() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(Locale.ROOT, "machine: %d processors, Java %s (%s), max heap %d MB, %s %s", runtime.availableProcessors(),
        Runtime.version(), System.getProperty("java.vm.name"), runtime.maxMemory() >> 20, System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  private static void printPhase(int clients, Phase phase) {
    Counters window = phase.window();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "[%3d clients] %-15s %8.1f/s  p50 %6.2f  p90 %6.2f  p99 %7.2f  max %7.2f ms  errors %d  cpu %.2f cores (machine %.2f), %.0f µs/op"
            + "  jit busy %.2f s/s",
        clients, phase.name(), phase.perSecond(), phase.millis(50), phase.millis(90), phase.millis(99), phase.millis(100), phase.errors(),
        phase.cpuCores(), phase.machineCores(), phase.cpuMicrosPerOperation(), phase.jitBusy()));
    if (window.commits() > 0) {
      line.append(String.format(Locale.ROOT, "  commits %.0f/s x %.2f writes", window.commits() / phase.seconds(), phase.writesPerCommit()));
    }
    if (window.ingests() > 0) {
      line.append(String.format(Locale.ROOT, "  hub ingest mean %.2f ms", phase.ingestMillis()));
    }
    System.out.println(line);
    phase.failures().entrySet().stream().limit(FAILURES_SHOWN)
        .forEach(failure -> System.out.printf(Locale.ROOT, "      %6d x %s%n", failure.getValue(), failure.getKey()));
    if (phase.failures().size() > FAILURES_SHOWN) {
      System.out.printf(Locale.ROOT, "      ... and %d more distinct errors%n", phase.failures().size() - FAILURES_SHOWN);
    }
  }

  private static void printSummary(List<Level> levels, String runBatches) {
    System.out.println();
    System.out.println("clients | http msg/s  p50 ms  p99 ms  cpu µs | raw durable/s  p50 ms  p99 ms  cpu µs | driver only/s  p50 ms  p99 ms "
        + "| http/durable  http/driver | errors");
    for (Level level : levels) {
      Phase http = level.http();
      Phase durable = level.durable();
      Phase driver = level.driverOnly();
      System.out.printf(Locale.ROOT, "%7d | %10.1f %7.2f %7.2f %7.0f | %13.1f %7.2f %7.2f %7.0f | %13.1f %7.2f %7.2f | %12.2f %12.2f | %6d%n",
          level.clients(), http.perSecond(), http.millis(50), http.millis(99), http.cpuMicrosPerOperation(), durable.perSecond(),
          durable.millis(50), durable.millis(99), durable.cpuMicrosPerOperation(), driver.perSecond(), driver.millis(50), driver.millis(99), http.perSecond() / durable.perSecond(),
          http.perSecond() / driver.perSecond(), http.errors() + durable.errors() + driver.errors());
    }
    System.out.println(BATCH_METRIC + ": " + runBatches);
  }

  /** The api channel's and the sms channel's webhooks side by side, per level. */
  private static void printChannels(List<Integer> clients, List<Phase[]> levels) {
    System.out.println();
    System.out.println("clients | api webhooks/s  p50 ms  p99 ms | sms webhooks/s  p50 ms  p99 ms | errors");
    for (int i = 0; i < levels.size(); i++) {
      Phase api = levels.get(i)[0];
      Phase sms = levels.get(i)[1];
      System.out.printf(Locale.ROOT, "%7d | %14.1f %7.2f %7.2f | %14.1f %7.2f %7.2f | %6d%n", clients.get(i), api.perSecond(), api.millis(50),
          api.millis(99), sms.perSecond(), sms.millis(50), sms.millis(99), api.errors() + sms.errors());
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
