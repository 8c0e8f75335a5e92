package dev.omnihub.hub.api;

import dev.omnihub.hub.HubServices;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** Builds the HTTP router: body limits, every route class, and error mapping. */
public final class ApiRouter {

  /** Largest webhook body any channel accepts; each adapter enforces its own limit below it. */
  static final long WEBHOOK_BODY_LIMIT = 8L * 1024 * 1024;

  private ApiRouter() {
  }

  public static Router create(Vertx vertx, HubServices hub) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(hub.config().maxBodyBytes()));
    router.route("/webhooks/*").handler(BodyHandler.create(false).setBodyLimit(WEBHOOK_BODY_LIMIT));

    Authentication auth = new Authentication(hub.auth());
    new OpsRoutes(hub.mongo(), hub.metrics(), hub.openApi(), hub::healthDetails).mount(router);
    new AuthRoutes(hub.store(), hub.auth(), hub.agents(), hub.loginThrottle()).mount(router, auth);
    new AgentRoutes(hub.store(), hub.agents(), hub.passwords(), hub.normalizer()).mount(router, auth);
    new TokenRoutes(hub.store(), hub.tokens()).mount(router, auth);
    new ChannelRoutes(hub.store(), hub.channels(), hub.adapters(), hub::publicUrl).mount(router, auth);
    new WebhookRoutes(hub.store(), hub.channels(), hub.adapters(), hub.pipeline(), hub::publicUrl, hub.clock()).mount(router);
    new CustomerRoutes(hub.store(), hub.customers(), hub.customerService(), hub.normalizer()).mount(router, auth);
    new ConversationRoutes(hub.store(), hub.conversations(), hub.messages(), hub.conversationService(), vertx.eventBus())
        .mount(router, auth);

    router.route().failureHandler(ErrorMapper::handle);
    router.errorHandler(404, ErrorMapper::handle);
    router.errorHandler(405, ErrorMapper::handle);
    return router;
  }
}
