package dev.omnihub.bench;

import dev.omnihub.hub.testing.BrowserTests;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code ./omnihub bench --console}: the agent console's page-load figures (issue 25). A hub in this
 * process (embedded store) gets {@code --conversations} open conversations assigned to one agent — a
 * customer each, with a name, four in five through the signed api-channel webhook and one in five by
 * SMS — and one conversation of {@code --thread} messages, the customer's and the agent's replies
 * alternating. Debian's Chromium (playwright-core, {@code hub/src/bench/browser/console-bench.mjs})
 * then loads the console {@code --loads} times, each in a fresh context, and measures inside the page
 * with the Performance API: the sign-in form, sign-in to the list's first rows, the long thread opened
 * and an earlier page of it, a reload signed in. On the last page it records every long task while
 * customers write at {@code --rate} messages a second for {@code --seconds} (into listed conversations,
 * other ones and the open thread), and takes the README's screenshot. It also adds up the console's own
 * JavaScript and prints everything against the aims.
 */
final class ConsoleBench {

  private static final String USAGE = """
      usage: ./omnihub bench --console --board [--help | options]: the supervisor board, 200 agents, 50 queues, updates arriving
             ./omnihub bench --console [--conversations 10000] [--thread 2000] [--loads 5] [--rate 20] [--seconds 30]
                                       [--screenshot docs/console-inbox.png] [--kb-embeddings false]
        --conversations  open conversations assigned to the signed-in agent (besides the long thread)
        --thread         messages in the long thread (customer and agent alternating)
        --loads          measured page loads, each in a fresh browser context
        --rate           customers' messages a second while long tasks are recorded
        --seconds        how long they arrive
        --screenshot     where the 1400x900 screenshot of the inbox with the thread open goes; none for no screenshot
        --kb-embeddings  the hub's KB_EMBEDDINGS
      Needs Debian's Chromium (/usr/bin/chromium) and npm ci --prefix hub/src/test/browser (playwright-core).
      """;
  private static final String SCRIPT = "hub/src/bench/browser/console-bench.mjs";
  private static final String WEB = "console-ui/src/main/web";
  private static final String PASSWORD = "console-bench-password";
  private static final String AGENT_EMAIL = "alex.morgan@console-bench.example";
  private static final String THREAD_NAME = "Ana Lima";
  private static final long SEED = 25;
  /** The list's first page (desk.js PAGE): the rows whose names the bench waits for. */
  private static final int FIRST_PAGE = 50;
  private static final int CLIENTS = 8;
  /** The aims. */
  private static final double AIM_MILLIS = 1_000;
  private static final double AIM_LONG_TASK_MILLIS = 200;
  private static final int AIM_ROWS = 300;
  /** 150 KB read strictly: 150,000 bytes. */
  private static final long AIM_JS_BYTES = 150_000;
  private static final long LINE_TIMEOUT_SECONDS = 300;

  private ConsoleBench() {
  }

  record Settings(int conversations, int thread, int loads, int rate, int seconds, String screenshot, boolean kbEmbeddings) {
    static Settings parse(String[] args) {
      int conversations = 10_000;
      int thread = 2_000;
      int loads = 5;
      int rate = 20;
      int seconds = 30;
      String screenshot = "docs/console-inbox.png";
      boolean kbEmbeddings = false;
      for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--conversations" -> conversations = BenchArgs.number("--conversations", value, FIRST_PAGE);
          case "--thread" -> thread = BenchArgs.number("--thread", value, 2 * FIRST_PAGE + 2);
          case "--loads" -> loads = BenchArgs.number("--loads", value, 1);
          case "--rate" -> rate = BenchArgs.number("--rate", value, 1);
          case "--seconds" -> seconds = BenchArgs.number("--seconds", value, 1);
          case "--screenshot" -> screenshot = value.equals("none") ? null : value;
          case "--kb-embeddings" -> kbEmbeddings = Boolean.parseBoolean(value);
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      return new Settings(conversations, thread, loads, rate, seconds, screenshot, kbEmbeddings);
    }
  }

