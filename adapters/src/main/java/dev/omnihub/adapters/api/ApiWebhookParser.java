package dev.omnihub.adapters.api;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.ThreadHints;
import dev.omnihub.adapters.spi.WebhookRequest;
import dev.omnihub.adapters.webhook.WebhookSignature;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Verifies and parses the body of {@code POST /webhooks/api/{channelId}} (see API.md). */
final class ApiWebhookParser {

  static final int MAX_TEXT = 32_000;
  static final int MAX_ATTACHMENTS = 10;

  ApiWebhookParser() {
  }

  InboundMessage parse(WebhookRequest request, ChannelSettings channel) {
    // Signature first: nothing from an unauthenticated body is read, not even to report errors.
    WebhookSignature.verify(channel.secret(), request.headers(), request.body(), request.receivedAt());
    JsonInput body = JsonInput.parse(request.body());

    String externalId = body.requiredString("externalId", InboundMessage.MAX_EXTERNAL_ID_LENGTH);
    Contact sender = parseSender(body.requiredObject("from"));
    String text = body.optionalString("text", MAX_TEXT);
    List<Attachment> attachments = parseAttachments(body);
    if ((text == null || text.isBlank()) && attachments.isEmpty()) {
      throw InputRejectedException.invalid("text", "text is required (or at least one attachment)");
    }
    String threadKey = body.optionalString("threadKey", 256);
    ThreadHints thread = threadKey == null || threadKey.isBlank()
        ? ThreadHints.none()
        : ThreadHints.key("api:" + channel.id() + ":" + threadKey.strip());
    return new InboundMessage(channel.ref(), externalId.strip(), sender, text, null, attachments, thread,
        body.optionalInstant("sentAt"), Map.of());
  }

  private static Contact parseSender(JsonInput from) {
    List<ContactIdentity> identities = new ArrayList<>(3);
    String email = from.optionalString("email", 320);
    if (email != null && !email.isBlank()) {
      identities.add(ContactIdentity.email(email));
    }
    String phone = from.optionalString("phone", 64);
    if (phone != null && !phone.isBlank()) {
      identities.add(ContactIdentity.phone(phone));
    }
    String externalUserId = from.optionalString("externalUserId", 256);
    if (externalUserId != null && !externalUserId.isBlank()) {
      identities.add(ContactIdentity.external(externalUserId.strip()));
    }
    if (identities.isEmpty()) {
      throw InputRejectedException.invalid("from", "from needs at least one of email, phone or externalUserId");
    }
    return new Contact(from.optionalString("name", 200), identities);
  }

  private static List<Attachment> parseAttachments(JsonInput body) {
    Object value = body.raw().getValue("attachments");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw InputRejectedException.invalid("attachments", "attachments must be an array of objects");
    }
    if (array.size() > MAX_ATTACHMENTS) {
      throw InputRejectedException.invalid("attachments", "at most " + MAX_ATTACHMENTS + " attachments are accepted");
    }
    List<Attachment> attachments = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String path = "attachments[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw InputRejectedException.invalid(path, path + " must be an object");
      }
      JsonInput item = JsonInput.of(object);
      String url = item.requiredString("url", 2048);
      if (!url.startsWith("https://") && !url.startsWith("http://")) {
        throw InputRejectedException.invalid(path + ".url", path + ".url must be an http or https URL");
      }
      Integer size = item.optionalInt("size", 0, Integer.MAX_VALUE);
      attachments.add(new Attachment(item.optionalString("fileName", 255), item.optionalString("contentType", 255),
          size == null ? -1 : size, url));
    }
    return attachments;
  }
}
