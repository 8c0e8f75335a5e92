package dev.omnihub.bench;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code ./omnihub bench --cluster}: what running several nodes on one shared store costs. It runs one
 * node, then N, each time on a fresh {@code omnihub store} in its own process and with every node in its
 * own JVM (HubCluster), all on this machine's cores. Closed-loop writers post api webhooks round-robin
 * over the nodes; N admin agent sockets (one per node of the cluster, all on the one node of the first run,
 * so both runs serve the same site) must each get every acknowledged message exactly once.
 * It reports throughput, delivery latency to the same node's socket and to the others', and each
 * process's CPU per message, so that N nodes on the same cores can be read against one (the aim: at
 * least 0.7 of its throughput) and a machine per node can be estimated.
 */
final class ClusterBench {

  private static final String USAGE = """
      usage: ./omnihub bench --cluster [--nodes 3] [--clients 12] [--duration 30] [--warmup 30] [--warmup-max 600] [--pairs 1]
        --nodes       the cluster's size for the second run (the first has one node)
        --pairs       how many times to run one node, then the cluster; with more than one it prints each pair's ratio
                      and their median (runs of the same code on this machine vary by up to a third, mostly the store)
        --clients     closed-loop writers posting api webhooks; writer i posts to node i % nodes
        --duration    measured seconds per run
        --warmup      unmeasured seconds of load before the window at least; then the load goes on until the JIT
                      compilers of the nodes and the store settle (under 0.03 of a core per process over 10 s),
                      at most --warmup-max seconds in all: three JVMs sharing two cores take minutes to compile
      Each run starts a fresh store and its nodes as processes of their own on this machine, with an admin's agent
      socket per node of the larger cluster (all on the one node of the first run, so both serve as many agents).
      It prints acknowledged messages/s, the time from a send's start to its arrival on a socket of the node it
      was sent to and on the other nodes' sockets, and each process's CPU per message
      (/proc/<pid>/stat over the window). Exits with 1 when an acknowledged message did not reach every socket
      exactly once (after a drain wait of 10 s).
      """;
  /** The aim: N nodes on the same cores keep this share of one node's throughput. */
  private static final double AIM = 0.7;

  private ClusterBench() {
  }

  record Settings(int nodes, int clients, Duration duration, Duration warmup, Duration maxWarmup, int pairs) {
    static Settings parse(String[] args) {
      int nodes = 3;
      int clients = 12;
      Duration duration = Duration.ofSeconds(30);
      Duration warmup = Duration.ofSeconds(30);
      Duration maxWarmup = Duration.ofSeconds(600);
      int pairs = 1;
      for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--nodes" -> nodes = BenchArgs.number("--nodes", value, 2);
          case "--clients" -> clients = BenchArgs.number("--clients", value, 1);
          case "--duration" -> duration = Duration.ofSeconds(BenchArgs.number("--duration", value, 1));
          case "--warmup" -> warmup = Duration.ofSeconds(BenchArgs.number("--warmup", value, 0));
          case "--warmup-max" -> maxWarmup = Duration.ofSeconds(BenchArgs.number("--warmup-max", value, 0));
          case "--pairs" -> pairs = BenchArgs.number("--pairs", value, 1);
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      if (clients < nodes) {
        throw new IllegalArgumentException("--clients must be at least --nodes, so that every node is written to");
      }
      return new Settings(nodes, clients, duration, warmup, maxWarmup.compareTo(warmup) < 0 ? warmup : maxWarmup, pairs);
    }
  }

