package dev.omnihub.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hub nodes in processes of their own on loopback, sharing {@code omnihub store} (also its own process)
 * and one Hazelcast cluster, as API.md's "Several nodes" runs them on one machine: for tests that
 * kill, pause and restart nodes like an operator or a crash would.
 */
public final class HubCluster implements AutoCloseable {

  private static final String STORE_PASSWORD = "cluster-test-store";
  /** Every node of a store shares the key of the channels' secrets. */
  private static final String SECRETS_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final StoreProcess store;
  private final String mongoUri;
  private final List<Integer> clusterPorts;
  private final HubProcess[] nodes;
  private final int[] httpPorts;
  private final String[] nodeOptions;
  /** How often each node was started: its runs' outputs are kept apart. */
  private final int[] starts;

  private HubCluster(Path dir, StoreProcess store, String mongoUri, List<Integer> clusterPorts, String... nodeOptions) {
    this.nodeOptions = java.util.stream.Stream.concat(java.util.stream.Stream.of("-Xmx512m"), java.util.Arrays.stream(nodeOptions))
        .toArray(String[]::new);
    this.dir = dir;
    this.store = store;
    this.mongoUri = mongoUri;
    this.clusterPorts = clusterPorts;
    this.nodes = new HubProcess[clusterPorts.size()];
    this.starts = new int[clusterPorts.size()];
    this.httpPorts = new int[clusterPorts.size()];
    for (int i = 0; i < httpPorts.length; i++) {
      httpPorts[i] = freePort();
    }
  }

  /**
   * Starts the store, then {@code size} nodes one after the other (each joins those before it).
   *
   * @param nodeOptions JVM options of every node besides {@code -Xmx512m} (a test's quicker start, say)
   */
  public static HubCluster start(Path dir, int size, String... nodeOptions) {
    StoreProcess store = StoreProcess.start(directory(dir.resolve("store")), Map.of("STORE_PASSWORD", STORE_PASSWORD));
    HubCluster cluster;
    try {
      store.awaitListening(START_TIMEOUT);
      List<Integer> clusterPorts = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        clusterPorts.add(freePort());
      }
      cluster = new HubCluster(dir, store, store.mongoUri(STORE_PASSWORD), clusterPorts, nodeOptions);
    } catch (RuntimeException | Error e) {
      store.close();
      throw e;
    }
    try {
      for (int i = 0; i < size; i++) {
        cluster.startNode(i);
      }
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Starts node {@code i} (again, after a kill or a stop) on its own data directory and its own HTTP
   * port, the same at every start as behind a load balancer; returns that port.
   */
  public int startNode(int i) {
    return startNode(i, environment(i));
  }

  /**
   * Starts node {@code i} on a Hazelcast cluster of its own, as if the bus between it and the others
   * were cut: it shares only the store with them.
   */
  public int startNodeApart(int i) {
    Map<String, String> env = environment(i);
    env.put("CLUSTER_MEMBERS", "127.0.0.1:" + clusterPorts.get(i));
    return startNode(i, env);
  }

  private int startNode(int i, Map<String, String> env) {
    if (nodes[i] != null) {
      nodes[i].close();
      saveOutput(i);
    }
    starts[i]++;
    nodes[i] = HubProcess.fromClasspath(directory(dir.resolve("node-" + i)), env, nodeOptions);
    int port = nodes[i].awaitListening(START_TIMEOUT);
    if (port != httpPorts[i]) {
      throw new IllegalStateException("node-" + i + " listens on " + port + ", not on its port " + httpPorts[i]);
    }
    return port;
  }

  private Map<String, String> environment(int i) {
    Map<String, String> env = new HashMap<>();
    env.put("HTTP_PORT", Integer.toString(httpPorts[i]));
    env.put("MONGO_URI", mongoUri);
    env.put("MONGO_DATABASE", "omnihub");
    env.put("SECRETS_KEY", SECRETS_KEY);
    env.put("NODE_ID", "node-" + i);
    env.put("CLUSTER_HOST", "127.0.0.1");
    env.put("CLUSTER_PORT", Integer.toString(clusterPorts.get(i)));
    env.put("CLUSTER_MEMBERS", clusterPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(",")));
    env.put("KB_EMBEDDINGS", "false");
    env.put("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true");
    return env;
  }

  /**
   * Other nodes' entries every live node merged into its log from {@code source} ({@code bus} or
   * {@code store}), by their /metrics.
   *
   * @throws IllegalStateException when a node does not count them
   */
  public long merged(String source) {
    return counted("omnihub_cluster_log_merged_total", "source", source);
  }

  /** Bus news of a {@code kind} ({@code news} or {@code answer}) the live nodes published, by their /metrics. */
  public long published(String kind) {
    return counted("omnihub_cluster_log_published_total", "kind", kind);
  }

  /** The sum over the live nodes of a counter's value for one tag, by their /metrics. */
  private long counted(String counter, String tag, String value) {
    java.util.regex.Pattern line = java.util.regex.Pattern.compile(
        "^" + counter + "\\{" + tag + "=\"(\\w+)\",?\\} (\\S+)$", java.util.regex.Pattern.MULTILINE);
    long total = 0;
    for (int i = 0; i < nodes.length; i++) {
      java.util.regex.Matcher found = line.matcher(client(i).get("/metrics", null).body());
      boolean counted = false;
      while (found.find()) {
        if (found.group(1).equals(value)) {
          total += (long) Double.parseDouble(found.group(2));
          counted = true;
        }
      }
      if (!counted) {
        throw new IllegalStateException("node-" + i + " does not count " + counter + " with " + tag + "=" + value);
      }
    }
    return total;
  }

  /**
   * The last {@code perNode} lines of each node's output that warn or report an error (a node killed
   * since included, up to its kill), for a failed test's message; the whole outputs are in
   * {@code target/cluster-output} once the cluster is closed.
   */
  public String warnings(int perNode) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < nodes.length; i++) {
      List<String> output = nodes[i] == null ? List.of() : nodes[i].output();
      // A peer killed on purpose makes the bus retry its connection many times a second: not news.
      List<String> warned = output.stream().filter(line -> line.contains("WARN") || line.contains("ERROR"))
          .filter(line -> !line.contains("ClusteredEventBus - Connecting to server")).toList();
      lines.append("node-").append(i).append(" (").append(warned.size()).append(" lines):\n");
      warned.subList(Math.max(0, warned.size() - perNode), warned.size()).forEach(line -> lines.append("  ").append(line).append('\n'));
    }
    return lines.toString();
  }

  /** Keeps node {@code i}'s whole output of its current run beside the test reports, where a failed run's can be read. */
  private void saveOutput(int i) {
    try {
      Path saved = Files.createDirectories(Path.of("target", "cluster-output"))
          .resolve(dir.getFileName() + "-node-" + i + "-run-" + starts[i] + ".log");
      Files.write(saved, nodes[i].output());
    } catch (IOException e) {
      // a failed test's message still has the warnings
    }
  }

  /** The store's address with its credentials, for a test that looks at what the nodes share. */
  public String mongoUri() {
    return mongoUri;
  }

  public int size() {
    return nodes.length;
  }

  public HubProcess node(int i) {
    return nodes[i];
  }

  /** The store process all nodes share. */
  public StoreProcess store() {
    return store;
  }

  /** Node {@code i}'s HTTP port, the same at every start. */
  public int port(int i) {
    return httpPorts[i];
  }

  public HubClient client(int i) {
    return new HubClient("http://127.0.0.1:" + httpPorts[i]);
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null) {
        nodes[i].close();
        saveOutput(i);
      }
    }
    store.close();
  }

  private static Path directory(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
