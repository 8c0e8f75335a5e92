package dev.omnihub.adapters.sms;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryStatusUpdate;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InboundResult;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.WebhookRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the provider's form posts: an incoming SMS or MMS ({@code MessageSid}, {@code From},
 * {@code Body}, {@code NumMedia}, {@code MediaUrl0}...) and status callbacks ({@code MessageSid},
 * {@code MessageStatus}, {@code ErrorCode}). The {@code X-Twilio-Signature} is checked first, over the
 * public URL the provider called and the form's parameters, before anything in them is used.
 */
final class SmsInbound {

  private static final int MAX_MEDIA = 10;

  private SmsInbound() {
  }

  static InboundMessage message(WebhookRequest request, ChannelSettings channel) {
    Map<String, List<String>> form = verifiedForm(request, channel);
    String sid = required(form, "MessageSid", 64);
    String from = required(form, "From", 40);
    String body = first(form, "Body");
    List<Attachment> media = media(form);
    if ((body == null || body.isBlank()) && media.isEmpty()) {
      throw InputRejectedException.invalid("Body", "an SMS needs a Body or media");
    }
    Map<String, String> metadata = new HashMap<>();
    String to = first(form, "To");
    if (to != null) {
      metadata.put("to", to);
    }
    SmsKeywords.Match keyword = SmsKeywords.classify(body == null ? "" : body);
    if (keyword.intent() != SmsKeywords.Intent.NONE) {
      // STOP/START: the hub keeps the message and the number's opt-out.
      metadata.put(InboundMessage.CONSENT, keyword.intent() == SmsKeywords.Intent.OPT_OUT ? InboundMessage.OPTS_OUT : InboundMessage.OPTS_IN);
    }
    return new InboundMessage(channel.ref(), sid, Contact.of(null, ContactIdentity.phone(from)), body == null ? "" : body, null, media,
        null, request.receivedAt(), metadata);
  }

  /** A status callback; a status the hub does not track (e.g. {@code receiving}) is ignored. */
  static InboundResult status(WebhookRequest request, ChannelSettings channel) {
    Map<String, List<String>> form = verifiedForm(request, channel);
    String sid = required(form, "MessageSid", 64);
    String status = required(form, "MessageStatus", 40);
    String code = first(form, "ErrorCode");
    String message = first(form, "ErrorMessage");
    String reason = code == null ? message : code + (message == null ? "" : ": " + message);
    return TwilioStatus.toDeliveryState(status)
        .<InboundResult>map(state -> new DeliveryStatusUpdate(channel.ref(), sid, state, reason))
        .orElseGet(() -> new InboundResult.Ignored(channel.ref(), "status " + status + " is not tracked"));
  }

  private static Map<String, List<String>> verifiedForm(WebhookRequest request, ChannelSettings channel) {
    Map<String, List<String>> form;
    try {
      form = new QueryStringDecoder("?" + request.body().toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8).parameters();
    } catch (IllegalArgumentException malformed) {
      // A broken %-escape: no provider sends it, and it must be a 400, not a crash.
      throw InputRejectedException.invalid("body", "the body is not a form (application/x-www-form-urlencoded)");
    }
    String authToken = SmsSettings.from(channel.options()).authToken();
    if (!TwilioSignature.matches(request.url(), form, authToken, request.headers().get(TwilioSignature.HEADER))) {
      throw InputRejectedException.unauthenticated("invalid_signature", "X-Twilio-Signature does not match this request");
    }
    return form;
  }

  private static List<Attachment> media(Map<String, List<String>> form) {
    String count = first(form, "NumMedia");
    int media;
    try {
      media = count == null ? 0 : Integer.parseInt(count.strip());
    } catch (NumberFormatException e) {
      throw InputRejectedException.invalid("NumMedia", "NumMedia must be a number");
    }
    if (media < 0 || media > MAX_MEDIA) {
      throw InputRejectedException.invalid("NumMedia", "NumMedia must be between 0 and " + MAX_MEDIA);
    }
    List<Attachment> attachments = new ArrayList<>();
    for (int i = 0; i < media; i++) {
      String url = required(form, "MediaUrl" + i, 2000);
      // The provider keeps the file; the hub keeps the reference (MMS media).
      attachments.add(new Attachment("media-" + i, first(form, "MediaContentType" + i), -1, url));
    }
    return attachments;
  }

  private static String required(Map<String, List<String>> form, String name, int maxLength) {
    String value = first(form, name);
    if (value == null || value.isBlank()) {
      throw InputRejectedException.invalid(name, name + " is required");
    }
    if (value.length() > maxLength) {
      throw InputRejectedException.invalid(name, name + " is longer than " + maxLength + " characters");
    }
    return value.strip();
  }

  private static String first(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
