package dev.omnihub.hub.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.omnihub.hub.config.ClusterSettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/**
 * This node's Vert.x: alone, or on the cluster's event bus through Vert.x's Hazelcast cluster manager
 * ({@code CLUSTER_MEMBERS}: TCP join to those members only; multicast and auto-detection off; a member
 * silent for 5 s is dropped). The bus only makes delivery fast: what must be true or happen once is
 * decided in the store ({@link ClusterLog}, leases), never by Hazelcast's maps or locks.
 */
public final class ClusteredBus {

  private static final long JOIN_TIMEOUT_SECONDS = 60;

  private ClusteredBus() {
  }

  /** Builds this node's Vert.x; clustered when the settings name members (blocking, at start). */
  public static Vertx vertx(ClusterSettings settings, VertxOptions options, VertxMetricsFactory metrics) {
    if (!settings.clustered()) {
      return Vertx.builder().with(options).withMetrics(metrics).build();
    }
    // Other nodes reach this one's event bus at its cluster host, on a port of the system's choosing.
    options.setEventBusOptions(new EventBusOptions().setHost(settings.host()).setPort(0).setClusterPublicHost(settings.host()));
    try {
      return Vertx.builder().with(options).withMetrics(metrics).withClusterManager(new HazelcastClusterManager(hazelcast(settings)))
          .buildClustered().await(JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not join the cluster at " + settings.host() + ":" + settings.port() + " with members "
          + settings.members() + ": " + e.getMessage(), e);
    }
  }

  /** Nodes on this node's event bus, itself included: 1 when it is not clustered. */
  public static int members(Vertx vertx) {
    io.vertx.core.spi.cluster.ClusterManager manager = ((io.vertx.core.internal.VertxInternal) vertx).clusterManager();
    return manager == null ? 1 : manager.getNodes().size();
  }

  /** Vert.x's own Hazelcast configuration (the maps its event bus needs), joined over TCP only. */
  static Config hazelcast(ClusterSettings settings) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName("omnihub");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Hub.close stops Vert.x, which leaves the cluster; Hazelcast's own hook would leave first.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    config.setProperty("hazelcast.local.localAddress", settings.host());
    // The members are listed, not discovered: no reason to wait the default 5 s for others to show up.
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(false);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    // A listed member that is down (restarting) costs a join this long, not the default 5 s.
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members()).setConnectionTimeoutSeconds(2);
    return config;
  }
}