  static void main(String[] args) throws Exception {
    java.util.Optional<Settings> parsed = BenchArgs.settings(args, "bench --cluster", USAGE, Settings::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Settings settings = parsed.get();
    System.out.println(IngestLoadDriver.machineLine());
    System.out.printf(Locale.ROOT, "settings: %d x (1 node, then %d nodes); %d closed-loop writers (JDK HttpClient, writer i to node i %% nodes), "
        + "warm-up %d s, then until the JIT settles (at most %d s), + measured %d s per run; each run: a fresh store process, node "
        + "processes with -Xmx512m, %d admin agent sockets (one per node of the larger cluster; all on the one node of the first run)%n", settings.pairs(), settings.nodes(), settings.clients(), settings.warmup().toSeconds(),
        settings.maxWarmup().toSeconds(), settings.duration().toSeconds(), settings.nodes());
    Vertx vertx = Vertx.vertx();
    List<ClusterResult> results = new java.util.ArrayList<>();
    try {
      for (int pair = 0; pair < settings.pairs(); pair++) {
        for (int nodes : new int[] {1, settings.nodes()}) {
          ClusterResult result = ClusterRun.run(settings, nodes, vertx);
          print(result);
          results.add(result);
        }
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    summarize(results);
    if (results.stream().anyMatch(result -> !result.exactlyOnce())) {
      System.out.println("FAILED: an acknowledged message did not reach every socket exactly once");
      System.exit(1);
    }
  }

  private static void print(ClusterResult r) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%d node%s: %.1f acknowledged messages/s (%d in %.0f s); %d failed sends in the run%n", r.nodes(),
        r.nodes() == 1 ? "" : "s", r.perSecond(), r.windowAcknowledged(), r.seconds(), r.errors());
    r.failures().entrySet().stream().limit(5).forEach(failure -> System.out.printf(Locale.ROOT, "      %6d x %s%n", failure.getValue(),
        failure.getKey()));
    System.out.printf(Locale.ROOT, "  warm-up                      %.0f s of load; JIT compilers then at %.2f cores (%s)%n", r.warmup().seconds(),
        r.warmup().jitCores(), r.warmup().settled() ? "settled" : "NOT settled: --warmup-max reached, the window includes compiling");
    System.out.printf(Locale.ROOT, "  send -> socket, same node    %s%n", latency(r.sameNodeNanos()));
    System.out.printf(Locale.ROOT, "  send -> socket, other nodes  %s%n", r.nodes() == 1 ? "n/a (one node)" : latency(r.otherNodeNanos()));
    CpuSplit cpu = r.cpu();
    String nodesCpu = IntStream.range(0, r.nodes()).mapToObj(i -> String.format(Locale.ROOT, "node-%d %.3f", i, r.perMessage(cpu.nodes()[i])))
        .collect(Collectors.joining(", "));
    System.out.printf(Locale.ROOT, "  cpu ms per message           %s, store %.3f; total %.3f (the bench's own %.3f more)%n", nodesCpu,
        r.perMessage(cpu.store()), r.perMessage(cpu.served()), r.perMessage(cpu.driver()));
    System.out.printf(Locale.ROOT, "  cores busy in the window     nodes %.2f, store %.2f (their JIT compilers %.2f of it), bench %.2f, other "
        + "processes %.2f; machine %.2f of %d%n", r.cores(Arrays.stream(cpu.nodes()).sum()), r.cores(cpu.store()), r.cores(cpu.jit()),
        r.cores(cpu.driver()), r.cores(cpu.others()), r.cores(cpu.machine()), Runtime.getRuntime().availableProcessors());
    CpuSplit idle = r.idle();
    System.out.printf(Locale.ROOT, "  cores busy idle, warm (%.0f s) nodes %s, store %.2f, other processes %.2f%n", r.idleSeconds(),
        Arrays.stream(idle.nodes()).mapToObj(ms -> String.format(Locale.ROOT, "%.2f", ms / 1e3 / r.idleSeconds()))
            .collect(Collectors.joining(" ")), idle.store() / 1e3 / r.idleSeconds(), idle.others() / 1e3 / r.idleSeconds());
    System.out.printf(Locale.ROOT, "  exactly once, whole run      %d acknowledged; per socket: missing %s, duplicates %s, arrived unacknowledged %s;"
        + " %.2f frames per message%n", r.acknowledged(), Arrays.toString(r.missing()), Arrays.toString(r.duplicates()),
        Arrays.toString(r.unacknowledged()), r.framesPerMessage());
    if (r.nodes() > 1) {
      System.out.printf(Locale.ROOT, "  other nodes' entries merged  %d from their bus news, %d read from the store (whole run)%n", r.mergedFromBus(),
          r.mergedFromStore());
      System.out.printf(Locale.ROOT, "  bus news published           %d after writing, %d answers: %.1f entries per news (whole run)%n", r.news(),
          r.answers(), r.mergedFromBus() / (double) Math.max(1, (r.news() + r.answers()) * (r.nodes() - 1)));
    }
    r.complaints().forEach(line -> System.out.println("  " + line));
  }

  private static String latency(long[] sortedNanos) {
    return String.format(Locale.ROOT, "p50 %7.2f  p99 %7.2f  max %7.2f ms  (%d arrivals)", IngestLoadDriver.millis(sortedNanos, 50),
        IngestLoadDriver.millis(sortedNanos, 99), IngestLoadDriver.millis(sortedNanos, 100), sortedNanos.length);
  }

  private static String triple(long[] sortedNanos) {
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", IngestLoadDriver.millis(sortedNanos, 50), IngestLoadDriver.millis(sortedNanos, 99),
        IngestLoadDriver.millis(sortedNanos, 100));
  }

