package dev.omnihub.adapters.sms;

import dev.omnihub.adapters.spi.DeliveryException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The provider's Messages resource ({@code /2010-04-01/Accounts/{sid}/Messages.json}), with HTTP Basic
 * {@code accountSid:authToken}: send one message, or list what was sent to a number today (to learn
 * whether a send whose answer was lost went through). Answers are classified: 429 and 5xx are worth
 * retrying; another 4xx is the provider refusing the message, with its code and message.
 */
final class TwilioMessages {

  /** What the provider said about a sent message. */
  record Sent(String sid, String status) {
  }

  private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final WebClient client;
  private final long timeoutMillis;

  TwilioMessages(WebClient client, long timeoutMillis) {
    this.client = client;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Sends one message. A network failure fails with {@link InDoubtException}: the provider may have
   * taken it.
   */
  Future<Sent> send(SmsSettings settings, String to, String body, String statusCallback) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("To", to).add("From", settings.phoneNumber()).add("Body", body);
    if (statusCallback != null) {
      form.add("StatusCallback", statusCallback);
    }
    return client.postAbs(messagesUrl(settings)).basicAuthentication(settings.accountSid(), settings.authToken()).timeout(timeoutMillis)
        .sendForm(form)
        .recover(error -> Future.failedFuture(new InDoubtException("the provider did not answer: " + error.getMessage(), error)))
        .compose(response -> classify(response).map(json -> new Sent(json.getString("sid"), json.getString("status"))));
  }

  /**
   * The message to {@code to} with this body that the provider created since {@code since}, if any: a
   * send whose answer was lost shows up here when it went through.
   */
  Future<Optional<Sent>> findSent(SmsSettings settings, String to, String body, Instant since) {
    String url = messagesUrl(settings) + "?To=" + encode(to) + "&From=" + encode(settings.phoneNumber()) + "&DateSent%3E="
        + since.atZone(ZoneOffset.UTC).toLocalDate() + "&PageSize=50";
    return client.getAbs(url).basicAuthentication(settings.accountSid(), settings.authToken()).timeout(timeoutMillis).send()
        .recover(error -> Future.failedFuture(DeliveryException.retryable("could not ask the provider what was sent: " + error.getMessage(),
            error)))
        .compose(TwilioMessages::classify)
        .map(json -> {
          JsonArray messages = json.getJsonArray("messages", new JsonArray());
          for (int i = 0; i < messages.size(); i++) {
            JsonObject message = messages.getJsonObject(i);
            if (body.equals(message.getString("body")) && !created(message).isBefore(since.minusSeconds(60))) {
              return Optional.of(new Sent(message.getString("sid"), message.getString("status")));
            }
          }
          return Optional.empty();
        });
  }

  private static Instant created(JsonObject message) {
    String created = message.getString("date_created");
    try {
      return created == null ? Instant.EPOCH : java.time.ZonedDateTime.parse(created, RFC_2822).toInstant();
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  private static Future<JsonObject> classify(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    JsonObject json;
    try {
      json = response.body() == null || response.body().length() == 0 ? new JsonObject() : response.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      json = new JsonObject();
    }
    if (status >= 200 && status < 300) {
      return Future.succeededFuture(json);
    }
    String problem = "provider answered HTTP " + status + (json.getValue("code") == null ? "" : ", error " + json.getValue("code"))
        + (json.getString("message") == null ? "" : ": " + json.getString("message"));
    return Future.failedFuture(status == 429 || status >= 500 ? DeliveryException.retryable(problem) : DeliveryException.permanent(problem));
  }

  private static String messagesUrl(SmsSettings settings) {
    return settings.apiBaseUrl() + "/2010-04-01/Accounts/" + encode(settings.accountSid()) + "/Messages.json";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The request may or may not have reached the provider. */
  static final class InDoubtException extends RuntimeException {
    InDoubtException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
