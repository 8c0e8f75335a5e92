package dev.omnihub.bench;

import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.hub.customer.CustomerMatch;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * {@code ./omnihub bench --search}: the inbox's search box ({@code GET /api/v1/conversations?q=}) on a
 * store of 100,000 customers with one conversation each, loaded straight into the store as
 * {@code --scale} does (names from 500 first and last name pairs, an email address and a US number
 * each). Each kind of query is timed on its own, one request at a time through the REST API after a
 * warm-up, then all kinds mixed: a customer's address or number (one match), a full name (about 200),
 * a first name (about 4,000), the text that names closest to half of the customers, text nobody has
 * (every profile read), and a last name among open conversations only.
 */
final class SearchBench {

  static final String USAGE = """
      usage: ./omnihub bench --search [options]
        --data-dir DIR       load DIR once and keep it; a later run on DIR skips loading (default: a temp dir, deleted)
        --customers N        customers, each with one conversation and one message (default 100000)
        --requests N         measured requests per kind of query (default 200)
        --warmup N           unmeasured requests of every kind before the first measured one (default 30)
        --seed N             seed of the data set and of the queries (default 1)
      Prints p50, p99 and max per kind of query and for all kinds mixed, with how many customers each names.
      """;
  private static final String LOADED = "search-bench.loaded";

  private record Options(Path dataDir, int customers, int requests, int warmup, long seed) {

