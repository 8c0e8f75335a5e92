package dev.omnihub.adapters.echo;

import dev.omnihub.adapters.api.ApiChannelAdapter;
import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.WebhookInbound;
import dev.omnihub.adapters.spi.WebhookRequest;
import dev.omnihub.adapters.spi.WebhookResponse;
import dev.omnihub.adapters.webhook.SignedWebhookClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A channel the hub has never heard of, added the way any new channel is: this package and one line
 * in {@code META-INF/services/dev.omnihub.adapters.spi.ChannelAdapter}, nothing else. It declares
 * its own type, {@code echo}, and speaks the api channel's signed JSON both ways (so its tests can
 * reuse that channel's fixtures); it reaches only customers who wrote on it (the default policy).
 */
public final class EchoChannelAdapter implements ChannelAdapter, WebhookInbound {

  public static final ChannelType TYPE = ChannelType.declare("echo");

  private final ApiChannelAdapter wire;

  /** As the service loader builds it. */
  public EchoChannelAdapter() {
    this(new ApiChannelAdapter());
  }

  EchoChannelAdapter(ApiChannelAdapter wire) {
    this.wire = wire;
  }

  static EchoChannelAdapter sendingThrough(SignedWebhookClient client) {
    return new EchoChannelAdapter(new ApiChannelAdapter(client));
  }

  @Override
  public ChannelType type() {
    return TYPE;
  }

  @Override
  public Future<Void> start(AdapterContext context) {
    return wire.start(context);
  }

  @Override
  public JsonObject validateOptions(JsonObject options) {
    return wire.validateOptions(options);
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message, ChannelSettings channel) {
    return wire.deliver(message, channel);
  }

  @Override
  public Optional<WebhookInbound> webhook() {
    return Optional.of(this);
  }

  @Override
  public int maxBodyBytes() {
    return wire.maxBodyBytes();
  }

  @Override
  public InboundMessage parse(WebhookRequest request, ChannelSettings channel) {
    return wire.parse(request, channel);
  }

  @Override
  public WebhookResponse acknowledge(IngestAck ack) {
    return wire.acknowledge(ack);
  }

  /** Meta's handshake: {@code hub.mode=subscribe}, {@code hub.verify_token} the channel's secret, {@code hub.challenge} echoed. */
  @Override
  public Optional<WebhookResponse> verify(WebhookRequest request, ChannelSettings channel) {
    if (!"subscribe".equals(request.query().get("hub.mode"))) {
      return Optional.empty();
    }
    String token = request.query().get("hub.verify_token");
    if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), channel.secret().getBytes(StandardCharsets.UTF_8))) {
      throw InputRejectedException.unauthenticated("bad_verify_token", "hub.verify_token is not this channel's");
    }
    return Optional.of(WebhookResponse.text(200, String.valueOf(request.query().get("hub.challenge"))));
  }
}
