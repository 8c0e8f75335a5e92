package dev.omnihub.hub.realtime;

import static dev.omnihub.hub.realtime.WidgetChannels.allowOrigin;
import static dev.omnihub.hub.realtime.WidgetChannels.chatChannel;

import dev.omnihub.adapters.chat.ChatSettings;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.customer.IdentityResolution;
import dev.omnihub.hub.errors.ForbiddenException;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.net.ClientOrigin;
import dev.omnihub.hub.service.ResolutionEvents;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/widget/{channelId}/session} gives a visitor a signed token (keeping the one they
 * had); cross-origin by nature, it answers CORS for the channel's allowed origins.
 */
final class WidgetSessionRoutes {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final WidgetServices.Sessions services;

  WidgetSessionRoutes(WidgetServices.Sessions services) {
    this.services = services;
  }

  void mount(Router router) {
    router.route(HttpMethod.OPTIONS, "/api/v1/widget/:channelId/session").handler(this::preflight);
    router.post("/api/v1/widget/:channelId/session").handler(this::session);
  }

  private void preflight(RoutingContext ctx) {
    String channelId = ctx.pathParam("channelId");
    services.store().read(() -> chatChannel(services.channels(), channelId)).onSuccess(channel -> {
      allowOrigin(ctx, channel);
      ctx.response().putHeader("Access-Control-Allow-Methods", "POST").putHeader("Access-Control-Allow-Headers", "Content-Type")
          .putHeader("Access-Control-Max-Age", "600").setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  /** A visitor the session route let in: their channel, id and (verified) user id. */
  private record Admitted(Channel channel, String visitorId, String verifiedUser) {

    Contact contact(String name) {
      return WidgetChannels.visitorContact(visitorId, verifiedUser, name);
    }
  }

  /**
   * Signs the visitor's token (keeping the visitor they were). What the visitor says about themselves
   * is stored at once: a name, and an email or phone as a claim (shown to agents, raising a merge
   * suggestion when another profile owns it, never merging by itself); a verified {@code userId}
   * joins that user's profile.
   */
  private void session(RoutingContext ctx) {
    services.perAddress().acquire(ClientOrigin.of(ctx).limitKey());
    String channelId = ctx.pathParam("channelId");
    JsonInput body = ctx.body().buffer() == null || ctx.body().length() == 0 ? JsonInput.of(new JsonObject())
        : JsonInput.parse(ctx.body().buffer());
    String previous = body.optionalString("visitorToken", 1024);
    JsonInput identity = body.optionalObject("identity");
    String userId = identity == null ? null : identity.optionalString("userId", 200);
    String userHash = identity == null ? null : identity.optionalString("userHash", 128);
    String name = identity == null ? null : identity.optionalString("name", 200);
    List<ContactIdentity> claimed = new ArrayList<>();
    if (identity != null && identity.optionalString("email", 320) != null) {
      claimed.add(ContactIdentity.email(identity.optionalString("email", 320)));
    }
    if (identity != null && identity.optionalString("phone", 40) != null) {
      claimed.add(ContactIdentity.phone(identity.optionalString("phone", 40)));
    }
    String origin = ctx.request().getHeader("Origin");
    services.store().read(() -> admit(channelId, origin, previous, userId, userHash))
        .compose(admitted -> claimed.isEmpty() && name == null && admitted.verifiedUser() == null ? Future.succeededFuture(admitted)
            : services.publishing().writeAndPublish(() -> introduce(admitted, name, claimed)).map(admitted))
        .compose(admitted -> services.store().read(() -> answer(admitted)).onSuccess(answer -> {
          allowOrigin(ctx, admitted.channel());
          ctx.response().putHeader("Content-Type", "application/json").end(answer.encode());
        }))
        .onFailure(ctx::fail);
  }

  private Admitted admit(String channelId, String origin, String previous, String userId, String userHash) {
    Channel channel = chatChannel(services.channels(), channelId);
    if (origin != null && !ChatSettings.from(channel.options()).allows(origin)) {
      throw new ForbiddenException("this site may not use the widget of channel " + channelId);
    }
    if (userId != null && !VisitorTokens.userHashMatches(userId, userHash, channel.secret())) {
      throw InputRejectedException.unauthenticated("invalid_user_hash", "userHash is not the HMAC-SHA256 of userId with the channel secret");
    }
    Optional<VisitorTokens.Visitor> known = VisitorTokens.verify(previous, channelId, channel.secret());
    String visitorId = known.map(VisitorTokens.Visitor::visitorId).orElseGet(WidgetSessionRoutes::newVisitorId);
    return new Admitted(channel, visitorId, userId != null ? userId : known.map(VisitorTokens.Visitor::userId).orElse(null));
  }

  /** The visitor's profile, created if new, with their name and claims (blocking). */
  private Outcome<Void> introduce(Admitted admitted, String name, List<ContactIdentity> claimed) {
    IdentityResolution resolution = services.identities().resolve(admitted.contact(name));
    List<HubEvent> events = new ArrayList<>();
    ResolutionEvents.addTo(events, resolution, services.customers());
    events.addAll(services.claims().record(resolution.customerId(), claimed, "widget"));
    return new Outcome<>(null, events);
  }

  private JsonObject answer(Admitted admitted) {
    Channel channel = admitted.channel();
    JsonObject answer = new JsonObject().put("visitorToken",
        VisitorTokens.issue(channel.id(), admitted.visitorId(), admitted.verifiedUser(), channel.secret()));
    ChatSettings settings = ChatSettings.from(channel.options());
    if (settings.greeting() != null) {
      answer.put("greeting", settings.greeting());
    }
    answer.put("maxAttachmentBytes", settings.maxAttachmentBytes());
    services.identities().lookup(admitted.contact(null)).flatMap(services.conversations()::findActiveFor)
        .ifPresent(conversation -> answer.put("conversationId", conversation.id()));
    return answer;
  }

  private static String newVisitorId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "v" + HexFormat.of().formatHex(bytes);
  }
}
