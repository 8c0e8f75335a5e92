package dev.omnihub.bench;

import dev.omnihub.hub.testing.HubClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed SMS webhooks as Twilio posts them (form parameters, {@code X-Twilio-Signature}: HMAC-SHA1 of
 * the URL and the sorted parameters with the account's auth token), for the ingest bench.
 */
final class SmsWebhooks {

  static final String ACCOUNT = "ACbench0000000000000000000000000";
  static final String AUTH_TOKEN = "bench-sms-token";
  static final String NUMBER = "+4930555000";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SmsWebhooks() {
  }

  static JsonObject createChannel(HubClient client, String adminToken) {
    return client.post("/api/v1/channels", new JsonObject().put("type", "sms").put("name", "Bench SMS").put("accountSid", ACCOUNT)
        .put("authToken", AUTH_TOKEN).put("phoneNumber", NUMBER).put("apiBaseUrl", "http://127.0.0.1:9"), adminToken).json();
  }

  /** A client posting SMS from its own pool of numbers, sometimes from a new one, as the api phase does with emails. */
  static IngestLoadDriver.Operation posts(HubClient client, String publicUrl, JsonObject channel, int level, int clientIndex, String text) {
    return seq -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      String from = random.nextInt(100) < 5 ? String.format("+49171%07d", random.nextInt(10_000_000))
          : String.format("+49170%02d%05d", clientIndex % 100, random.nextInt(200));
      send(client, publicUrl, channel, from, "SMbench" + level + "x" + clientIndex + "x" + seq, text);
    };
  }

  /** One customer's SMS from a given number; throws unless the hub answered 200. */
  static void send(HubClient client, String publicUrl, JsonObject channel, String from, String messageSid, String text) throws Exception {
    String path = "/webhooks/sms/" + channel.getString("id");
    Map<String, String> form = new TreeMap<>(Map.of("MessageSid", messageSid, "From", from, "To", NUMBER, "Body", text, "NumMedia", "0",
        "AccountSid", ACCOUNT));
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-Twilio-Signature", sign(publicUrl + path, form))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode() + " " + response.body());
    }
  }

  private static String sign(String url, Map<String, String> sortedForm) throws Exception {
    StringBuilder data = new StringBuilder(url);
    sortedForm.forEach((name, value) -> data.append(name).append(value));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
