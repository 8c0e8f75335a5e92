package dev.omnihub.hub.realtime;

import dev.omnihub.adapters.chat.ChatSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.customer.IdentityResolution;
import dev.omnihub.hub.errors.ForbiddenException;
import dev.omnihub.hub.errors.NotFoundException;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.kb.ArticleMarkdown;
import dev.omnihub.hub.kb.KbArticle;
import dev.omnihub.hub.net.ClientOrigin;
import dev.omnihub.hub.service.ResolutionEvents;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.kb.SearchScope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The website widget's routes: {@code GET /widget.js} is the script a site embeds,
 * {@code POST /api/v1/widget/{channelId}/session} gives a visitor a
 * signed token (keeping the one they had), and {@code GET /ws/widget?token=&since=} is their socket.
 * Both are cross-origin by nature: the session answers CORS for the channel's allowed origins, and the
 * socket refuses an {@code Origin} the channel does not allow (close 4403).
 */
public final class WidgetRoutes {

  static final short CLOSE_UNAUTHENTICATED = 4401;
  static final short CLOSE_FORBIDDEN_ORIGIN = 4403;
  static final short CLOSE_BAD_REQUEST = 4400;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final WidgetServices services;
  /** An upgraded connection no longer reports its close to the server: the socket's end does. */
  private final java.util.concurrent.atomic.AtomicInteger openConnections;

  public WidgetRoutes(Vertx vertx, WidgetServices services, java.util.concurrent.atomic.AtomicInteger openConnections) {
    this.vertx = vertx;
    this.services = services;
    this.openConnections = openConnections;
  }

