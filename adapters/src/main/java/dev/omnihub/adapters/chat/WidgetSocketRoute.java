package dev.omnihub.adapters.chat;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.ChannelSettings;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code GET /ws/widget?token=&since=}: a visitor's chat socket. It refuses an {@code Origin} the
 * channel does not allow (close 4403) and a token that is not the channel's (4401).
 */
final class WidgetSocketRoute {

  static final short CLOSE_UNAUTHENTICATED = 4401;
  static final short CLOSE_FORBIDDEN_ORIGIN = 4403;
  static final short CLOSE_BAD_REQUEST = 4400;

  private final AdapterContext context;
  private final WidgetChat chat;

  WidgetSocketRoute(AdapterContext context, WidgetChat chat) {
    this.context = context;
    this.chat = chat;
  }

  void mount(Router router) {
    router.get("/ws/widget").handler(this::socket);
  }

  private void socket(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    String since = ctx.request().getParam("since");
    String origin = ctx.request().getHeader("Origin");
    String client = context.clientAddress(ctx);
    context.upgrade(ctx).onSuccess(socket -> {
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
      WidgetChannels.chatChannel(context.channels(), channelId.get())
          .onComplete(result -> open(socket, token, origin, client, from, result.succeeded() ? Optional.of(result.result()) : Optional.empty()));
    }).onFailure(ctx::fail);
  }

  private void open(ServerWebSocket socket, String token, String origin, String client, int since, Optional<ChannelSettings> channel) {
    Optional<VisitorTokens.Visitor> visitor = channel.flatMap(found -> VisitorTokens.verify(token, found.id(), found.secret()));
    if (visitor.isEmpty()) {
      socket.close(CLOSE_UNAUTHENTICATED, "invalid_token");
      return;
    }
    ChatSettings settings = ChatSettings.from(channel.get().options());
    if (origin != null && !settings.allows(origin)) {
      socket.close(CLOSE_FORBIDDEN_ORIGIN, "origin_not_allowed");
      return;
    }
    new WidgetSocket(context.vertx(), socket, chat, channel.get().ref(), settings, visitor.get(), client, since).start();
  }
}
