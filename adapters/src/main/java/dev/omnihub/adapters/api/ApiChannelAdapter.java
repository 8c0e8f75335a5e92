package dev.omnihub.adapters.api;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.WebhookInbound;
import dev.omnihub.adapters.spi.WebhookRequest;
import dev.omnihub.adapters.spi.WebhookResponse;
import dev.omnihub.adapters.webhook.SignedWebhookClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The {@code api} channel: custom channels and integrations post signed JSON to the hub and receive
 * agent replies as signed JSON at their {@code webhookUrl}.
 */
public final class ApiChannelAdapter implements ChannelAdapter, WebhookInbound {

  /** The event name of an agent or bot reply posted to the integration. */
  public static final String REPLY_EVENT = "message.created";
  static final int MAX_BODY_BYTES = 256 * 1024;

  private static final long DELIVERY_TIMEOUT_MILLIS = 10_000;

  private final ApiWebhookParser parser = new ApiWebhookParser();
  private SignedWebhookClient client;

  /** The hub's constructor ({@link java.util.ServiceLoader}); the webhook client is made at start. */
  public ApiChannelAdapter() {
  }

  public ApiChannelAdapter(SignedWebhookClient client) {
    this.client = client;
  }

  @Override
  public Future<Void> start(AdapterContext context) {
    if (client == null) {
      client = new SignedWebhookClient(context.vertx(), context.clock(), DELIVERY_TIMEOUT_MILLIS,
          context.environment().allowPrivateNetworks());
    }
    return Future.succeededFuture();
  }

  @Override
  public ChannelType type() {
    return ChannelType.API;
  }

  @Override
  public JsonObject validateOptions(JsonObject options) {
    return ApiChannelOptions.from(options).toJson();
  }

  @Override
  public Optional<WebhookInbound> webhook() {
    return Optional.of(this);
  }

  @Override
  public int maxBodyBytes() {
    return MAX_BODY_BYTES;
  }

  @Override
  public InboundMessage parse(WebhookRequest request, ChannelSettings channel) {
    return parser.parse(request, channel);
  }

  @Override
  public WebhookResponse acknowledge(IngestAck ack) {
    return WebhookResponse.json(200, new JsonObject()
        .put("messageId", ack.messageId())
        .put("conversationId", ack.conversationId())
        .put("customerId", ack.customerId())
        .put("duplicate", ack.duplicate()));
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message, ChannelSettings channel) {
    ApiChannelOptions options = ApiChannelOptions.from(channel.options());
    if (options.webhookUrl() == null) {
      return Future.succeededFuture(DeliveryReceipt.skipped("channel has no webhookUrl; the integration reads replies through the API"));
    }
    return client.post(options.webhookUrl(), channel.secret(), REPLY_EVENT, message.messageId(), payload(message))
        .map(body -> DeliveryReceipt.sent(providerId(body.toString())));
  }

  static JsonObject payload(OutboundMessage message) {
    JsonArray identities = new JsonArray();
    for (ContactIdentity identity : message.recipient().identities()) {
      identities.add(new JsonObject().put("kind", identity.kind().wireName()).put("value", identity.value()));
    }
    JsonArray attachments = new JsonArray();
    message.attachments().forEach(a -> attachments.add(new JsonObject()
        .put("url", a.url()).put("fileName", a.fileName()).put("contentType", a.contentType())));
    JsonObject author = new JsonObject().put("type", message.author().type()).put("id", message.author().id())
        .put("name", message.author().name());
    return new JsonObject()
        .put("event", REPLY_EVENT)
        .put("channelId", message.channel().id())
        .put("message", new JsonObject()
            .put("id", message.messageId())
            .put("conversationId", message.conversationId())
            .put("text", message.text())
            .put("attachments", attachments)
            .put("author", author)
            .put("createdAt", message.createdAt().toString()))
        .put("customer", new JsonObject()
            .put("id", message.customerId())
            .put("name", message.recipient().displayName())
            .put("identities", identities));
  }

  /** An integration may answer with {@code {"id": "..."}}; that id is kept as the provider's. */
  private static String providerId(String body) {
    if (body.isBlank()) {
      return null;
    }
    try {
      Object id = new JsonObject(body).getValue("id");
      return id == null ? null : id.toString();
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