  public void mount(Router router) {
    Buffer script = WidgetScript.load();
    router.get("/widget.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8")
        // Any site may load the script; what it may do is decided by the session and the socket.
        .putHeader("Access-Control-Allow-Origin", "*").putHeader("Cache-Control", "public, max-age=300").end(script));
    router.route(HttpMethod.OPTIONS, "/api/v1/widget/:channelId/session").handler(this::preflight);
    router.post("/api/v1/widget/:channelId/session").handler(this::session);
    router.get("/ws/widget").handler(this::socket);
    router.get("/api/v1/widget/:channelId/messages/:messageId/attachments/:index").handler(this::attachment);
    router.get("/api/v1/widget/:channelId/kb/search").handler(this::search);
    router.get("/api/v1/widget/:channelId/kb/articles/:articleId").handler(this::article);
  }

  /** A published article, as the help center shows it (drafts answer 404, as if they did not exist). */
  private void article(RoutingContext ctx) {
    services.searchesPerAddress().acquire(ClientOrigin.of(ctx).limitKey());
    String channelId = ctx.pathParam("channelId");
    String articleId = ctx.pathParam("articleId");
    record Shown(Channel channel, String json) {
    }
    services.store().read(() -> {
      Channel channel = chatChannel(channelId);
      KbArticle article = Ids.looksLikeId(articleId) ? services.articles().findLive(articleId) : null;
      if (article == null || !article.published()) {
        throw new NotFoundException("article", articleId);
      }
      // Rendered here, on the store's worker: Markdown is no work for an event loop.
      return new Shown(channel, new JsonObject().put("id", article.id())
          .put("title", article.title()).put("html", ArticleMarkdown.html(article.body())).put("locale", article.locale())
          .put("tags", new JsonArray(article.tags())).put("updatedAt", article.updatedAt().toString()).encode());
    }).onSuccess(shown -> {
      allowOrigin(ctx, shown.channel());
      ctx.response().putHeader("Content-Type", "application/json").end(shown.json());
    }).onFailure(ctx::fail);
  }

  /**
   * Self-service: the help center's published articles for what a visitor types, before they write to
   * anyone. No visitor token needed (the articles are public); limited per address, and answered to
   * the sites the channel allows.
   */
  private void search(RoutingContext ctx) {
    services.searchesPerAddress().acquire(ClientOrigin.of(ctx).limitKey());
    String q = ctx.request().getParam("q");
    if (q == null || q.isBlank() || q.length() > 500) {
      throw InputRejectedException.invalid("q", "q is the text to search for (at most 500 characters)");
    }
    String locale = ctx.request().getParam("locale");
    int limit;
    try {
      limit = ctx.request().getParam("limit") == null ? 5 : Math.max(1, Math.min(10, Integer.parseInt(ctx.request().getParam("limit"))));
    } catch (NumberFormatException e) {
      throw InputRejectedException.invalid("limit", "limit is a whole number from 1 to 10");
    }
    String channelId = ctx.pathParam("channelId");
    services.store().read(() -> chatChannel(channelId))
        .compose(channel -> vertx.executeBlocking(() -> services.knowledge().search(q, locale, limit, SearchScope.PUBLISHED_ARTICLES), false)
            .onSuccess(hits -> {
              allowOrigin(ctx, channel);
              ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", new JsonArray(hits.stream()
                  .map(hit -> new JsonObject().put("articleId", hit.id()).put("title", hit.title()).put("snippet", hit.snippet())
                      .put("score", Math.round(hit.score() * 1000) / 1000.0)).toList())).encode());
            }))
        .onFailure(ctx::fail);
  }

  private void preflight(RoutingContext ctx) {
    String channelId = ctx.pathParam("channelId");
    services.store().read(() -> chatChannel(channelId)).onSuccess(channel -> {
      allowOrigin(ctx, channel);
      ctx.response().putHeader("Access-Control-Allow-Methods", "POST").putHeader("Access-Control-Allow-Headers", "Content-Type")
          .putHeader("Access-Control-Max-Age", "600").setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  /** A visitor the session route let in: their channel, id and (verified) user id. */
  private record Admitted(Channel channel, String visitorId, String verifiedUser) {

    Contact contact(String name) {
      return verifiedUser == null ? Contact.of(name, ContactIdentity.visitor(visitorId))
          : Contact.of(name, ContactIdentity.visitor(visitorId), ContactIdentity.external(verifiedUser));
    }
  }

  /**
   * Signs the visitor's token (keeping the visitor they were). What the visitor says about themselves
   * is stored at once: a name, and an email or phone as a claim (shown to agents, raising a merge
   * suggestion when another profile owns it, never merging by itself); a verified {@code userId}
   * joins that user's profile.
   */
  private void session(RoutingContext ctx) {
    services.sessionsPerAddress().acquire(ClientOrigin.of(ctx).limitKey());
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
    Channel channel = chatChannel(channelId);
    if (origin != null && !ChatSettings.from(channel.options()).allows(origin)) {
      throw new ForbiddenException("this site may not use the widget of channel " + channelId);
    }
    if (userId != null && !VisitorTokens.userHashMatches(userId, userHash, channel.secret())) {
      throw InputRejectedException.unauthenticated("invalid_user_hash", "userHash is not the HMAC-SHA256 of userId with the channel secret");
    }
    Optional<VisitorTokens.Visitor> known = VisitorTokens.verify(previous, channelId, channel.secret());
    String visitorId = known.map(VisitorTokens.Visitor::visitorId).orElseGet(WidgetRoutes::newVisitorId);
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

  /**
   * A file of a message in the visitor's own chats, for the visitor ({@code ?token=<visitorToken>}).
   * Anything else (another visitor's message, a note, a bad token) is 404, whatever the reason.
   */
  private void attachment(RoutingContext ctx) {
    String channelId = ctx.pathParam("channelId");
    String messageId = ctx.pathParam("messageId");
    String token = ctx.request().getParam("token");
    int index;
    try {
      index = Integer.parseInt(ctx.pathParam("index"));
    } catch (NumberFormatException e) {
      throw new NotFoundException("attachment", ctx.pathParam("index"));
    }
    if (!Ids.looksLikeId(messageId)) {
      throw new NotFoundException("attachment", messageId + "/" + index);
    }
    services.store().read(() -> {
      Channel channel = chatChannel(channelId);
      VisitorTokens.Visitor visitor = VisitorTokens.verify(token, channelId, channel.secret())
          .orElseThrow(() -> new NotFoundException("attachment", messageId + "/" + index));
      Contact contact = new Admitted(channel, visitor.visitorId(), visitor.userId()).contact(null);
      return services.messages().find(messageId)
          .filter(message -> message.direction() == Direction.INBOUND || message.direction() == Direction.OUTBOUND)
          .filter(message -> services.identities().lookup(contact).map(customer -> services.conversations()
              .ofCustomerOnChannel(customer, channelId).stream().anyMatch(chat -> chat.id().equals(message.conversationId()))).orElse(false))
          .filter(message -> index >= 0 && index < message.attachments().size())
          .map(message -> message.attachments().get(index).id())
          .flatMap(fileId -> fileId == null ? Optional.empty() : services.attachments().find(fileId))
          .orElseThrow(() -> new NotFoundException("attachment", messageId + "/" + index));
    }).onSuccess(file -> ctx.response()
        .putHeader("Content-Type", file.contentType())
        .putHeader("Content-Disposition", "attachment; filename*=UTF-8''" + java.net.URLEncoder.encode(
            file.fileName() == null ? "attachment" : file.fileName(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))
        .putHeader("Content-Security-Policy", "sandbox")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "private, max-age=3600")
        .end(Buffer.buffer(file.content())))
        .onFailure(ctx::fail);
  }

  private void socket(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    String since = ctx.request().getParam("since");
    String origin = ctx.request().getHeader("Origin");
    String client = ClientOrigin.of(ctx).limitKey();
    ctx.request().toWebSocket().onSuccess(socket -> {
      socket.endHandler(ended -> openConnections.decrementAndGet());
      socket.pause();
      int from;
      try {
        from = since == null || since.isBlank() ? 0 : Integer.parseInt(since.strip());
        if (from < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        socket.close(CLOSE_BAD_REQUEST, "invalid_since");
        return;
      }
      Optional<String> channelId = VisitorTokens.claimedChannel(token);
      if (channelId.isEmpty()) {
        socket.close(CLOSE_UNAUTHENTICATED, "invalid_token");
        return;
      }
      services.store().read(() -> services.channels().findCached(channelId.get()).filter(channel -> channel.type() == ChannelType.CHAT))
          .onComplete(result -> open(socket, token, origin, client, from, result.succeeded() ? result.result() : Optional.empty()));
    }).onFailure(ctx::fail);
  }

  private void open(ServerWebSocket socket, String token, String origin, String client, int since, Optional<Channel> channel) {
    Optional<VisitorTokens.Visitor> visitor = channel.flatMap(found -> VisitorTokens.verify(token, found.id(), found.secret()));
    if (visitor.isEmpty()) {
      socket.close(CLOSE_UNAUTHENTICATED, "invalid_token");
      return;
    }
    if (origin != null && !ChatSettings.from(channel.get().options()).allows(origin)) {
      socket.close(CLOSE_FORBIDDEN_ORIGIN, "origin_not_allowed");
      return;
    }
    new WidgetSocket(vertx, socket, services, channel.get().id(), ChatSettings.from(channel.get().options()), visitor.get(),
        client).start(since);
  }

  /** The chat channel, or 404 for any other id (a guessed id learns nothing). */
  private Channel chatChannel(String channelId) {
    if (!Ids.looksLikeId(channelId)) {
      throw new NotFoundException("channel", channelId);
    }
    return services.channels().findCached(channelId).filter(channel -> channel.type() == ChannelType.CHAT)
        .orElseThrow(() -> new NotFoundException("channel", channelId));
  }

  private static void allowOrigin(RoutingContext ctx, Channel channel) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && ChatSettings.from(channel.options()).allows(origin)) {
      ctx.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
    }
  }

  private static String newVisitorId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "v" + HexFormat.of().formatHex(bytes);
  }
}
