package dev.omnihub.hub;

import dev.omnihub.adapters.spi.AdapterEnvironment;
import dev.omnihub.adapters.webhook.SignedWebhookClient;
import dev.omnihub.hub.api.HttpServerVerticle;
import dev.omnihub.hub.api.LargeBodyGate;
import dev.omnihub.hub.api.OpenApiDocument;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.audit.AuditLog;
import dev.omnihub.hub.audit.AuditTrail;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.ApiTokenStore;
import dev.omnihub.hub.auth.AuthService;
import dev.omnihub.hub.auth.LoginThrottle;
import dev.omnihub.hub.auth.PasswordChecks;
import dev.omnihub.hub.auth.PasswordHasher;
import dev.omnihub.hub.auth.StoredThrottleCounts;
import dev.omnihub.hub.bots.BotService;
import dev.omnihub.hub.bots.BotStore;
import dev.omnihub.hub.calls.CallIntake;
import dev.omnihub.hub.calls.CallLog;
import dev.omnihub.hub.calls.CallScreenPop;
import dev.omnihub.hub.campaign.CampaignSender;
import dev.omnihub.hub.campaign.Campaigns;
import dev.omnihub.hub.canned.CannedReplies;
import dev.omnihub.hub.canned.CannedResponseStore;
import dev.omnihub.hub.channel.AdapterStateStore;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelHealthBoard;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.channel.HubAdapterContext;
import dev.omnihub.hub.channel.LeaseStore;
import dev.omnihub.hub.channel.SecretsKeyCheck;
import dev.omnihub.hub.channel.StoreChannelDirectory;
import dev.omnihub.hub.cluster.Cluster;
import dev.omnihub.hub.cluster.ClusterLog;
import dev.omnihub.hub.cluster.ClusteredBus;
import dev.omnihub.hub.cluster.RateCountExchange;
import dev.omnihub.hub.config.HubConfig;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.conversation.ThreadResolver;
import dev.omnihub.hub.csat.CsatSurveys;
import dev.omnihub.hub.customer.ClaimProofs;
import dev.omnihub.hub.customer.CustomerMerger;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.customer.IdentityResolver;
import dev.omnihub.hub.customer.MergeSuggestionStore;
import dev.omnihub.hub.customer.OptOuts;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.EventPublisher;
import dev.omnihub.hub.events.EventSubjectViews;
import dev.omnihub.hub.events.HubEventCodec;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.events.Reactions;
import dev.omnihub.hub.ingest.IngestMetrics;
import dev.omnihub.hub.ingest.IngestPipeline;
import dev.omnihub.hub.kb.AlertStore;
import dev.omnihub.hub.kb.KnowledgeServices;
import dev.omnihub.hub.limits.SettingRateLimits;
import dev.omnihub.hub.limits.SharedCounts;
import dev.omnihub.hub.outbound.Backoff;
import dev.omnihub.hub.outbound.DeliveryStatuses;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.outbound.OutboxDispatcher;
import dev.omnihub.hub.privacy.PrivacyServices;
import dev.omnihub.hub.privacy.RetentionSweeper;
import dev.omnihub.hub.realtime.AgentPresenceTracker;
import dev.omnihub.hub.realtime.ConversationSignals;
import dev.omnihub.hub.realtime.ConversationViewers;
import dev.omnihub.hub.realtime.CustomerFeedRouter;
import dev.omnihub.hub.realtime.HelpCenter;
import dev.omnihub.hub.realtime.HubCustomerAccess;
import dev.omnihub.hub.realtime.HubCustomerFeeds;
import dev.omnihub.hub.realtime.OfflineChatMail;
import dev.omnihub.hub.realtime.RealtimeServices;
import dev.omnihub.hub.realtime.SignalRouter;
import dev.omnihub.hub.reports.Reports;
import dev.omnihub.hub.routing.RoutingServices;
import dev.omnihub.hub.rules.RuleActions;
import dev.omnihub.hub.rules.RuleEngine;
import dev.omnihub.hub.rules.RuleServices;
import dev.omnihub.hub.rules.RuleStore;
import dev.omnihub.hub.secrets.SecretBox;
import dev.omnihub.hub.secrets.SecretKeys;
import dev.omnihub.hub.service.ConversationService;
import dev.omnihub.hub.service.CustomerClaims;
import dev.omnihub.hub.service.CustomerService;
import dev.omnihub.hub.service.SnoozeWakeUps;
import dev.omnihub.hub.service.SystemLines;
import dev.omnihub.hub.service.TimelineService;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.StoreIndexes;
import dev.omnihub.hub.ticket.SlaClockStore;
import dev.omnihub.hub.ticket.SlaPolicies;
import dev.omnihub.hub.ticket.SlaSettings;
import dev.omnihub.hub.ticket.SlaTimer;
import dev.omnihub.hub.ticket.SlaTracker;
import dev.omnihub.hub.ticket.TicketDesk;
import dev.omnihub.hub.ticket.TicketFollowsConversation;
import dev.omnihub.hub.ticket.TicketNumbers;
import dev.omnihub.hub.ticket.TicketStore;
import dev.omnihub.hub.timeline.TimelineEventStore;
import dev.omnihub.hub.timers.TimerRegistry;
import dev.omnihub.hub.timers.TimerScheduler;
import dev.omnihub.hub.timers.TimerStore;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.SentenceEmbedder;
import dev.omnihub.kb.TextEmbedder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hub: the composition root that opens the store, wires the services and deploys the
 * verticles, and that closes them in reverse order. {@link HubMain} runs one; tests run several.
 */
