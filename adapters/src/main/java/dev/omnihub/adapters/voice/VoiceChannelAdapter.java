package dev.omnihub.adapters.voice;

import dev.omnihub.adapters.spi.CallEvent;
import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InboundOutcome;
import dev.omnihub.adapters.spi.InboundResult;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.OutboundPolicy;
import dev.omnihub.adapters.spi.WebhookInbound;
import dev.omnihub.adapters.spi.WebhookRequest;
import dev.omnihub.adapters.spi.WebhookResponse;
import dev.omnihub.adapters.webhook.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code voice} channel (API.md "voice — call transcripts"): a phone system posts, signed like the
 * {@code api} channel, call transcripts (OmniHub JSON, an AWS Transcribe result, or WebVTT with voice
 * tags) to {@code /webhooks/voice/{id}}, each stored as one message of kind {@code call} in the caller's
 * thread ({@code callId} is the idempotency key), and call events to {@code .../events}, so the agent
 * who picks up sees the caller first. Nothing goes out on this channel: agents answer a caller on
 * another channel.
 */
public final class VoiceChannelAdapter implements ChannelAdapter, WebhookInbound {

  private static final String EVENTS = "events";
  private static final int MAX_EVENT_BYTES = 16 * 1024;

  @Override
  public ChannelType type() {
    return ChannelType.VOICE;
  }

  @Override
  public OutboundPolicy outboundPolicy() {
    return OutboundPolicy.addressedBy(IdentityKind.PHONE);
  }

  @Override
  public JsonObject validateOptions(JsonObject options) {
    return new JsonObject();
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message, ChannelSettings channel) {
    return Future.succeededFuture(DeliveryReceipt.skipped("a call cannot be answered in writing; reply on another channel"));
  }

  @Override
  public Optional<WebhookInbound> webhook() {
    return Optional.of(this);
  }

  @Override
  public int maxBodyBytes() {
    return TranscriptParser.MAX_BYTES;
  }

  @Override
  public Set<String> subpaths() {
    return Set.of(EVENTS);
  }

  @Override
  public InboundMessage parse(WebhookRequest request, ChannelSettings channel) {
    WebhookSignature.verify(channel.secret(), request.headers(), request.body(), request.receivedAt());
    Map<String, String> query = new HashMap<>();
    request.query().forEach(entry -> query.putIfAbsent(entry.getKey(), entry.getValue()));
    Transcript transcript = TranscriptParser.parse(request.headers().get("Content-Type"), request.bodyBytes(), query);
    return CallMessages.of(channel.ref(), transcript, request.receivedAt());
  }

  @Override
  public InboundResult parse(WebhookRequest request, ChannelSettings channel, String subpath) {
    return EVENTS.equals(subpath) ? event(request, channel) : parse(request, channel);
  }

  /** {@code {type: call.started|call.answered|call.ended, callId, from, to, at, agentEmail?}}. */
  private static CallEvent event(WebhookRequest request, ChannelSettings channel) {
    if (request.body().length() > MAX_EVENT_BYTES) {
      throw InputRejectedException.tooLarge("a call event is at most " + MAX_EVENT_BYTES + " bytes");
    }
    WebhookSignature.verify(channel.secret(), request.headers(), request.body(), request.receivedAt());
    JsonInput json = JsonInput.parse(request.body());
    String type = json.requiredString("type", 40);
    CallEvent.Kind kind = switch (type) {
      case "call.started" -> CallEvent.Kind.STARTED;
      case "call.answered" -> CallEvent.Kind.ANSWERED;
      case "call.ended" -> CallEvent.Kind.ENDED;
      default -> throw InputRejectedException.invalid("type", "type is call.started, call.answered or call.ended, not '" + type + "'");
    };
    String callId = json.requiredString("callId", 512);
    String from = json.requiredString("from", 64);
    Instant at = json.optionalInstant("at");
    String agentEmail = json.optionalString("agentEmail", 320);
    return new CallEvent(channel.ref(), kind, callId, Contact.of(null, ContactIdentity.phone(from)), json.optionalString("to", 64),
        at == null ? request.receivedAt() : at, agentEmail == null || agentEmail.isBlank() ? null : agentEmail.strip().toLowerCase(Locale.ROOT));
  }

  @Override
  public WebhookResponse acknowledge(IngestAck ack) {
    return WebhookResponse.json(200, new JsonObject().put("messageId", ack.messageId()).put("conversationId", ack.conversationId())
        .put("customerId", ack.customerId()).put("duplicate", ack.duplicate()));
  }

  @Override
  public WebhookResponse answer(InboundOutcome outcome) {
    if (outcome instanceof InboundOutcome.CallRecorded call) {
      return WebhookResponse.json(200, new JsonObject().put("customerId", call.customerId()).put("conversationId", call.conversationId()));
    }
    return WebhookInbound.super.answer(outcome);
  }
}