  /** What was loaded: the api channel, the thread's customer and newest message, and whom customers' messages go to. */
  record Loaded(JsonObject channel, String threadNewestId, String threadEmail, List<String> listedEmails,
      List<String> otherEmails) {
  }

  /** One page load's figures, in milliseconds, as the page measured them. */
  record PageLoad(JsonObject figures) {
    double get(String name) {
      Number value = figures.getNumber(name);
      return value == null ? Double.NaN : value.doubleValue();
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--board")) {
      BoardBench.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    java.util.Optional<Settings> parsed = BenchArgs.settings(args, "bench --console", USAGE, Settings::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Settings settings = parsed.get();
    Path root = root();
    requireBrowser(root);
    Path dataDir = Files.createTempDirectory("omnihub-console-");
    System.out.println(IngestLoadDriver.machineLine());
    System.out.println(loadAverage());
    List<PageLoad> loads = new ArrayList<>();
    JsonArray scripts;
    JsonObject live;
    long[] sentAt = new long[settings.rate() * settings.seconds()];
    String[] kinds = new String[sentAt.length];
    String liveCpu;
    ScriptSizes lit;
    ScriptSizes inboxScripts;
    try (TestHub hub = TestHub.start(dataDir, Map.of("KB_EMBEDDINGS", Boolean.toString(settings.kbEmbeddings())))) {
      Loaded loaded = load(hub, settings);
      RulesBench.settle("the store was quiet after the load", Duration.ofMinutes(3));
      JsonObject config = new JsonObject().put("url", hub.client().baseUrl() + "/console/").put("email", AGENT_EMAIL).put("password", PASSWORD)
          .put("loads", settings.loads()).put("threadName", THREAD_NAME).put("threadNewestId", loaded.threadNewestId())
          .put("rows", FIRST_PAGE).put("screenshot", settings.screenshot() == null ? null : root.resolve(settings.screenshot()).toString());
      Process browser = new ProcessBuilder("node", root.resolve(SCRIPT).toString(), config.encode(), BrowserTests.CHROMIUM.toString())
          .directory(root.toFile()).start();
      StringBuffer log = log(browser);
      BlockingQueue<String> lines = lines(browser);
      try {
        scripts = new JsonArray();
        for (String line = next(lines, log); !line.equals("AWAITING_EVENTS"); line = next(lines, log)) {
          if (line.startsWith("LOAD ")) {
            PageLoad load = new PageLoad(new JsonObject(line.substring(5)));
            loads.add(load);
            System.out.printf(Locale.ROOT, "page:    load %d: form %.0f ms, sign-in -> rows %.0f ms (named %.0f ms), thread %.0f ms, earlier page %.0f ms, "
                    + "reload -> rows %.0f ms / thread %.0f ms, longest task %.0f ms%n", loads.size(), load.get("form"), load.get("rows"),
                load.get("named"), load.get("thread"), load.get("earlier"), load.get("reloadRows"), load.get("reloadThread"),
                Math.max(load.get("longestTask"), load.get("reloadLongestTask")));
          } else if (line.startsWith("SCRIPTS ")) {
            scripts = new JsonArray(line.substring(8));
          }
        }
        CpuWindow cpu = new CpuWindow();
        events(hub.client(), loaded, settings, sentAt, kinds);
        liveCpu = cpu.toString();
        browser.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
        browser.getOutputStream().flush();
        String line = next(lines, log);
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
      lit = sizes(hub.client(), scripts, "/_static/");
      inboxScripts = sizes(hub.client(), scripts, "/console/");
    } finally {
      IngestLoadDriver.deleteRecursively(dataDir);
    }
    print(settings, loads, live, sentAt, kinds, liveCpu, inboxScripts, sources(root.resolve(WEB)), lit);
    if (settings.screenshot() != null) {
      System.out.printf(Locale.ROOT, "screenshot: %s (%,d bytes)%n", settings.screenshot(), Files.size(root.resolve(settings.screenshot())));
    }
    System.out.println(loadAverage());
  }

  /** The repository's root: the working directory (./omnihub runs there) or its parent (a module's directory). */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    for (Path candidate : new Path[] {here, here.getParent()}) {
      if (candidate != null && Files.isDirectory(candidate.resolve(WEB))) {
        return candidate;
      }
    }
    throw new IllegalStateException("run it from the repository (./omnihub bench --console): no " + WEB + " under " + here);
  }

  static void requireBrowser(Path root) {
    if (!Files.isExecutable(BrowserTests.CHROMIUM)) {
      throw new IllegalStateException(BrowserTests.CHROMIUM + " is missing: apt-get install -y chromium nodejs npm");
    }
    if (!Files.isDirectory(root.resolve("hub/src/test/browser/node_modules/playwright-core"))) {
      throw new IllegalStateException("playwright-core is missing: npm ci --prefix hub/src/test/browser (./omnihub bench --console does)");
    }
  }

  /**
   * The agent, the customers' first messages (8 clients), their names and the assignment to the agent,
   * then the long thread message by message, so that its order is the order written.
   */
  private static Loaded load(TestHub hub, Settings settings) throws Exception {
    HubClient client = hub.client();
    String admin = hub.adminToken();
    HttpResult created = client.post("/api/v1/agents", new JsonObject().put("name", "Alex Morgan").put("email", AGENT_EMAIL)
        .put("password", PASSWORD).put("roles", new JsonArray().add("agent")), admin);
    if (created.status() != 201) {
      throw new IllegalStateException("creating the agent failed: " + created);
    }
    String agentId = created.json().getString("id");
    String agentToken = client.login(AGENT_EMAIL, PASSWORD);
    JsonObject channel = client.createApiChannel(admin, "App", null);
    JsonObject sms = SmsWebhooks.createChannel(client, admin);
    long start = System.nanoTime();
    Map<String, String> emailOf = new ConcurrentHashMap<>();
    AtomicInteger smsCustomers = new AtomicInteger();
    parallel(settings.conversations(), i -> {
      String text = MessageTexts.message(SEED, i, false);
      if (i % 5 == 4) {
        SmsWebhooks.send(client, hub.hub().publicUrl(), sms, String.format(Locale.ROOT, "+4917%08d", i), "SMconsole" + i, text);
        smsCustomers.incrementAndGet();
      } else {
        String email = "customer" + i + "@console-bench.example";
        JsonObject from = new JsonObject().put("email", email).put("name", name(i));
        emailOf.put(ok(client.webhook(channel, HubClient.message("first-" + i, from, text)), "a first message").json().getString("conversationId"),
            email);
      }
    });
    System.out.printf(Locale.ROOT, "load:    %,d customers' first messages (%,d by SMS) in %.0f s%n", settings.conversations(), smsCustomers.get(),
        (System.nanoTime() - start) / 1e9);

    // Every open conversation to the agent; SMS customers get a name as an agent would give them.
    start = System.nanoTime();
    List<JsonObject> open = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = ok(client.get("/api/v1/conversations?status=open&limit=200" + (cursor == null ? "" : "&cursor=" + cursor), admin),
          "listing").json();
      page.getJsonArray("items").forEach(item -> open.add((JsonObject) item));
      cursor = page.getString("next");
    } while (cursor != null);
    parallel(open.size(), i -> {
      JsonObject conversation = open.get(i);
      ok(client.post("/api/v1/conversations/" + conversation.getString("id") + "/assign", new JsonObject().put("agentId", agentId), admin),
          "an assignment");
      if ("sms".equals(conversation.getString("lastChannelType"))) {
        ok(client.patch("/api/v1/customers/" + conversation.getString("customerId"), new JsonObject().put("name",
            name(settings.conversations() + i)), admin), "naming an SMS customer");
      }
    });
    System.out.printf(Locale.ROOT, "load:    %,d conversations assigned to the agent, SMS customers named, in %.0f s%n", open.size(),
        (System.nanoTime() - start) / 1e9);

    // The long thread: the customer writes, the agent answers, and so on; the agent's reply is the newest.
    start = System.nanoTime();
    String threadEmail = "ana.lima@console-bench.example";
    JsonObject ana = new JsonObject().put("email", threadEmail).put("name", THREAD_NAME);
    String threadId = ok(client.webhook(channel, HubClient.message("thread-0", ana, MessageTexts.message(SEED, 0, false))), "the thread")
        .json().getString("conversationId");
    ok(client.post("/api/v1/conversations/" + threadId + "/assign", new JsonObject().put("agentId", agentId), admin), "the thread's assignment");
    String newest = null;
    for (int k = 1; k < settings.thread(); k++) {
      if (k % 2 == 1) {
        newest = ok(client.post("/api/v1/conversations/" + threadId + "/messages", new JsonObject().put("text",
            MessageTexts.message(SEED, k, true)), agentToken), "a reply").json().getString("id");
      } else {
        newest = ok(client.webhook(channel, HubClient.message("thread-" + k, ana, MessageTexts.message(SEED, k, false))), "the thread")
            .json().getString("messageId");
      }
    }
    System.out.printf(Locale.ROOT, "load:    a thread of %,d messages in %.0f s%n", settings.thread(), (System.nanoTime() - start) / 1e9);
    List<String> ends = ok(client.get("/api/v1/conversations/" + threadId + "/messages?order=desc&limit=4", agentToken), "the thread's end")
        .json().getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("direction")).toList();
    if (ends.size() != 4 || ends.get(0).equals(ends.get(1)) || ends.get(1).equals(ends.get(2)) || ends.get(2).equals(ends.get(3))) {
      throw new IllegalStateException("the thread's newest messages (newest first) do not alternate: " + ends);
    }