    static Options parse(String[] args) {
      Map<String, String> pairs = BenchArgs.pairs(args);
      Path dataDir = null;
      int customers = 100_000;
      int requests = 200;
      int warmup = 30;
      long seed = 1;
      for (Map.Entry<String, String> option : pairs.entrySet()) {
        switch (option.getKey()) {
          case "--data-dir" -> dataDir = Path.of(option.getValue()).toAbsolutePath();
          case "--customers" -> customers = BenchArgs.number("--customers", option.getValue(), 1000);
          case "--requests" -> requests = BenchArgs.number("--requests", option.getValue(), 1);
          case "--warmup" -> warmup = BenchArgs.number("--warmup", option.getValue(), 0);
          case "--seed" -> seed = BenchArgs.number("--seed", option.getValue(), 0);
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      return new Options(dataDir, customers, requests, warmup, seed);
    }
  }

  /** One kind of query: its name, how many customers it names (about), and the next request's query string. */
  private record Kind(String name, String named, IntFunction<String> query) {
  }

  private SearchBench() {
  }

  static void main(String[] args) throws Exception {
    var parsed = BenchArgs.settings(args, "bench --search", USAGE, Options::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Options options = parsed.get();
    boolean temporary = options.dataDir() == null;
    Path dataDir = temporary ? Files.createTempDirectory("omnihub-search-") : Files.createDirectories(options.dataDir());
    System.out.println(IngestLoadDriver.machineLine());
    try (TestHub hub = TestHub.start(dataDir)) {
      if (!Files.exists(dataDir.resolve(LOADED))) {
        load(hub, options);
        Files.writeString(dataDir.resolve(LOADED), options.customers() + " customers, seed " + options.seed());
      } else {
        System.out.println("load:    reusing " + dataDir + ": " + Files.readString(dataDir.resolve(LOADED)));
      }
      List<Kind> kinds = kinds(options.customers(), new SplittableRandom(options.seed()));
      measure(hub.client(), hub.adminToken(), kinds, options);
    } finally {
      if (temporary) {
        IngestLoadDriver.deleteRecursively(dataDir);
      }
    }
    System.out.println(IngestLoadDriver.machineLine());
  }

  /** Customers, their identities, one conversation and one message each, written straight into the store. */
  private static void load(TestHub hub, Options options) throws Exception {
    ChannelRef channel = new ChannelRef(ChannelType.API, hub.client().createApiChannel(hub.adminToken(), "Search bench", null).getString("id"));
    List<LoadedDataset.Agent> agents = List.of(new LoadedDataset.Agent(Ids.newId(), "Agent"));
    List<String> queues = Stream.generate(Ids::newId).limit(3).toList();
    String n = Integer.toString(options.customers());
    ScaleOptions shape = ScaleOptions.parse(new String[] {"--messages", n, "--conversations", n, "--customers", n, "--seed",
        Long.toString(options.seed())});
    DatasetPlan plan = new DatasetPlan(shape, agents.size(), queues.size(), Instant.now());
    System.out.println("load:    " + plan.summary());
    new DatasetLoader(hub.hub().services().mongo(), 2).load(plan, new PlanDocuments(plan, channel, agents, queues));
  }

  private static List<Kind> kinds(int customers, SplittableRandom random) {
    List<Kind> kinds = new ArrayList<>();
    kinds.add(new Kind("a customer's email, in part", "1", i -> {
      String email = PlanDocuments.emailKey(random.nextInt(customers)).value();
      return "q=" + encode(email.substring(0, email.indexOf('@') + 1).toUpperCase(Locale.ROOT));
    }));
    kinds.add(new Kind("a customer's number, written another way", "1", i -> {
      String digits = PlanDocuments.phoneKey(random.nextInt(customers)).value().substring(2);
      return "q=" + encode("(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6));
    }));
    kinds.add(new Kind("a full name", "~" + customers / 500, i -> "q=" + encode(MessageTexts.customerName(random.nextInt(customers)))));
    kinds.add(new Kind("a first name", "~" + customers / 25,
        i -> "q=" + encode(MessageTexts.customerName(random.nextInt(customers)).split(" ")[0])));
    String half = closestToHalf(customers);
    kinds.add(new Kind("'" + half + "'", Integer.toString(named(half, customers)), i -> "q=" + encode(half)));
    kinds.add(new Kind("text nobody has", "0", i -> "q=" + encode("zq" + random.nextInt(1_000_000))));
    kinds.add(new Kind("a last name, open only", "~" + customers / 20 + " (20 % open)",
        i -> "status=open&q=" + encode(MessageTexts.customerName(random.nextInt(customers)).split(" ")[1])));
    return kinds;
  }

  /**
   * Of the names' pieces of one to three letters, the one that names closest to half of the customers
   * (counted on the first 500, whose names and addresses repeat, letters-wise, in every further 500).
   */
  private static String closestToHalf(int customers) {
    TreeSet<String> pieces = new TreeSet<>();
    for (int c = 0; c < Math.min(customers, 500); c++) {
      String name = MessageTexts.customerName(c).toLowerCase(Locale.ROOT);
      for (int length = 1; length <= 3; length++) {
        for (int from = 0; from + length <= name.length(); from++) {
          if (!name.substring(from, from + length).contains(" ")) {
            pieces.add(name.substring(from, from + length));
          }
        }
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String piece : pieces) {
      int distance = Math.abs(named(piece, Math.min(customers, 500)) - Math.min(customers, 500) / 2);
      if (distance < bestDistance) {
        best = piece;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** How many of the data set's customers the text names (as the hub decides it). */
  private static int named(String text, int customers) {
    CustomerMatch match = CustomerMatch.of(text, "q");
    int named = 0;
    for (int c = 0; c < customers; c++) {
      if (match.matches(MessageTexts.customerName(c), List.of(PlanDocuments.emailKey(c).key(), PlanDocuments.phoneKey(c).key()))) {
        named++;
      }
    }
    return named;
  }

  private static void measure(HubClient client, String token, List<Kind> kinds, Options options) {
    for (int i = 0; i < options.warmup(); i++) {
      for (Kind kind : kinds) {
        time(client, token, kind.query().apply(i));
      }
    }
    System.out.printf(Locale.ROOT, "%-44s %14s %9s %9s %9s %9s  %s%n", "search (one request at a time)", "customers", "p50 ms", "p99 ms",
        "max ms", "items", "cpu");
    Map<String, long[]> all = new LinkedHashMap<>();
    List<Long> mixed = new ArrayList<>();
    for (Kind kind : kinds) {
      CpuWindow cpu = new CpuWindow();
      long[] nanos = new long[options.requests()];
      long items = 0;
      for (int i = 0; i < nanos.length; i++) {
        String query = kind.query().apply(i);
        long started = System.nanoTime();
        HttpResult result = time(client, token, query);
        nanos[i] = System.nanoTime() - started;
        items += result.items().size();
        mixed.add(nanos[i]);
      }
      Arrays.sort(nanos);
      all.put(kind.name(), nanos);
      System.out.printf(Locale.ROOT, "%-44s %14s %9.1f %9.1f %9.1f %9.1f  %s%n", kind.name(), kind.named(), IngestLoadDriver.millis(nanos, 50),
          IngestLoadDriver.millis(nanos, 99), IngestLoadDriver.millis(nanos, 100), (double) items / nanos.length, cpu);
    }
    long[] every = mixed.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "%-44s %14s %9.1f %9.1f %9.1f%n", "all kinds together", "", IngestLoadDriver.millis(every, 50),
        IngestLoadDriver.millis(every, 99), IngestLoadDriver.millis(every, 100));
  }

  private static HttpResult time(HubClient client, String token, String query) {
    HttpResult result = client.get("/api/v1/conversations?" + query, token);
    if (result.status() != 200) {
      throw new IllegalStateException("GET ?" + query + " answered " + result);
    }
    return result;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
