package dev.omnihub.adapters.chat;

import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.OutboundPolicy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The {@code chat} channel: the website widget. Visitors' sockets are served by the hub (they replay
 * from its event log); an agent's reply reaches the visitor's open sockets from there, so delivering
 * it means handing it over, which succeeds at once.
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
  public JsonObject validateOptions(JsonObject options) {
    return ChatSettings.from(options).toJson();
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message, ChannelSettings channel) {
    return Future.succeededFuture(DeliveryReceipt.sent(null));
  }
}
