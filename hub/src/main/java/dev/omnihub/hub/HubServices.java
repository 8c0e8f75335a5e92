package dev.omnihub.hub;

import dev.omnihub.hub.api.LargeBodyGate;
import dev.omnihub.hub.config.HubConfig;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.kb.KnowledgeServices;
import dev.omnihub.hub.privacy.PrivacyServices;
import dev.omnihub.hub.realtime.HelpCenter;
import dev.omnihub.hub.realtime.RealtimeServices;
import dev.omnihub.hub.routing.RoutingServices;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.kb.KnowledgeIndex;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hub's wired services, built once by {@link Hub} and shared by its verticles: what everything
 * needs (the store, the clock, the configuration), then one record per feature. A route class is
 * given the parts it uses, never this.
 */
public record HubServices(
    HubConfig config,
    Clock clock,
    MongoStore mongo,
    PublishingStore store,
    EventLog eventLog,
    PrometheusMeterRegistry metrics,
    Buffer openApi,
    AtomicReference<String> publicUrlHolder,
    String nodeId,
    dev.omnihub.hub.cluster.Cluster cluster,
    AtomicInteger openConnections,
    LargeBodyGate largeBodies,
    KnowledgeIndex knowledge,
    AccessServices access,
    ChannelServices channelServices,
    CustomerServices customerServices,
    ConversationServices conversationServices,
    RealtimeServices realtime,
    HelpCenter helpCenter,
    PrivacyServices privacy,
    KnowledgeServices kb,
    RoutingServices routing,
    DeskServices desk) {

  /** The URL providers call, known once the HTTP port is bound. */
  public String publicUrl() {
    return publicUrlHolder.get();
  }

  /** Facts /health reports besides the store. */
  public JsonObject healthDetails() {
    return new JsonObject().put("nodeId", nodeId).put("cluster", cluster.health())
        .put("knowledgeBase", new JsonObject().put("documents", knowledge.size()));
  }
}
