package dev.omnihub.hub.cluster;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * This node's part in a cluster: alone (the embedded store, which no other node can open), or one of
 * the nodes sharing a store through a {@link ClusterLog}.
 */
public final class Cluster {

  private final Optional<ClusterLog> log;

  private Cluster(Optional<ClusterLog> log) {
    this.log = log;
  }

  public static Cluster alone() {
    return new Cluster(Optional.empty());
  }

  /** A node sharing its store with others; {@link ClusterLog#join} has been called. */
  public static Cluster sharing(ClusterLog log) {
    return new Cluster(Optional.of(log));
  }

  /** Starts exchanging with the other nodes (nothing alone). */
  public Future<Void> start() {
    return log.map(ClusterLog::start).orElseGet(Future::succeededFuture);
  }

  /** Live nodes, this one included. */
  public int members() {
    return log.map(ClusterLog::members).orElse(1);
  }

  /** What /health shows: live members by the store's registry, and on the event bus (which only speeds delivery up). */
  public io.vertx.core.json.JsonObject health() {
    return new io.vertx.core.json.JsonObject().put("members", members()).put("busMembers", log.map(ClusterLog::busMembers).orElse(1));
  }

  /** Runs with the reason when this node is fenced out and must restart (never alone). */
  public void onFenced(Consumer<String> listener) {
    log.ifPresent(cluster -> cluster.onFenced(listener));
  }

  /** Runs with a node's name when another node is gone (never alone). */
  public void onNodeLeft(Consumer<String> listener) {
    log.ifPresent(cluster -> cluster.onNodeLeft(listener));
  }

  /** Leaves at a clean stop, so that the others do not wait for this node (blocking). */
  public void leave() {
    log.ifPresent(ClusterLog::leave);
  }
}
