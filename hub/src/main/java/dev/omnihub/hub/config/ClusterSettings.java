package dev.omnihub.hub.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where this node meets the others (API.md, "Several nodes"): the Hazelcast members to join over TCP
 * (no multicast), this node's own cluster address, and its name.
 *
 * @param members {@code CLUSTER_MEMBERS}, {@code host:port} each; empty: no clustered event bus
 * @param host    {@code CLUSTER_HOST}, 127.0.0.1 by default
 * @param port    {@code CLUSTER_PORT}, 5701 by default
 * @param nodeId  {@code NODE_ID}, or {@code null} to keep the one in {@code DATA_DIR/node-id}
 */
public record ClusterSettings(List<String> members, String host, int port, String nodeId) {

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern MEMBER = Pattern.compile("[^\\s:,]+:\\d{1,5}");

  public ClusterSettings {
    members = List.copyOf(members);
  }

  /** One node, alone on its event bus. */
  public static final ClusterSettings ALONE = new ClusterSettings(List.of(), "127.0.0.1", 5701, null);

  /** Whether this node joins a clustered event bus. */
  public boolean clustered() {
    return !members.isEmpty();
  }

  /**
   * Reads and checks the cluster's variables.
   *
   * @throws IllegalArgumentException naming the variable that is wrong
   */
  static ClusterSettings parse(String members, String host, int port, String nodeId) {
    List<String> parsed = new ArrayList<>();
    if (members != null) {
      for (String member : members.split(",")) {
        String trimmed = member.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (!MEMBER.matcher(trimmed).matches() || Integer.parseInt(trimmed.substring(trimmed.lastIndexOf(':') + 1)) > 65_535) {
          throw new IllegalArgumentException("CLUSTER_MEMBERS must list host:port pairs separated by commas, not '" + trimmed + "'");
        }
        parsed.add(trimmed);
      }
    }
    String clusterHost = host == null ? "127.0.0.1" : host.strip();
    if (clusterHost.isEmpty()) {
      throw new IllegalArgumentException("CLUSTER_HOST must not be empty");
    }
    if (nodeId != null && !NODE_ID.matcher(nodeId).matches()) {
      throw new IllegalArgumentException("NODE_ID must be 1 to 64 letters, digits, dots, dashes or underscores, not '" + nodeId + "'");
    }
    return new ClusterSettings(parsed, clusterHost, port, nodeId);
  }
}
