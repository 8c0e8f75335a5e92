package dev.omnihub.adapters.chat;

import static dev.omnihub.adapters.chat.WidgetChannels.allowOrigin;
import static dev.omnihub.adapters.chat.WidgetChannels.chatChannel;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.ForbiddenException;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.RateLimits;
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

  private final AdapterContext context;
  private final RateLimits.RateLimit perAddress;

  WidgetSessionRoutes(AdapterContext context, RateLimits.RateLimit perAddress) {
    this.context = context;
    this.perAddress = perAddress;
  }

  void mount(Router router) {
    router.route(HttpMethod.OPTIONS, "/api/v1/widget/:channelId/session").handler(this::preflight);
    router.post("/api/v1/widget/:channelId/session").handler(this::session);
  }

  private void preflight(RoutingContext ctx) {
    chatChannel(context.channels(), ctx.pathParam("channelId")).onSuccess(channel -> {
      allowOrigin(ctx, channel);
      ctx.response().putHeader("Access-Control-Allow-Methods", "POST").putHeader("Access-Control-Allow-Headers", "Content-Type")
          .putHeader("Access-Control-Max-Age", "600").setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  /** A visitor the session route let in: their channel, id and (verified) user id. */
  private record Admitted(ChannelSettings channel, String visitorId, String verifiedUser) {

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
    perAddress.acquire(context.clientAddress(ctx));
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
    chatChannel(context.channels(), ctx.pathParam("channelId"))
        .map(channel -> admit(channel, origin, previous, userId, userHash))
        .compose(admitted -> claimed.isEmpty() && name == null && admitted.verifiedUser() == null ? Future.succeededFuture(admitted)
            : context.customers().introduce(admitted.contact(name), claimed, "widget").map(admitted))
        .compose(admitted -> context.customers().activeConversation(admitted.contact(null)).map(active -> answer(admitted, active)).onSuccess(answer -> {
          allowOrigin(ctx, admitted.channel());
          ctx.response().putHeader("Content-Type", "application/json").end(answer.encode());
        }))
        .onFailure(ctx::fail);
  }

  private Admitted admit(ChannelSettings channel, String origin, String previous, String userId, String userHash) {
    if (origin != null && !ChatSettings.from(channel.options()).allows(origin)) {
      throw new ForbiddenException("this site may not use the widget of channel " + channel.id());
    }
    if (userId != null && !VisitorTokens.userHashMatches(userId, userHash, channel.secret())) {
      throw InputRejectedException.unauthenticated("invalid_user_hash", "userHash is not the HMAC-SHA256 of userId with the channel secret");
    }
    Optional<VisitorTokens.Visitor> known = VisitorTokens.verify(previous, channel.id(), channel.secret());
    String visitorId = known.map(VisitorTokens.Visitor::visitorId).orElseGet(WidgetSessionRoutes::newVisitorId);
    return new Admitted(channel, visitorId, userId != null ? userId : known.map(VisitorTokens.Visitor::userId).orElse(null));
  }

  private static JsonObject answer(Admitted admitted, Optional<String> activeConversation) {
    ChannelSettings channel = admitted.channel();
    JsonObject answer = new JsonObject().put("visitorToken",
        VisitorTokens.issue(channel.id(), admitted.visitorId(), admitted.verifiedUser(), channel.secret()));
    ChatSettings settings = ChatSettings.from(channel.options());
    if (settings.greeting() != null) {
      answer.put("greeting", settings.greeting());
    }
    answer.put("maxAttachmentBytes", settings.maxAttachmentBytes());
    // The widget speaks it from the answer on; "auto" leaves it to the page's lang and the browser.
    answer.put("language", settings.language());
    activeConversation.ifPresent(id -> answer.put("conversationId", id));
    return answer;
  }

  private static String newVisitorId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "v" + HexFormat.of().formatHex(bytes);
  }
}
