package dev.omnihub.adapters.chat;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.CustomerSite;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.OutboundPolicy;
import dev.omnihub.adapters.spi.RateLimits;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Optional;

/**
 * The {@code chat} channel: the website widget. It serves {@code /widget.js}, the visitor's session,
 * their chat socket (replayed from the hub's {@link dev.omnihub.adapters.spi.CustomerFeeds}) and their
 * files. An agent's reply reaches the visitor's open sockets through that feed, so delivering it means
 * handing it over, which succeeds at once.
 */
public final class ChatChannelAdapter implements ChannelAdapter {

  @Override
  public ChannelType type() {
    return ChannelType.CHAT;
  }

  @Override
  public OutboundPolicy outboundPolicy() {
    return OutboundPolicy.addressedBy(IdentityKind.VISITOR);
  }

  @Override
  public Optional<CustomerSite> customerSite(ChannelSettings channel) {
    return Optional.of(ChatSettings.from(channel.options()).site());
  }

  @Override
  public JsonObject validateOptions(JsonObject options) {
    return ChatSettings.from(options).toJson();
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message, ChannelSettings channel) {
    return Future.succeededFuture(DeliveryReceipt.sent(null));
  }

  @Override
  public Future<Void> start(AdapterContext context) {
    RateLimits limits = context.limits();
    WidgetChat chat = new WidgetChat(context.sink(), context.customerFeeds(), context.customers(),
        limits.perMinute("WIDGET_VISITOR_MESSAGES_PER_MINUTE", "messages from this visitor"),
        limits.perMinute("WIDGET_ADDRESS_MESSAGES_PER_MINUTE", "widget messages from this address"));
    WidgetSessionRoutes sessions = new WidgetSessionRoutes(context,
        limits.perMinute("WIDGET_SESSIONS_PER_MINUTE", "widget sessions from this address"));
    WidgetSocketRoute socket = new WidgetSocketRoute(context, chat);
    WidgetFileRoutes files = new WidgetFileRoutes(context);
    Buffer script = WidgetScript.load();
    context.routes(router -> {
      mountScript(router, script);
      sessions.mount(router);
      socket.mount(router);
      files.mount(router);
    });
    return Future.succeededFuture();
  }

  /** {@code GET /widget.js}: the script a site embeds. */
  private static void mountScript(Router router, Buffer script) {
    router.get("/widget.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8")
        // Any site may load the script; what it may do is decided by the session and the socket.
        .putHeader("Access-Control-Allow-Origin", "*").putHeader("Cache-Control", "public, max-age=300").end(script));
  }
}
