package dev.omnihub.adapters.chat;

import static dev.omnihub.adapters.chat.WidgetChannels.chatChannel;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.CustomerAccess;
import dev.omnihub.adapters.spi.FileDownloads;
import dev.omnihub.adapters.spi.NotFoundException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/widget/{channelId}/messages/{messageId}/attachments/{index}?token=}: a visitor's files. */
final class WidgetFileRoutes {

  private final AdapterContext context;

  WidgetFileRoutes(AdapterContext context) {
    this.context = context;
  }

  void mount(Router router) {
    router.get("/api/v1/widget/:channelId/messages/:messageId/attachments/:index").handler(this::attachment);
  }

  /**
   * A file of a message in the visitor's own chats, for the visitor ({@code ?token=<visitorToken>}).
   * Anything else (another visitor's message, a note, a bad token) is 404, whatever the reason.
   */
  private void attachment(RoutingContext ctx) {
    String messageId = ctx.pathParam("messageId");
    String token = ctx.request().getParam("token");
    String place = ctx.pathParam("index");
    NotFoundException notFound = new NotFoundException("attachment", messageId + "/" + place);
    int index;
    try {
      index = Integer.parseInt(place);
    } catch (NumberFormatException e) {
      throw new NotFoundException("attachment", place);
    }
    chatChannel(context.channels(), ctx.pathParam("channelId")).compose(channel -> VisitorTokens.verify(token, channel.id(), channel.secret())
            .map(visitor -> context.customers().file(channel.ref(), WidgetChannels.visitorContact(visitor.visitorId(), visitor.userId(), null),
                messageId, index))
            .orElseGet(() -> Future.failedFuture(notFound)))
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.<CustomerAccess.StoredFile>failedFuture(notFound)))
        .onSuccess(file -> FileDownloads.send(ctx, file.fileName(), file.contentType(), file.content()))
        .onFailure(ctx::fail);
  }
}
