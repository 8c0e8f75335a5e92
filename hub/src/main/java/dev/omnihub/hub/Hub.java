package dev.omnihub.hub;

import dev.omnihub.adapters.api.ApiChannelAdapter;
import dev.omnihub.adapters.webhook.SignedWebhookClient;
import dev.omnihub.hub.api.HttpServerVerticle;
import dev.omnihub.hub.audit.AuditLog;
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
import dev.omnihub.hub.conversation.ThreadResolver;
import dev.omnihub.hub.customer.CustomerMerger;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.customer.IdentityResolver;
import dev.omnihub.hub.events.EventPublisher;
import dev.omnihub.hub.events.HubEventCodec;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.ingest.IngestMetrics;
import dev.omnihub.hub.ingest.IngestPipeline;
import dev.omnihub.hub.outbound.Backoff;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.outbound.OutboxDispatcher;
import dev.omnihub.hub.secrets.SecretKeys;
import dev.omnihub.hub.service.ConversationService;
import dev.omnihub.hub.service.CustomerService;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.StoreIndexes;
import dev.omnihub.kb.KnowledgeIndex;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(metrics))
        .build();
    MongoStore mongo = null;
    KnowledgeIndex knowledge = null;
    try {
      HubEventCodec.registerAll(vertx.eventBus());
      mongo = MongoStore.open(vertx, config, metrics);
      StoreIndexes.create(mongo);
      knowledge = KnowledgeIndex.open(config.dataDir().resolve("knowledge"));
      HubServices services = wire(vertx, config, clock, mongo, metrics, knowledge);
      services.merger().resumeInterrupted();
      int sealed = services.channels().sealPlainSecrets();
      if (sealed > 0) {
        log.info("Encrypted the secrets of {} channels written before secrets were encrypted", sealed);
      }
      services.auth().bootstrapAdmin(config);
      int port = deploy(vertx, services, clock);
      return new Hub(vertx, services, port);
    } catch (RuntimeException e) {
      closeQuietly(vertx, mongo, knowledge);
      throw e;
    }
  }

  private static HubServices wire(Vertx vertx, HubConfig config, Clock clock, MongoStore mongo, PrometheusMeterRegistry metrics,
      KnowledgeIndex knowledge) {
    PublishingStore store = new PublishingStore(mongo, new EventPublisher(vertx.eventBus()));
    IdentityNormalizer normalizer = new IdentityNormalizer(config.defaultPhoneRegion());
    CustomerStore customers = new CustomerStore(mongo, clock);
    ConversationStore conversations = new ConversationStore(mongo, clock);
    MessageStore messages = new MessageStore(mongo);
    CustomerMerger merger = new CustomerMerger(customers, conversations, new AuditLog(mongo, clock));
    IngestPipeline pipeline = new IngestPipeline(store, new IdentityResolver(normalizer, customers, merger),
        new ThreadResolver(conversations), conversations, messages, new IngestMetrics(metrics), clock);
    AgentStore agents = new AgentStore(mongo, clock);
    ApiTokenStore tokens = new ApiTokenStore(mongo, clock);
    PasswordHasher passwords = new PasswordHasher();
    ChannelAdapters adapters = new ChannelAdapters(List.of(new ApiChannelAdapter(new SignedWebhookClient(vertx, clock, 10_000))));
    ChannelStore channels = new ChannelStore(mongo, SecretKeys.open(config.secretsKey(), config.dataDir()), adapters::credentialSettings, clock);
    Outbox outbox = new Outbox(mongo, clock);
    return new HubServices(config, clock, mongo, store, metrics, openApiDocument(), AuthService.create(vertx, mongo, agents, tokens, passwords, config),
        new LoginThrottle(clock),
        agents, tokens, passwords, normalizer, channels, adapters, pipeline, customers, merger, new CustomerService(customers, merger, conversations),
        conversations, messages, outbox, new ConversationService(conversations, messages, channels, agents, outbox, mongo, clock), knowledge,
        new AtomicReference<>(config.publicUrlFor(config.httpPort())));
  }

  /** Deploys one HTTP verticle per event loop on one port, then the outbox dispatcher; returns the port. */
  private static int deploy(Vertx vertx, HubServices services, Clock clock) {
    HubConfig config = services.config();
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
    services.publicUrlHolder().set(config.publicUrlFor(port));
    await(vertx.deployVerticle(new OutboxDispatcher(services.store(), services.outbox(), services.messages(), services.conversations(),
        services.customers(), services.channels(), services.adapters(), new Backoff(config.outboxRetryBase(), new SecureRandom()), clock,
        config.outboxMaxAttempts(), "node-" + Ids.newId(), services.metrics())));
    return port;
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("start-up step failed: " + e.getMessage(), e);
    }
  }

  private static Buffer openApiDocument() {
    try (InputStream in = Hub.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int httpPort() {
    return httpPort;
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
    closeQuietly(vertx, services.mongo(), services.knowledge());
    log.info("OmniHub stopped");
  }

  private static void closeQuietly(Vertx vertx, MongoStore mongo, KnowledgeIndex knowledge) {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Vert.x did not close cleanly: {}", e.toString());
    }
    if (mongo != null) {
      try {
        mongo.close();
      } catch (RuntimeException e) {
        log.warn("Store did not close cleanly", e);
      }
    }
    if (knowledge != null) {
      try {
        knowledge.close();
      } catch (RuntimeException e) {
        log.warn("Knowledge index did not close cleanly", e);
      }
    }
  }
}
