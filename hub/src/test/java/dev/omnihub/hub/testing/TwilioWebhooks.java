package dev.omnihub.hub.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Posts Twilio's form webhooks to a hub, signed by Twilio's documented algorithm with the account's auth token. */
public final class TwilioWebhooks {

  private final HttpClient http = HttpClient.newHttpClient();
  private final RunningHub hub;
  private final String authToken;

  public TwilioWebhooks(RunningHub hub, String authToken) {
    this.hub = hub;
    this.authToken = authToken;
  }

  /** An incoming SMS ({@code /webhooks/sms/{channel}}); @return the HTTP status */
  public int sms(String channelId, String sid, String from, String to, String body) throws Exception {
    return post("/webhooks/sms/" + channelId, form("MessageSid", sid, "From", from, "To", to, "Body", body)).statusCode();
  }

  /** A status callback for a sent message; @return the HTTP status */
  public int status(String channelId, String sid, String status, String accountSid) throws Exception {
    return post("/webhooks/sms/" + channelId + "/status", form("MessageSid", sid, "MessageStatus", status, "AccountSid", accountSid))
        .statusCode();
  }

  public HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
    String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", ProviderSignatures.twilio(authToken, hub.hub().publicUrl() + path, form))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  public static Map<String, String> form(String... pairs) {
    Map<String, String> form = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      form.put(pairs[i], pairs[i + 1]);
    }
    return form;
  }
}
