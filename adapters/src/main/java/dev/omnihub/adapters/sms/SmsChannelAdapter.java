package dev.omnihub.adapters.sms;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InboundOutcome;
import dev.omnihub.adapters.spi.InboundResult;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.OutboundPolicy;
import dev.omnihub.adapters.spi.WebhookInbound;
import dev.omnihub.adapters.spi.WebhookRequest;
import dev.omnihub.adapters.spi.WebhookResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code sms} channel, Twilio-compatible (API.md "sms"). In: signed form posts of messages (and
 * MMS media as references) at {@code /webhooks/sms/{id}}, status callbacks at {@code .../status},
 * answered with TwiML once durable (403 TwiML on a bad signature). Out: the provider's Messages
 * resource, with a status callback to this hub. The provider takes no idempotency key, so the hub
 * marks each send before it starts ({@link #marksSends()}); an attempt after one that never finished
 * first asks the provider whether that one went through, and never sends a message twice.
 */
public final class SmsChannelAdapter implements ChannelAdapter, WebhookInbound {

  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final long PROVIDER_TIMEOUT_MILLIS = 15_000;
  private static final String STATUS = "status";

  private TwilioMessages provider;
  private Supplier<String> publicUrl = () -> "";

  /** The hub's constructor ({@link java.util.ServiceLoader}); the HTTP client is made at start. */
  public SmsChannelAdapter() {
  }

  @Override
  public Future<Void> start(AdapterContext context) {
    provider = new TwilioMessages(WebClient.create(context.vertx(), new WebClientOptions().setUserAgent("OmniHub-SMS/1")
        .setConnectTimeout((int) PROVIDER_TIMEOUT_MILLIS).setFollowRedirects(false)), PROVIDER_TIMEOUT_MILLIS);
    publicUrl = context.environment().publicUrl();
    return Future.succeededFuture();
  }

  @Override
  public ChannelType type() {
    return ChannelType.SMS;
  }

  @Override
  public OutboundPolicy outboundPolicy() {
    return OutboundPolicy.addressedBy(IdentityKind.PHONE).reachingByIdentity().withOptOuts();
  }

  @Override
  public JsonObject validateOptions(JsonObject options) {
    return SmsSettings.from(options).toJson();
  }

  @Override
  public Set<String> credentialSettings() {
    return Set.of("authToken");
  }

  @Override
  public boolean marksSends() {
    return true;
  }

  @Override
  public int deliveryConcurrency(ChannelSettings channel) {
    // Twilio queues per number and answers 429 beyond about this many concurrent requests.
    return 8;
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
  public Set<String> subpaths() {
    return Set.of(STATUS);
  }

  @Override
  public InboundMessage parse(WebhookRequest request, ChannelSettings channel) {
    return SmsInbound.message(request, channel);
  }

  @Override
  public InboundResult parse(WebhookRequest request, ChannelSettings channel, String subpath) {
    return STATUS.equals(subpath) ? SmsInbound.status(request, channel) : parse(request, channel);
  }

  @Override
  public WebhookResponse acknowledge(IngestAck ack) {
    return twiml(200);
  }

  @Override
  public WebhookResponse answer(InboundOutcome outcome) {
    return twiml(200);
  }

  @Override
  public Optional<WebhookResponse> reject(InputRejectedException error) {
    // The provider expects TwiML; a forged or replayed signature gets 403 (Twilio's own helpers answer so).
    return error.kind() == InputRejectedException.Kind.UNAUTHENTICATED ? Optional.of(twiml(403)) : Optional.empty();
  }

  private static WebhookResponse twiml(int status) {
    return new WebhookResponse(status, TwiMl.CONTENT_TYPE, Buffer.buffer(TwiMl.emptyResponse()));
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message, ChannelSettings channel) {
    if (message.to() == null || message.to().kind() != IdentityKind.PHONE) {
      return Future.failedFuture(DeliveryException.permanent("the customer has no phone number to send an SMS to"));
    }
    SmsSettings settings = SmsSettings.from(channel.options());
    String to = message.to().value();
    String body = message.text();
    SmsSegments.Count count = SmsSegments.count(body);
    Map<String, Object> facts = Map.of("segments", count.segments(), "encoding", count.encoding());
    String callback = publicUrl.get() + "/webhooks/sms/" + channel.id() + "/" + STATUS;
    Future<Optional<TwilioMessages.Sent>> earlier = message.inDoubtSince() == null ? Future.succeededFuture(Optional.empty())
        : provider.findSent(settings, to, body, message.inDoubtSince());
    return earlier
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> provider.send(settings, to, body, callback)))
        .recover(error -> Future.failedFuture(error instanceof TwilioMessages.InDoubtException inDoubt
            ? DeliveryException.retryable(inDoubt.getMessage() + " (the next attempt asks the provider first)", inDoubt) : error))
        .map(sent -> DeliveryReceipt.sent(sent.sid()).withFacts(facts));
  }
}
