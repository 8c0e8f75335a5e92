package dev.omnihub.bench;

import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubCluster;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * One run of the cluster bench: a fresh store process and {@code nodes} hub processes (HubCluster), an
 * admin's agent socket per node of the larger cluster (spread over this run's nodes), the writers through warm-up and window, then a drain wait in
 * which every acknowledged message must reach every socket. The processes are gone when it returns.
 */
final class ClusterRun {

  /** Starts every bench external id: it tells the bench's messages in a frame from any other id. */
  static final String ID_PREFIX = "cb-";
  private static final Duration DRAIN = Duration.ofSeconds(10);
  private static final Duration CLUSTER_FORMED = Duration.ofSeconds(60);
  private static final Duration PROCESS_EXIT = Duration.ofSeconds(30);
  private static final long PING_MILLIS = 30_000;
  /** Milliseconds of no load after the drain in which the processes' CPU is read: heartbeats, polling, timers. */
  private static final long IDLE = 3_000;
  /** What a node or the store printed that is worth a look: warnings, errors and exceptions (not their stack frames). */
  private static final Pattern COMPLAINT = Pattern.compile("\\b(WARN|ERROR)\\b|Exception");
  private static final int COMPLAINTS_KEPT = 5;
  private static final long JIT_SAMPLE_MILLIS = 10_000;
  private static final double JIT_SETTLED_PER_PROCESS = 0.03;

  private ClusterRun() {
  }

  static ClusterResult run(ClusterBench.Settings settings, int nodes, Vertx vertx) throws Exception {
    Path dir = Files.createTempDirectory("omnihub-cluster-bench-");
    List<Long> pids = new ArrayList<>();
    try (HubCluster cluster = HubCluster.start(dir, nodes)) {
      IntStream.range(0, nodes).forEach(i -> pids.add(cluster.node(i).pid()));
      pids.add(cluster.store().pid());
      awaitMembers(cluster);
      HubClient first = cluster.client(0);
      String token = first.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      JsonObject channel = first.createApiChannel(token, "Cluster bench", null);
      WebSocketClient sockets = vertx.createWebSocketClient();
      // Copy-on-write: the pinger reads it on an event loop while sockets are still being added.
      List<DeliveryFeed> feeds = new CopyOnWriteArrayList<>();
      long pinger = vertx.setPeriodic(PING_MILLIS, ignored -> feeds.forEach(DeliveryFeed::ping));
      try {
        // As many agents in both runs (the site does not change with its nodes): one socket per node of the larger cluster.
        for (int i = 0; i < settings.nodes(); i++) {
          DeliveryFeed feed = new DeliveryFeed(i % nodes, ID_PREFIX);
          feed.connect(sockets, cluster.port(i % nodes), token);
          feeds.add(feed);
        }
        List<HubClient> clients = IntStream.range(0, nodes).mapToObj(cluster::client).toList();
        return measure(settings, cluster, new ClusterLoad(clients, channel, ID_PREFIX), feeds);
      } finally {
        vertx.cancelTimer(pinger);
        feeds.forEach(DeliveryFeed::close);
        sockets.close().await(10, TimeUnit.SECONDS);
      }
    } finally {
      // HubCluster.close() kills without waiting: the data directory goes only once nothing writes in it.
      awaitExit(pids);
      IngestLoadDriver.deleteRecursively(dir);
    }
  }

  /** Writers through warm-up and window, CPU read at the window's edges, then the drain, an idle reading and the tally. */
  private static ClusterResult measure(ClusterBench.Settings settings, HubCluster cluster, ClusterLoad load, List<DeliveryFeed> feeds)
      throws Exception {
    List<Long> nodePids = IntStream.range(0, cluster.size()).mapToObj(i -> cluster.node(i).pid()).toList();
    long storePid = cluster.store().pid();
    java.util.concurrent.atomic.AtomicLong end = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    long windowStart;
    long windowEnd;
    long[] before;
    long[] after;
    Warmup warmup;
    try (ExecutorService writers = load.start(settings.clients(), end::get)) {
      warmup = warmUp(settings, nodePids, storePid);
      windowStart = System.nanoTime();
      windowEnd = windowStart + settings.duration().toNanos();
      end.set(windowEnd);
      before = CpuSplit.read(nodePids, storePid);
      sleepUntil(windowEnd);
      after = CpuSplit.read(nodePids, storePid);
    }
    Map<String, ClusterLoad.Sent> acknowledged = Map.copyOf(load.acknowledged());
    awaitDelivered(feeds, acknowledged);
    long[] idleBefore = CpuSplit.read(nodePids, storePid);
    Thread.sleep(IDLE);
    CpuSplit idle = CpuSplit.between(idleBefore, CpuSplit.read(nodePids, storePid));

    LongStream.Builder sameNode = LongStream.builder();
    LongStream.Builder otherNodes = LongStream.builder();
    long windowAcknowledged = 0;
    for (Map.Entry<String, ClusterLoad.Sent> entry : acknowledged.entrySet()) {
      ClusterLoad.Sent sent = entry.getValue();
      if (sent.ackedNanos() < windowStart || sent.ackedNanos() >= windowEnd) {
        continue;
      }
      windowAcknowledged++;
      for (DeliveryFeed feed : feeds) {
        Long arrival = feed.arrival(entry.getKey());
        if (arrival != null) {
          (feed.node() == sent.node() ? sameNode : otherNodes).add(arrival - sent.sentNanos());
        }
      }
    }
    long[] missing = feeds.stream().mapToLong(feed -> missing(feed, acknowledged)).toArray();
    long[] unacknowledged = IntStream.range(0, feeds.size())
        .mapToLong(i -> feeds.get(i).received() - (acknowledged.size() - missing[i])).toArray();
    return new ClusterResult(cluster.size(), warmup, settings.duration().toNanos() / 1e9, windowAcknowledged, load.errors(), load.failures(),
        sameNode.build().sorted().toArray(), otherNodes.build().sorted().toArray(), CpuSplit.between(before, after), idle,
        IDLE / 1e3, acknowledged.size(), missing, feeds.stream().mapToLong(DeliveryFeed::duplicates).toArray(), unacknowledged,
        feeds.stream().mapToLong(DeliveryFeed::frames).sum() / (double) Math.max(1, feeds.stream().mapToLong(DeliveryFeed::received).sum()),
        cluster.merged("bus"), cluster.merged("store"), cluster.published("news"), cluster.published("answer"), complaints(cluster));
  }

