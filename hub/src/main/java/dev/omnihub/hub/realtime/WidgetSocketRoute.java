package dev.omnihub.hub.realtime;

import dev.omnihub.adapters.chat.ChatSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.net.ClientOrigin;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /ws/widget?token=&since=}: a visitor's chat socket. It refuses an {@code Origin} the
 * channel does not allow (close 4403) and a token that is not the channel's (4401).
 */
final class WidgetSocketRoute {

  static final short CLOSE_UNAUTHENTICATED = 4401;
  static final short CLOSE_FORBIDDEN_ORIGIN = 4403;
  static final short CLOSE_BAD_REQUEST = 4400;

  private final Vertx vertx;
  private final WidgetServices.Chat services;
  /** An upgraded connection no longer reports its close to the server: the socket's end does. */
  private final AtomicInteger openConnections;

  WidgetSocketRoute(Vertx vertx, WidgetServices.Chat services, AtomicInteger openConnections) {
    this.vertx = vertx;
    this.services = services;
    this.openConnections = openConnections;
  }

  void mount(Router router) {
    router.get("/ws/widget").handler(this::socket);
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
}