    // The rows the agent sees first; customers' messages go to those and to the others.
    List<String> listedEmails = new ArrayList<>();
    JsonArray first = ok(client.get("/api/v1/conversations?status=open&assignee=me&limit=" + FIRST_PAGE, agentToken), "the first page").json()
        .getJsonArray("items");
    first.forEach(item -> {
      String email = emailOf.get(((JsonObject) item).getString("id"));
      if (email != null) {
        listedEmails.add(email);
      }
    });
    List<String> otherEmails = emailOf.values().stream().filter(email -> !listedEmails.contains(email)).toList();
    return new Loaded(channel, newest, threadEmail, listedEmails, otherEmails);
  }

  /** Customers' names, mixed so that neighbouring rows do not share a family name. */
  private static String name(int customer) {
    return MessageTexts.customerName(customer * 37);
  }

  @FunctionalInterface
  interface Task {
    void run(int i) throws Exception;
  }

  /** Runs tasks 0 to count - 1 on {@value #CLIENTS} threads; the first failure stops the load. */
  private static void parallel(int count, Task task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> workers = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(CLIENTS)) {
      for (int c = 0; c < CLIENTS; c++) {
        workers.add(threads.submit(() -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            task.run(i);
          }
          return null;
        }));
      }
      for (Future<Void> worker : workers) {
        worker.get();
      }
    }
  }

  static HttpResult ok(HttpResult result, String what) {
    if (result.status() >= 300) {
      throw new IllegalStateException(what + " failed: " + result);
    }
    return result;
  }

  /**
   * Customers write at the rate: one message in five into the open thread, two into conversations on
   * the list's first page, two into others (the console fetches those and puts them on top). Each text
   * starts with "(ref L<n>)", by which the page notes when it showed; {@code sentAt} is when it was sent.
   */
  private static void events(HubClient client, Loaded loaded, Settings settings, long[] sentAt, String[] kinds) throws Exception {
    int total = sentAt.length;
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.rate();
    AtomicInteger errors = new AtomicInteger();
    System.out.printf(Locale.ROOT, "events:  %d customers' messages a second for %d s (thread 1/5, listed rows 2/5, others 2/5)%n", settings.rate(),
        settings.seconds());
    long start = System.nanoTime();
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < total; i++) {
        long wait = start + i * periodNanos - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String kind = i % 5 == 0 ? "thread" : i % 5 <= 2 ? "listed" : "other";
        List<String> pool = kind.equals("listed") ? loaded.listedEmails() : loaded.otherEmails();
        String email = kind.equals("thread") ? loaded.threadEmail() : pool.get(random.nextInt(pool.size()));
        int seq = i;
        kinds[seq] = kind;
        senders.submit(() -> {
          String text = "(ref L" + seq + ") " + MessageTexts.message(SEED, 100_000 + seq, false);
          sentAt[seq] = System.currentTimeMillis();
          try {
            if (client.webhook(loaded.channel(), HubClient.message("live-" + seq, new JsonObject().put("email", email), text)).status() != 200) {
              errors.incrementAndGet();
            }
          } catch (RuntimeException e) {
            errors.incrementAndGet();
          }
        });
      }
    }
    System.out.printf(Locale.ROOT, "events:  %d sent in %.1f s, %d errors%n", total, (System.nanoTime() - start) / 1e9, errors.get());
  }

  /** The JavaScript files under a directory: how many, their bytes, and their bytes gzipped one by one (as served). */
  record ScriptSizes(int files, long bytes, long gzipped) {
  }

  private static ScriptSizes sources(Path web) throws IOException {
    List<byte[]> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(web)) {
      for (Path path : paths.filter(path -> path.toString().endsWith(".js")).sorted().toList()) {
        files.add(Files.readAllBytes(path));
      }
    }
    return sizes(files);
  }

  /** The scripts the page loaded whose address has {@code part}, fetched again to gzip them. */
  private static ScriptSizes sizes(HubClient client, JsonArray scripts, String part) {
    List<byte[]> files = new ArrayList<>();
    for (Object entry : scripts) {
      String url = ((JsonObject) entry).getString("url");
      int at = url.indexOf(part);
      if (at >= 0) {
        files.add(ok(client.get(url.substring(url.indexOf('/', url.indexOf("//") + 2)), null), url).body().getBytes(StandardCharsets.UTF_8));
      }
    }
    return sizes(files);
  }

  private static ScriptSizes sizes(List<byte[]> files) {
    long bytes = 0;
    long gzipped = 0;
    for (byte[] file : files) {
      bytes += file.length;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
        gzip.write(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      gzipped += out.size();
    }
    return new ScriptSizes(files.size(), bytes, gzipped);
  }

  private static void print(Settings settings, List<PageLoad> loads, JsonObject live, long[] sentAt, String[] kinds, String liveCpu,
      ScriptSizes agents, ScriptSizes own, ScriptSizes lit) {
    System.out.println();
    System.out.printf(Locale.ROOT, "| the agent console, %,d open conversations, a %,d-message thread, %d page loads | median | max | aim | |%n",
        settings.conversations(), settings.thread(), loads.size());
    System.out.println("|---|---:|---:|---|---|");
    row(loads, "form", "cold page load (empty cache) -> sign-in form painted", null);
    row(loads, "rows", "\"Sign in\" clicked -> first list row painted", AIM_MILLIS);
    row(loads, "named", "\"Sign in\" clicked -> the first 50 rows painted with customers' names", null);
    row(loads, "loginRequest", "  of which the sign-in request", null);
    row(loads, "listRequest", "  of which the list's first page (50 rows)", null);
    row(loads, "thread", "thread's row clicked -> its newest 50 messages painted", AIM_MILLIS);
    row(loads, "messagesRequest", "  of which the messages request", null);
    row(loads, "earlier", "scrolled to the top -> 50 earlier messages painted", null);
    row(loads, "reloadRows", "page load signed in (a reload: cookie, cache warm) -> first list row painted", AIM_MILLIS);
    row(loads, "reloadThread", "page load signed in -> the open thread's newest messages painted", AIM_MILLIS);
    double loadTasks = loads.stream().mapToDouble(load -> Math.max(load.get("longestTask"), load.get("reloadLongestTask"))).max().orElse(Double.NaN);
    System.out.printf(Locale.ROOT, "| longest task during the page loads | | %.0f ms | | |%n", loadTasks);

    double[] tasks = live.getJsonArray("longTasks").stream().mapToDouble(value -> ((Number) value).doubleValue()).sorted().toArray();
    double longest = tasks.length == 0 ? 0 : tasks[tasks.length - 1];
    long over50 = Arrays.stream(tasks).filter(task -> task > 50).count();
    long over200 = Arrays.stream(tasks).filter(task -> task > AIM_LONG_TASK_MILLIS).count();
    System.out.printf(Locale.ROOT, "| %d customers' messages/s for %d s: longest task | | %.0f ms | ≤ %.0f ms | %s |%n", settings.rate(),
        settings.seconds(), longest, AIM_LONG_TASK_MILLIS, longest <= AIM_LONG_TASK_MILLIS ? "PASS" : "MISS");
    System.out.printf(Locale.ROOT, "|   long tasks over 50 ms / over 200 ms (in %.0f s) | %d / %d | | | |%n", live.getDouble("seconds"), over50,
        over200);
    if (live.getBoolean("loafSupported", false)) {
      double[] frames = live.getJsonArray("frames").stream().mapToDouble(value -> ((Number) value).doubleValue()).sorted().toArray();
      System.out.printf(Locale.ROOT, "|   long animation frames (> 50 ms): count / longest | %d | %.0f ms | | |%n", frames.length,
          frames.length == 0 ? 0 : frames[frames.length - 1]);
    }
    int rows = live.getInteger("rows");
    System.out.printf(Locale.ROOT, "|   list rows in the DOM after the run | %d | | ≤ %d | %s |%n", rows, AIM_ROWS, rows <= AIM_ROWS ? "PASS" : "MISS");
    System.out.printf(Locale.ROOT, "|   conversations the list holds in memory (rows in order) | %d (%d) | | | |%n", live.getInteger("held"),
        live.getInteger("order"));
    System.out.printf(Locale.ROOT, "|   messages in the open thread's log after the run | %d | | | |%n", live.getInteger("articles"));
    latency(live.getJsonObject("thread"), sentAt, kinds, "thread", "customer message -> shown in the open thread");
    latency(live.getJsonObject("list"), sentAt, kinds, "listed", "customer message -> shown in its listed row");
    latency(live.getJsonObject("list"), sentAt, kinds, "other", "customer message, unlisted conversation -> row on top");
    JsonObject main = live.getJsonObject("mainThread");
    double seconds = live.getDouble("seconds");
    System.out.printf(Locale.ROOT, "|   the page's main thread busy (DevTools' TaskDuration; of it layout / style; idle page before) | %.0f %% (%.0f / %.0f %%; %.0f %%) | | | |%n",
        main.getDouble("TaskDuration") / seconds * 100, main.getDouble("LayoutDuration") / seconds * 100,
        main.getDouble("RecalcStyleDuration") / seconds * 100, live.getDouble("idleBusy") * 100);
    live.getJsonObject("renders").stream().sorted((a, b) -> Double.compare(((JsonObject) b.getValue()).getDouble("ms"),
        ((JsonObject) a.getValue()).getDouble("ms"))).forEach(entry -> {
          JsonObject tally = (JsonObject) entry.getValue();
          System.out.printf(Locale.ROOT, "|   renders of <%s>: count, mean / max | %d, %.1f / %.0f ms | | | |%n", entry.getKey(), tally.getInteger("count"),
              tally.getDouble("ms") / tally.getInteger("count"), tally.getDouble("max"));
        });
    if (live.getValue("heap") != null && live.getValue("heapBefore") != null) {
      System.out.printf(Locale.ROOT, "|   the page's JS heap before / after | %.1f / %.1f MB | | | |%n", live.getLong("heapBefore") / 1e6,
          live.getLong("heap") / 1e6);
    }
    System.out.printf(Locale.ROOT, "|   this process (hub and bench) / the machine during the events | %s | | | |%n", liveCpu);
    System.out.printf(Locale.ROOT, "| the console's own JavaScript an agent's inbox loads (%d modules) | %,d B (gzip %,d B) | | ≤ %,d B | %s |%n",
        agents.files(), agents.bytes(), agents.gzipped(), AIM_JS_BYTES, agents.bytes() <= AIM_JS_BYTES ? "PASS" : "MISS");
    System.out.printf(Locale.ROOT, "| all of the console's JavaScript, supervisor and admin pages included (%d files in %s; loaded when opened) "
        + "| %,d B (gzip %,d B) | | | |%n", own.files(), WEB, own.bytes(), own.gzipped());
    System.out.printf(Locale.ROOT, "| Lit as the page loads it (%d modules from /_static/, for information) | %,d B (gzip %,d B) | | | |%n",
        lit.files(), lit.bytes(), lit.gzipped());
  }

  private static void row(List<PageLoad> loads, String figure, String label, Double aim) {
    double[] values = loads.stream().mapToDouble(load -> load.get(figure)).filter(value -> !Double.isNaN(value)).sorted().toArray();
    if (values.length == 0) {
      System.out.printf(Locale.ROOT, "| %s | n/a | n/a | | |%n", label);
      return;
    }
    double median = values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    double max = values[values.length - 1];
    System.out.printf(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %s | %s |%n", label, median, max,
        aim == null ? "" : String.format(Locale.ROOT, "≤ %.0f ms", aim), aim == null ? "" : max <= aim ? "PASS" : "MISS");
  }

  /** From sending each event of a kind to the page showing it: p50, p99, max, and how many showed at all. */
  private static void latency(JsonObject seen, long[] sentAt, String[] kinds, String kind, String label) {
    List<Double> delays = new ArrayList<>();
    int sent = 0;
    for (int i = 0; i < sentAt.length; i++) {
      if (kind.equals(kinds[i])) {
        sent++;
        Number shown = seen.getNumber(Integer.toString(i));
        if (shown != null && sentAt[i] > 0) {
          delays.add(shown.doubleValue() - sentAt[i]);
        }
      }
    }
    double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      System.out.printf(Locale.ROOT, "|   %s | 0 of %d shown | | | |%n", label, sent);
      return;
    }
    System.out.printf(Locale.ROOT, "|   %s, p50 / p99 / max | %.0f / %.0f / %.0f ms | | | %d of %d shown |%n", label, sorted[sorted.length / 2],
        sorted[Math.max(0, (int) Math.ceil(sorted.length * 0.99) - 1)], sorted[sorted.length - 1], sorted.length, sent);
  }

  static String loadAverage() {
    try {
      return "loadavg: " + Files.readString(Path.of("/proc/loadavg")).strip() + " (1, 5, 15 min; runnable/threads; last pid)";
    } catch (IOException e) {
      return "loadavg: unknown";
    }
  }

  static String next(BlockingQueue<String> lines, StringBuffer log) throws InterruptedException {
    String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (line == null || line.equals("EXIT")) {
      Thread.sleep(200); // the rest of its standard error
      throw new IllegalStateException("the browser script " + (line == null ? "said nothing for " + LINE_TIMEOUT_SECONDS + " s" : "ended early")
          + "; its log:\n" + log);
    }
    return line;
  }

  static StringBuffer log(Process process) {
    StringBuffer log = new StringBuffer();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          log.append(line).append('\n');
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    return log;
  }

  static BlockingQueue<String> lines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(line.strip());
        }
      } catch (IOException ignored) {
        // the process ended
      }
      lines.add("EXIT");
    });
    return lines;
  }
}