  private static void summarize(List<ClusterResult> results) {
    System.out.println();
    System.out.println("nodes |  acked/s | same node p50/p99/max ms | other nodes p50/p99/max ms | cpu ms/msg: busiest node  store  total "
        + "| missing  dup");
    for (ClusterResult r : results) {
      System.out.printf(Locale.ROOT, "%5d | %8.1f | %23s | %26s | %24.3f %6.3f %6.3f | %7d %4d%n", r.nodes(), r.perSecond(),
          triple(r.sameNodeNanos()), r.nodes() == 1 ? "n/a" : triple(r.otherNodeNanos()), r.perMessage(r.cpu().busiestNode()),
          r.perMessage(r.cpu().store()), r.perMessage(r.cpu().served()), r.missingTotal(), r.duplicatesTotal());
    }
    // Each cluster run against the one-node run just before it: the machine drifts less within a pair.
    double[] ratios = IntStream.range(0, results.size() / 2)
        .mapToDouble(pair -> results.get(2 * pair + 1).perSecond() / results.get(2 * pair).perSecond()).sorted().toArray();
    double ratio = ratios.length % 2 == 1 ? ratios[ratios.length / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
    if (ratios.length > 1) {
      System.out.printf(Locale.ROOT, "pairs' ratios, sorted: %s%n", Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
          .collect(Collectors.joining(" ")));
    }
    System.out.printf(Locale.ROOT, "%d nodes / 1 node throughput on the same %d cores: %.2f%s (aim >= %.1f: %s)%n", results.get(1).nodes(),
        Runtime.getRuntime().availableProcessors(), ratio, ratios.length > 1 ? " (the pairs' median)" : "", AIM, ratio >= AIM ? "met" : "NOT met");
    results.forEach(ClusterBench::machinePerNode);
  }

  /**
   * With a machine of this one's cores per node (and one for the store), each process could spend that
   * many CPU milliseconds a second: the busiest node and the store, at the CPU per message measured here,
   * bound the cluster's throughput. An estimate: it assumes the per-message CPU stays as it was
   * (batching, the JIT and contention all change it with the rate) and the network costs nothing.
   */
  private static void machinePerNode(ClusterResult r) {
    int cores = Runtime.getRuntime().availableProcessors();
    double busiestNode = r.perMessage(r.cpu().busiestNode());
    double store = r.perMessage(r.cpu().store());
    double nodeCeiling = cores * 1000 / busiestNode;
    double storeCeiling = cores * 1000 / store;
    System.out.printf(Locale.ROOT, "a %d-core machine per process, %d node%s: each node carries up to %.0f msg/s (busiest %.3f ms/msg, "
            + "every node serves every message to its sockets), the shared store %.0f msg/s (%.3f ms/msg): ceiling %.0f msg/s, "
            + "%.1fx the %.0f measured here%n", cores, r.nodes(), r.nodes() == 1 ? "" : "s", nodeCeiling, busiestNode,
        storeCeiling, store, Math.min(nodeCeiling, storeCeiling),
        Math.min(nodeCeiling, storeCeiling) / r.perSecond(), r.perSecond());
  }
}
