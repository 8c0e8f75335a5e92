package dev.omnihub.hub;

import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.ApiTokenStore;
import dev.omnihub.hub.auth.AuthService;
import dev.omnihub.hub.auth.LoginThrottle;
import dev.omnihub.hub.auth.PasswordHasher;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.config.HubConfig;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.CustomerMerger;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.ingest.IngestPipeline;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.service.ConversationService;
import dev.omnihub.hub.service.CustomerService;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.kb.KnowledgeIndex;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/** The hub's wired services, built once by {@link Hub} and shared by its verticles. */
public record HubServices(
    HubConfig config,
    Clock clock,
    MongoStore mongo,
    PublishingStore store,
    PrometheusMeterRegistry metrics,
    Buffer openApi,
    AuthService auth,
    LoginThrottle loginThrottle,
    AgentStore agents,
    ApiTokenStore tokens,
    PasswordHasher passwords,
    IdentityNormalizer normalizer,
    ChannelStore channels,
    ChannelAdapters adapters,
    IngestPipeline pipeline,
    CustomerStore customers,
    CustomerMerger merger,
    CustomerService customerService,
    ConversationStore conversations,
    MessageStore messages,
    Outbox outbox,
    ConversationService conversationService,
    KnowledgeIndex knowledge,
    AtomicReference<String> publicUrlHolder) {

  /** The URL providers call, known once the HTTP port is bound. */
  public String publicUrl() {
    return publicUrlHolder.get();
  }

  /** Facts /health reports besides the store. */
  public JsonObject healthDetails() {
    return new JsonObject().put("knowledgeBase", new JsonObject().put("documents", knowledge.size()));
  }
}
