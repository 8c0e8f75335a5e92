package dev.omnihub.hub.realtime;

import static dev.omnihub.hub.realtime.WidgetChannels.chatChannel;

import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.errors.NotFoundException;
import dev.omnihub.hub.store.Ids;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@code GET /api/v1/widget/{channelId}/messages/{messageId}/attachments/{index}?token=}: a visitor's own files. */
final class WidgetFileRoutes {

  private final WidgetServices.Files services;

  WidgetFileRoutes(WidgetServices.Files services) {
    this.services = services;
  }

  void mount(Router router) {
    router.get("/api/v1/widget/:channelId/messages/:messageId/attachments/:index").handler(this::attachment);
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
      Channel channel = chatChannel(services.channels(), channelId);
      VisitorTokens.Visitor visitor = VisitorTokens.verify(token, channelId, channel.secret())
          .orElseThrow(() -> new NotFoundException("attachment", messageId + "/" + index));
      Contact contact = WidgetChannels.visitorContact(visitor.visitorId(), visitor.userId(), null);
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
        .putHeader("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(
            file.fileName() == null ? "attachment" : file.fileName(), StandardCharsets.UTF_8).replace("+", "%20"))
        .putHeader("Content-Security-Policy", "sandbox")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "private, max-age=3600")
        .end(Buffer.buffer(file.content())))
        .onFailure(ctx::fail);
  }
}
