package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.webhook.OutboundAddresses;
import dev.omnihub.hub.HubServices;
import dev.omnihub.hub.net.ClientOrigin;
import dev.omnihub.hub.realtime.AgentSocketRoute;
import dev.omnihub.hub.realtime.HelpCenterRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** Builds the HTTP router: body limits, every route class, and error mapping. */
public final class ApiRouter {

  /** Largest webhook body any channel accepts; each adapter enforces its own limit below it. */
  /** Webhooks of a type without a limit of its own (they answer 404): nothing large is read for them. */
  static final long WEBHOOK_BODY_LIMIT = 64L * 1024;

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, HubServices hub) {
    Router router = Router.router(vertx);
    // First: who the client is (behind a trusted proxy, the address it forwarded); limits, audit and logs use it.
    router.route().handler(ClientOrigin.handler(hub.config().trustedProxies()));
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });
    // First: a deadline for the whole request, body included (a trickled body is not idle).
    router.route("/api/*").handler(RequestDeadline.of(hub.config().httpRequestTimeout()));
    router.route("/webhooks/*").handler(RequestDeadline.of(hub.config().httpRequestTimeout()));
    Authentication auth = new Authentication(hub.access().auth());
    // The token before the body: an unauthenticated request is refused without buffering what it sends.
    router.route("/api/*").handler(auth.beforeBody());
    ScopeGate scope = new ScopeGate(hub.store(), hub.mongo());
    AuditRoutes audit = new AuditRoutes(hub.store(), hub.access().auditTrail());
    router.route("/api/*").handler(audit.recorder());
    router.post(AttachmentRoutes.UPLOADS).handler(AttachmentRoutes::refuseDeclaredTooLarge);
    router.post(AttachmentRoutes.UPLOADS).handler(AttachmentRoutes.uploadBody());
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(hub.config().maxBodyBytes()));
    // Each channel type's own limit, before buffering (a voice transcript may be 20 MiB, an SMS 64 KiB).
    for (ChannelType type : hub.channelServices().adapters().types()) {
      long limit = hub.channelServices().adapters().adapter(type).webhook().isPresent()
          ? hub.channelServices().adapters().adapter(type).webhook().get().maxBodyBytes() : 0;
      if (limit > 0) {
        router.route("/webhooks/" + type.wireName() + "/*").handler(new DeclaredLengthBody(WebhookRoutes.INLINE_PARSE_BYTES, limit));
        router.route("/webhooks/" + type.wireName() + "/*").handler(BodyHandler.create(false).setBodyLimit(limit));
      }
    }
    router.route("/webhooks/*").handler(BodyHandler.create(false).setBodyLimit(WEBHOOK_BODY_LIMIT));
    // Large bodies are verified, parsed and stored a few at a time (reading them is not held back: a
    // sender that trickles its body must not hold up the others).
    router.route("/webhooks/*").handler(hub.largeBodies().handler());
    new OpsRoutes(hub.mongo(), hub.metrics(), hub.openApi(), hub::healthDetails).mount(router);
    new ConsoleRoutes(ApiRouter.class.getClassLoader()).mount(router);
    new AuthRoutes(hub.store(), hub.access().auth(), hub.access().agents(), hub.access().loginThrottle(), hub.access().passwordChecks(), hub.access().auditTrail(),
        new ConsoleSession(hub.config().authTokenTtl())).mount(router, auth);
    new AgentRoutes(hub.store(), hub.access().agents(), hub.access().passwords(), hub.customerServices().normalizer(),
        hub.realtime().presence(), hub.routing().queues(), hub.routing().router()).mount(router, auth);
    new QueueRoutes(hub.store(), hub.routing().queues(), hub.access().agents(), hub.channelServices().channels(), hub.routing().router(),
        hub.clock()).mount(router, auth);
    new SupervisorRoutes(hub.store(), hub.routing().board(), hub.clock()).mount(router, auth);
    new TokenRoutes(hub.store(), hub.access().tokens(), hub.channelServices().channels()).mount(router, auth);
    OutboundAddresses outbound = new OutboundAddresses(vertx, hub.config().outboundAllowPrivateNetworks());
    new ChannelRoutes(hub.store(), hub.channelServices().channels(), hub.channelServices().adapters(), hub::publicUrl, hub.channelServices().channelHealth(), vertx.eventBus(), outbound)
        .mount(router, auth);
    new WebhookRoutes(vertx, hub.store(), hub.channelServices().channels(), hub.channelServices().adapters(), hub.channelServices().pipeline(), hub::publicUrl, hub.clock()).mount(router);
    new CustomerRoutes(hub.store(), hub.customerServices().customers(), hub.customerServices().customerService(), hub.customerServices().normalizer(), hub.privacy().sensitive()).mount(router, auth, scope);
    new KnowledgeRoutes(vertx, hub.store(), hub.kb(), hub.conversationServices().conversations()).mount(router, auth, scope);
    new AlertRoutes(hub.store(), hub.kb().alerts()).mount(router, auth);
    new PrivacyRoutes(hub.store(), hub.customerServices().customers(), hub.privacy()).mount(router, auth, scope);
    new MergeSuggestionRoutes(hub.store(), hub.customerServices().customerClaims()).mount(router, auth, scope);
    new TimelineRoutes(hub.store(), hub.customerServices().timeline(), hub.customerServices().normalizer()).mount(router, auth, scope);
    new BotRoutes(hub.store(), hub.conversationServices().bots(), hub.channelServices().channels(), outbound).mount(router, auth, scope);
    audit.mount(router, auth);
    new ConversationRoutes(hub.store(), hub.conversationServices().conversations(), hub.conversationServices().messages(), hub.conversationServices().conversationService(),
        hub.routing().manual(), hub.desk().canned(), hub.customerServices().customers(), hub.channelServices().attachments())
        .mount(router, auth, scope);
    new TicketRoutes(hub.store(), hub.desk().tickets(), hub.conversationServices().conversations(), hub.routing().queues(), hub.access().agents(),
        hub.conversationServices().conversationService(), hub.clock()).mount(router, auth, scope);
    new RuleRoutes(vertx, hub.store(), hub.desk().rules(), new RuleRoutes.Directory(hub.routing().queues(), hub.access().agents(),
        hub.desk().canned().responses(), new dev.omnihub.hub.ticket.SlaSettings(hub.mongo())), hub.conversationServices().conversations(),
        hub.conversationServices().messages(), outbound, hub.clock()).mount(router, auth);
    new CannedResponseRoutes(hub.store(), hub.desk().canned().responses(), hub.clock()).mount(router, auth);
    new CampaignRoutes(hub.store(), hub.desk().campaigns()).mount(router, auth, scope);
    new ReportRoutes(hub.store(), hub.desk().reports()).mount(router, auth, scope);
    new CsatRoutes(hub.store(), hub.desk().csat()).mount(router);
    new SlaRoutes(hub.store(), new dev.omnihub.hub.ticket.SlaSettings(hub.mongo()), hub.routing().queues(), hub.clock()).mount(router, auth);

    new AttachmentRoutes(hub.store(), hub.channelServices().attachments(), hub.clock()).mount(router, auth, scope);
    new DeliveryRoutes(hub.store(), hub.conversationServices().messages(), hub.conversationServices().conversationService()).mount(router, auth, scope);
    new AgentSocketRoute(vertx, hub.realtime(), hub.openConnections()).mount(router);
    new HelpCenterRoutes(vertx, hub.helpCenter()).mount(router);
    hub.channelServices().adapterContext().mountRoutes(router);

    router.route().failureHandler(ErrorMapper::handle);
    router.errorHandler(404, ErrorMapper::handle);
    router.errorHandler(405, ErrorMapper::handle);
    return router;
  }
}