  /** How long the load ran before the window, and the compilers' cores over the warm-up's last sample. */
  record Warmup(double seconds, double jitCores, boolean settled) {
  }

  /**
   * Under load for at least the settings' warm-up, then until the JIT compilers of every process together
   * use under {@value #JIT_SETTLED_PER_PROCESS} of a core per process over {@value #JIT_SAMPLE_MILLIS} ms,
   * or the settings' longest warm-up passed. Measured: three nodes and the store on two cores still
   * compiled with 0.6 of a core after 150 s of load, and throughput then was half what it was once they settled.
   */
  private static Warmup warmUp(ClusterBench.Settings settings, List<Long> nodePids, long storePid) throws InterruptedException {
    long started = System.nanoTime();
    long longest = started + settings.maxWarmup().toNanos();
    sleepUntil(started + settings.warmup().toNanos());
    int processes = nodePids.size() + 1;
    while (true) {
      long[] before = CpuSplit.read(nodePids, storePid);
      Thread.sleep(JIT_SAMPLE_MILLIS);
      double jitCores = CpuSplit.between(before, CpuSplit.read(nodePids, storePid)).jit() / (double) JIT_SAMPLE_MILLIS;
      boolean settled = jitCores < JIT_SETTLED_PER_PROCESS * processes;
      if (settled || System.nanoTime() >= longest) {
        return new Warmup((System.nanoTime() - started) / 1e9, jitCores, settled);
      }
    }
  }

  /** Every node sees all the others on the event bus before any socket opens, or cross-node frames could not pass yet. */
  private static void awaitMembers(HubCluster cluster) throws InterruptedException {
    long deadline = System.nanoTime() + CLUSTER_FORMED.toNanos();
    for (int i = 0; i < cluster.size(); i++) {
      while (true) {
        JsonObject health = cluster.client(i).get("/health", null).json();
        if (health.getJsonObject("cluster").getInteger("busMembers", 0) == cluster.size()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("node-" + i + " did not see " + cluster.size() + " bus members in " + CLUSTER_FORMED + ": " + health);
        }
        Thread.sleep(200);
      }
    }
  }

  /** Waits up to the drain time for every acknowledged message on every socket (it returns early once they are). */
  private static void awaitDelivered(List<DeliveryFeed> feeds, Map<String, ClusterLoad.Sent> acknowledged) throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (feeds.stream().anyMatch(feed -> missing(feed, acknowledged) > 0) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  private static long missing(DeliveryFeed feed, Map<String, ClusterLoad.Sent> acknowledged) {
    return acknowledged.keySet().stream().filter(id -> feed.arrival(id) == null).count();
  }

  /** The first few error lines each process printed, and how many there were. */
  private static List<String> complaints(HubCluster cluster) {
    List<String> complaints = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      addComplaints(complaints, "node-" + i, cluster.node(i).output());
    }
    List<String> store = new ArrayList<>(cluster.store().stdout());
    store.addAll(cluster.store().stderr());
    addComplaints(complaints, "store", store);
    return complaints;
  }

  private static void addComplaints(List<String> complaints, String process, List<String> output) {
    List<String> lines = output.stream().filter(line -> COMPLAINT.matcher(line).find()).toList();
    if (lines.isEmpty()) {
      return;
    }
    complaints.add(process + ": " + lines.size() + " lines with WARN, ERROR or an exception, the first:");
    lines.stream().limit(COMPLAINTS_KEPT).forEach(line -> complaints.add("  " + line));
  }

  private static void awaitExit(List<Long> pids) throws Exception {
    for (long pid : pids) {
      var handle = ProcessHandle.of(pid);
      if (handle.isPresent()) {
        try {
          handle.get().onExit().get(PROCESS_EXIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new IllegalStateException("process " + pid + " still runs " + PROCESS_EXIT + " after it was killed", e);
        }
      }
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(Duration.ofNanos(left));
    }
  }
}
