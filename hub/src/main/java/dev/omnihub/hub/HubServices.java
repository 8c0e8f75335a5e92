package dev.omnihub.hub;

import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.ApiTokenStore;
import dev.omnihub.hub.auth.AuthService;
import dev.omnihub.hub.auth.LoginThrottle;
import dev.omnihub.hub.auth.PasswordChecks;
import dev.omnihub.hub.auth.PasswordHasher;
import dev.omnihub.hub.bots.BotService;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelHealthBoard;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.channel.HubAdapterContext;
import dev.omnihub.hub.config.HubConfig;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.CustomerMerger;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.customer.OptOuts;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.events.Reactions;
import dev.omnihub.hub.ingest.IngestPipeline;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.realtime.OfflineChatMail;
import dev.omnihub.hub.realtime.RealtimeServices;
import dev.omnihub.hub.realtime.WidgetServices;
import dev.omnihub.hub.service.ConversationService;
import dev.omnihub.hub.service.CustomerClaims;
import dev.omnihub.hub.service.CustomerService;
import dev.omnihub.hub.service.TimelineService;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.timers.TimerStore;
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
    PasswordChecks passwordChecks,
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
    CustomerClaims customerClaims,
    TimelineService timeline,
    OptOuts optOuts,
    ConversationStore conversations,
    MessageStore messages,
    Outbox outbox,
    ConversationService conversationService,
    TimerStore timers,
    OfflineChatMail offlineMail,
    BotService bots,
    Reactions reactions,
    KnowledgeIndex knowledge,
    AtomicReference<String> publicUrlHolder,
    String nodeId,
    HubAdapterContext adapterContext,
    ChannelHealthBoard channelHealth,
    AttachmentStore attachments,
    EventLog eventLog,
    RealtimeServices realtime,
    WidgetServices widget,
    java.util.concurrent.atomic.AtomicInteger openConnections,
    dev.omnihub.hub.audit.AuditTrail auditTrail,
    dev.omnihub.hub.privacy.PrivacyServices privacy,
    dev.omnihub.hub.kb.KnowledgeServices kb) {

  /** The URL providers call, known once the HTTP port is bound. */
  public String publicUrl() {
    return publicUrlHolder.get();
  }

  /** Facts /health reports besides the store. */
  public JsonObject healthDetails() {
    return new JsonObject().put("knowledgeBase", new JsonObject().put("documents", knowledge.size()));
  }
}