public final class Hub implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Hub.class);
  private static final long START_TIMEOUT_SECONDS = 60;

  private final Vertx vertx;
  private final HubServices services;
  private final int httpPort;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Hub(Vertx vertx, HubServices services, int httpPort) {
    this.vertx = vertx;
    this.services = services;
    this.httpPort = httpPort;
  }

  /**
   * Starts a hub and returns once it serves. Blocking; call from a plain thread.
   *
   * @throws dev.omnihub.hub.store.StoreUnavailableException when the store cannot be opened
   */
  public static Hub start(HubConfig config) {
    // Millisecond ticks: stored times are BSON dates (ms), so answers match what a later read returns.
    return start(config, Clock.tickMillis(java.time.ZoneOffset.UTC));
  }

  public static Hub start(HubConfig config, Clock clock) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    Vertx vertx = ClusteredBus.vertx(config.cluster(), new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)),
        new MicrometerMetricsFactory(metrics));
    MongoStore mongo = null;
    KnowledgeIndex knowledge = null;
    try {
      HubEventCodec.registerAll(vertx.eventBus());
      mongo = MongoStore.open(vertx, config, metrics);
      mongo.pingInBackground();
      StoreIndexes.create(mongo);
      knowledge = KnowledgeIndex.open(config.dataDir().resolve("knowledge"), embedder(vertx, config));
      HubServices services = wire(vertx, config, clock, mongo, metrics, knowledge);
      services.customerServices().merger().resumeInterrupted();
      int searchable = services.customerServices().customers().search().fillMissing();
      if (searchable > 0) {
        log.info("Made {} customers written before inbox search searchable by name, email and phone", searchable);
      }
      int erasures = services.privacy().erasure().resumeInterrupted();
      if (erasures > 0) {
        log.info("Finished {} customer erasures a stop had interrupted", erasures);
      }
      int sealed = services.channelServices().channels().sealPlainSecrets();
      if (sealed > 0) {
        log.info("Encrypted the secrets of {} channels written before secrets were encrypted", sealed);
      }
      services.access().auth().bootstrapAdmin(config);
      await(services.channelServices().adapters().startAll(services.channelServices().adapterContext()));
      int port = deploy(vertx, services, clock);
      return new Hub(vertx, services, port);
    } catch (RuntimeException e) {
      closeQuietly(vertx, mongo, knowledge, Cluster.alone());
      throw e;
    }
  }

  /**
   * The sentence embeddings the knowledge base ranks with, unless switched off; the models load in the
   * background when there is something to search, so the first suggestion does not wait for them.
   */
  private static TextEmbedder embedder(Vertx vertx, HubConfig config) {
    if (!config.kbEmbeddings()) {
      return TextEmbedder.NONE;
    }
    SentenceEmbedder embedder = new SentenceEmbedder();
    vertx.executeBlocking(embedder::warmUp, false)
        .onFailure(error -> log.warn("Could not load the knowledge base's embedding models: {}", error.toString()));
    return embedder;
  }

  private static Cluster joinCluster(Vertx vertx, MongoStore mongo, EventLog eventLog, Clock clock, String nodeId,
      PrometheusMeterRegistry metrics) {
    ClusterLog log = new ClusterLog(vertx, mongo, eventLog, clock, nodeId, metrics);
    log.join();
    return Cluster.sharing(log);
  }

  /** How long a bot's webhook may take to answer an event. */
  private static final long BOT_TIMEOUT_MILLIS = 10_000;

  private static HubServices wire(Vertx vertx, HubConfig config, Clock clock, MongoStore mongo, PrometheusMeterRegistry metrics,
      KnowledgeIndex knowledge) {
    // Refused before this node joins anything: a node with another key would fail on the first channel secret.
    SecretBox secrets = SecretKeys.open(config.secretsKey(), config.dataDir());
    if (!config.embeddedStore()) {
      SecretsKeyCheck.verify(mongo, secrets);
    }
    EventLog eventLog = new EventLog(mongo, clock);
    ConversationStore conversations = new ConversationStore(mongo, clock);
    MessageStore messages = new MessageStore(mongo);
    eventLog.useSubjects(new EventSubjectViews(messages, conversations));
    eventLog.resume();
    String nodeId = NodeIdentity.of(config.dataDir(), config.cluster().nodeId());
    // The embedded store is this node's alone; on a shared store the log is one over every node.
    Cluster cluster = config.embeddedStore() ? Cluster.alone() : joinCluster(vertx, mongo, eventLog, clock, nodeId, metrics);
    PublishingStore store = new PublishingStore(mongo, new EventPublisher(vertx.eventBus()), eventLog);
    IdentityNormalizer normalizer = new IdentityNormalizer(config.defaultPhoneRegion());
    CustomerStore customers = new CustomerStore(mongo, clock);
    TimelineEventStore timelineEvents = new TimelineEventStore(mongo);
    CustomerMerger merger = new CustomerMerger(customers, conversations, timelineEvents, new AuditLog(mongo, clock));
    AttachmentStore attachments = new AttachmentStore(mongo);
    IdentityResolver identities = new IdentityResolver(normalizer, customers, merger);
    ClaimProofs claimProofs = new ClaimProofs(customers, merger, normalizer);
    OptOuts optOuts = new OptOuts(mongo, clock);
    AgentStore agents = new AgentStore(mongo, clock);
    TimelineService timeline = new TimelineService(timelineEvents, identities, customers, conversations, messages, clock);
    ApiTokenStore tokens = new ApiTokenStore(mongo, clock);
    PasswordHasher passwords = new PasswordHasher();
    ChannelAdapters adapters = ChannelAdapters.discover();
    ChannelStore channels = new ChannelStore(mongo, secrets, adapters::credentialSettings, clock);
    Outbox outbox = new Outbox(mongo, clock);
    TimerStore timers = new TimerStore(mongo);
    SystemLines systemLines = new SystemLines(conversations, messages, clock);
    SnoozeWakeUps snoozes = new SnoozeWakeUps(store, conversations, systemLines, timers, clock);
    ConversationService conversationService = new ConversationService(conversations, messages, channels, adapters, outbox, systemLines,
        snoozes, customers, optOuts, clock);
    BotService bots = new BotService(store, new BotStore(mongo, secrets), tokens, conversations, systemLines, outbox, timers,
        new SignedWebhookClient(vertx, clock, BOT_TIMEOUT_MILLIS, config.outboundAllowPrivateNetworks()), clock);
    AtomicReference<String> publicUrl = new AtomicReference<>(config.publicUrlFor(config.httpPort()));
    CsatSurveys csat = new CsatSurveys(mongo, new CsatSurveys.Parts(store, channels, adapters, conversations, messages, customers, optOuts,
        outbox, timers, publicUrl::get), clock);
    IngestPipeline pipeline = new IngestPipeline(store, identities, new ThreadResolver(conversations), conversations, messages, customers,
        claimProofs, optOuts, new DeliveryStatuses(messages, conversations, clock), attachments,
        new CallIntake(identities, conversations, customers, new CallLog(mongo), new CallScreenPop(customers, agents, timeline)), bots, csat, new IngestMetrics(metrics), clock);
    ChannelHealthBoard channelHealth = new ChannelHealthBoard(mongo, clock);
    AuthService auth = AuthService.create(vertx, mongo, agents, tokens, passwords, config);
    CustomerService customerService = new CustomerService(customers, merger, conversations);
    OfflineChatMail offlineMail = new OfflineChatMail(store, mongo, conversations, messages, customers, claimProofs, channels, adapters,
        systemLines, timers, outbox, clock);
    KnowledgeServices kb = KnowledgeServices.create(vertx, mongo, store, knowledge, conversations, messages, customers, config, clock);
    RoutingServices routing = RoutingServices.create(store, mongo, agents, channels, systemLines, clock, config.reassignOffline(), metrics);
    TicketStore ticketStore = new TicketStore(mongo, new TicketNumbers(mongo));
    SlaTracker sla = new SlaTracker(new SlaClockStore(mongo), new SlaPolicies(new SlaSettings(mongo), routing.queues()), ticketStore,
        conversations, timers, clock);
    TicketDesk tickets = new TicketDesk(ticketStore, conversations, sla, clock);
    CannedReplies canned = new CannedReplies(new CannedResponseStore(mongo), customers);
    SlaSettings slaSettings = new SlaSettings(mongo);
    RuleStore ruleStore = new RuleStore(mongo, secrets);
    RuleServices rules = RuleServices.create(new RuleEngine.Parts(ruleStore, conversations, customers, slaSettings, timers, store,
            config.repeatContactWindow()),
        new RuleActions.Services(routing.manual(), routing.conversations(), conversations, tickets, conversationService, canned,
            new AlertStore(mongo), outbox, systemLines, new AuditLog(mongo, clock), ruleStore),
        new SignedWebhookClient(vertx, clock, BOT_TIMEOUT_MILLIS, config.outboundAllowPrivateNetworks()), clock, metrics);
    Reports reports = Reports.create(mongo, conversations);
    Campaigns campaigns = Campaigns.create(mongo, store, messages, customers, conversations, channels, adapters, optOuts, outbox, timers, clock);
    // What happens because something happened, once it is durable: every reaction is registered here.
    Reactions reactions = Reactions.builder("hub")
        .add(routing.listener().reaction())
        .add(new TicketFollowsConversation(tickets, conversations).reaction())
        .add(sla.reaction())
        .add(rules.engine().reaction())
        .add(offlineMail.repliedReaction())
        .add(bots.answeredReaction())
        .add(kb.answerRecorder().resolvedReaction())
        .add(campaigns.outcomes().reaction())
        .add(reports.recorder().reaction())
        .add(csat.reaction())
        .build();
    CustomerClaims claims = new CustomerClaims(customers, new MergeSuggestionStore(mongo, clock), normalizer, customerService);
    AtomicInteger openConnections = new AtomicInteger();
    SharedCounts rateCounts = rateCounts(config, vertx, mongo, nodeId, clock);
    CustomerFeedRouter feedRouter = new CustomerFeedRouter(eventLog);
    HubAdapterContext adapterContext = new HubAdapterContext(vertx, clock, pipeline, new StoreChannelDirectory(mongo, channels, vertx.eventBus()),
        new AdapterStateStore(mongo), new LeaseStore(mongo, clock, nodeId), channelHealth,
        new AdapterEnvironment(config.httpHost(), config.smtpPort(), config.dataDir(), publicUrl::get,
            config.tlsKeyStore() == null ? null : new AdapterEnvironment.TlsIdentity(config.tlsKeyStore(), config.tlsKeyStorePassword()),
            config.outboundAllowPrivateNetworks()),
        new HubAdapterContext.CustomerSide(new HubCustomerFeeds(vertx, eventLog, mongo, identities, conversations, messages, feedRouter),
            new HubCustomerAccess(new HubCustomerAccess.Stores(store, mongo, identities, customers, claims, conversations, messages, attachments,
                csat)),
            new SettingRateLimits(config.limits(), clock, rateCounts), openConnections));
    RealtimeServices realtime = new RealtimeServices(auth, eventLog, mongo, new AgentPresenceTracker(store, agents, clock, nodeId),
        new ConversationSignals(store, conversations, conversationService), SignalRouter.start(store, feedRouter), config.presenceTimeout(),
        kb.suggestions(), kb.watchers(), new ConversationViewers(), clock);
    return new HubServices(config, clock, mongo, store, eventLog, metrics, OpenApiDocument.load(adapters.types(), adapters.webhookTypes()),
        publicUrl, nodeId, cluster, openConnections, LargeBodyGate.forWebhooks(), knowledge,
        new AccessServices(auth, loginThrottle(config, mongo, clock), new PasswordChecks(vertx), agents, tokens, passwords,
            new AuditTrail(mongo, clock)),
        new ChannelServices(channels, adapters, adapterContext, channelHealth, pipeline, attachments),
        new CustomerServices(normalizer, customers, merger, customerService, claims, timeline, optOuts),
        new ConversationServices(conversations, messages, outbox, conversationService, snoozes, timers, offlineMail, bots, reactions),
        realtime, HelpCenter.create(mongo, channels, adapters, knowledge, kb.articles(), config.limits(), rateCounts, clock),
        PrivacyServices.create(config, mongo, customers, conversations, timelineEvents, attachments, eventLog, secrets, clock),
        kb, routing, new DeskServices(tickets, canned, rules, campaigns, reports, csat));
  }

  /** The per-client limits' counts: this node's alone, or exchanged with the nodes sharing the store every second. */
  private static SharedCounts rateCounts(HubConfig config, Vertx vertx, MongoStore mongo, String nodeId, Clock clock) {
    if (config.embeddedStore()) {
      return SharedCounts.NONE;
    }
    RateCountExchange counts = new RateCountExchange(nodeId, clock);
    counts.start(vertx, mongo);
    return counts;
  }

  /** Counted in memory on one node; in the store when nodes share it, so that spreading guesses over them gains nothing. */
  private static LoginThrottle loginThrottle(HubConfig config, MongoStore mongo, Clock clock) {
    return config.embeddedStore() ? new LoginThrottle(clock, config.limits())
        : new LoginThrottle(clock, config.limits(), new StoredThrottleCounts(mongo), counting -> mongo.write(() -> {
          counting.run();
          return null;
        }));
  }

  /** Deploys one HTTP verticle per event loop on one port, then the outbox dispatcher; returns the port. */
  private static int deploy(Vertx vertx, HubServices services, Clock clock) {
    HubConfig config = services.config();
    // The reports' buckets are computed from the store once, before anything is served, if they never were.
    // Sockets this node held before a restart are gone; so are those of another node that dies.
    AgentPresenceTracker presence = services.realtime().presence();
    await(presence.nodeLeft(services.nodeId()));
    LeaseStore leases = new LeaseStore(services.mongo(), clock, services.nodeId());
    NodeDepartures departures = new NodeDepartures(services.mongo(), presence, leases, services.conversationServices().timers(),
        services.conversationServices().outbox(), services.conversationServices().messages(), clock);
    services.cluster().onNodeLeft(departures::left);
    await(services.cluster().start());
    long rebuilt = await(services.mongo().write(() -> services.desk().reports().rebuildIfMissing(services.eventLog().horizon(), clock.instant())));
    if (rebuilt > 0) {
      log.info("Computed the reports from {} stored conversations", rebuilt);
    }
    await(services.mongo().read(() -> {
      services.desk().campaigns().outcomes().refresh();
      return null;
    }));
    // Port 0 means "any free port"; Vert.x shares one random port among servers asking for -1.
    int bindPort = config.httpPort() == 0 ? -1 : config.httpPort();
    List<HttpServerVerticle> servers = new CopyOnWriteArrayList<>();
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    await(vertx.deployVerticle(() -> {
      HttpServerVerticle server = new HttpServerVerticle(services, bindPort);
      servers.add(server);
      return server;
    }, new DeploymentOptions().setInstances(instances)));
    int port = servers.get(0).actualPort();
    // Events stay replayable for a day; the log is trimmed every ten minutes.
    vertx.setPeriodic(600_000, id -> services.mongo().write(services.eventLog()::trim)
        .onFailure(error -> log.warn("Could not trim the event log: {}", error.getMessage())));
    // A rule's run is remembered while its event can still be replayed.
    vertx.setPeriodic(600_000, id -> services.mongo().write(() -> services.desk().rules().rules()
            .trimRuns(clock.instant().minus(EventLog.RETENTION.multipliedBy(2))))
        .onFailure(error -> log.warn("Could not trim the rules' runs: {}", error.getMessage())));
    // An agent's upload that no reply or note carried within a day is deleted.
    vertx.setPeriodic(3_600_000, id -> services.mongo().write(() -> services.channelServices().attachments()
            .sweepUnclaimed(clock.instant().minus(java.time.Duration.ofDays(1))))
        .onFailure(error -> log.warn("Could not delete unsent uploads: {}", error.getMessage())));
    // Customers' messages are looked at as campaign replies only while a campaign sent within the reply window.
    vertx.setPeriodic(30_000, id -> services.mongo().read(() -> {
      services.desk().campaigns().outcomes().refresh();
      return null;
    }).onFailure(error -> log.warn("Could not look for recent campaigns: {}", error.getMessage())));
    RetentionSweeper retention = services.privacy().retention();
    if (retention.enabled()) {
      // The retention policy runs a minute after start, then hourly, on one node of a cluster at a time.
      Runnable sweep = () -> leases.acquire(RetentionSweeper.LEASE, java.time.Duration.ofMinutes(90))
          .compose(held -> held ? services.mongo().write(retention::sweepOnce) : io.vertx.core.Future.succeededFuture(null))
          .onSuccess(report -> {
            if (report != null && report.any()) {
              log.info("Retention deleted {} audit entries and {} conversations ({} messages, {} files)", report.auditEntries(),
                  report.conversations(), report.messages(), report.files());
            }
          })
          .onFailure(error -> log.warn("Could not apply the retention policy: {}", error.getMessage()));
      vertx.setTimer(60_000, id -> sweep.run());
      vertx.setPeriodic(3_600_000, id -> sweep.run());
    }
    services.publicUrlHolder().set(config.publicUrlFor(port));
    // The knowledge index catches up with the store (a missing or stale index is rebuilt), then follows other nodes' changes.
    services.kb().start(vertx, services.store());
    TimerRegistry timerKinds = TimerRegistry.builder().add(OfflineChatMail.KIND, services.conversationServices().offlineMail())
        .add(BotService.SILENCE, services.conversationServices().bots())
        .add(SnoozeWakeUps.KIND, services.conversationServices().snoozes())
        .add(SlaTracker.KIND, new SlaTimer(services.store(), services.desk().tickets(), services.conversationServices().conversations(), clock))
        .add(RuleEngine.IDLE, services.desk().rules().engine().idleTimer())
        .add(CampaignSender.KIND, services.desk().campaigns().sender())
        .add(CsatSurveys.KIND, services.desk().csat().asker()).build();
    await(new TimerScheduler(vertx, services.mongo(), services.conversationServices().timers(), timerKinds, services.nodeId(), clock).start());
    services.routing().router().start(vertx);
    services.routing().stats().start(vertx, leases);
    await(services.conversationServices().reactions().start(vertx, services.store(), services.mongo(), services.eventLog(), clock,
        leases));
    await(vertx.deployVerticle(new OutboxDispatcher(services.store(), services.conversationServices().outbox(), services.conversationServices().messages(), services.conversationServices().conversations(),
        services.customerServices().customers(), services.customerServices().optOuts(), Map.of(Outbox.KIND_BOT_EVENT, services.conversationServices().bots().events(),
            OfflineChatMail.KIND_DELIVERY, services.conversationServices().offlineMail().deliveries(), RuleServices.WEBHOOK_KIND,
            services.desk().rules().webhooks()), services.channelServices().channels(),
        services.channelServices().adapters(),
        new Backoff(config.outboxRetryBase(), new SecureRandom()), clock,
        config.outboxMaxAttempts(), services.nodeId(), services.metrics(), services.channelServices().attachments())));
    return port;
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("start-up step failed: " + e.getMessage(), e);
    }
  }

  public int httpPort() {
    return httpPort;
  }

  /** The inbound SMTP port, or -1 when SMTP is off. */
  public int smtpPort() {
    return services.channelServices().adapters().ports().getOrDefault("smtp", -1);
  }

  public String publicUrl() {
    return services.publicUrl();
  }

  public Path dataDir() {
    return services.config().dataDir();
  }

  public HubServices services() {
    return services;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Stops serving, lets in-flight work finish, commits the store and closes it. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      services.channelServices().adapters().stopAll().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Channel adapters did not stop cleanly: {}", e.toString());
    }
    services.routing().router().stop();
    services.routing().stats().stop();
    try {
      services.conversationServices().reactions().stop().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Reactions did not stop cleanly: {}", e.toString());
    }
    services.kb().trending().close();
    services.kb().sync().close();
    closeQuietly(vertx, services.mongo(), services.knowledge(), services.cluster());
    log.info("OmniHub stopped");
  }

  private static void closeQuietly(Vertx vertx, MongoStore mongo, KnowledgeIndex knowledge, Cluster cluster) {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Vert.x did not close cleanly: {}", e.toString());
    }
    // Nothing is served any more: the other nodes may stop waiting for this one.
    cluster.leave();
    if (mongo != null) {
      try {
        mongo.close();
      } catch (RuntimeException e) {
        log.warn("Store did not close cleanly", e);
      }
    }
    if (knowledge != null) {
      try {
        // Closing does not commit (so a stop is no better than a kill, which reconciliation covers); a clean stop does.
        knowledge.commit();
        knowledge.close();
      } catch (RuntimeException e) {
        log.warn("Knowledge index did not close cleanly", e);
      }
    }
  }
}
