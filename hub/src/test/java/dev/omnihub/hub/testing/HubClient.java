package dev.omnihub.hub.testing;

import dev.omnihub.adapters.webhook.WebhookSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Talks to a hub over real HTTP, as an integration or the console would. */
public final class HubClient {

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final Duration requestTimeout;

  public HubClient(String baseUrl) {
    this(baseUrl, Duration.ofSeconds(60));
  }

  /** @param requestTimeout after which a request fails (an {@link UncheckedIOException}), as a client behind a load balancer would give up */
  public HubClient(String baseUrl, Duration requestTimeout) {
    this.baseUrl = baseUrl;
    this.requestTimeout = requestTimeout;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public HttpResult get(String path, String token) {
    return send(request(path, token).GET());
  }

  public HttpResult post(String path, JsonObject body, String token) {
    return postRaw(path, body.encode(), token);
  }

  public HttpResult postRaw(String path, String body, String token) {
    return send(request(path, token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResult patch(String path, JsonObject body, String token) {
    return send(request(path, token).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  public HttpResult put(String path, JsonObject body, String token) {
    return send(request(path, token).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /** Any method with a raw body (for bad-input tests). */
  public HttpResult send(String method, String path, String body, String token) {
    return send(request(path, token).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)));
  }

  /** Any method with a raw body, sent from a web page of {@code origin} (its {@code Origin} header). */
  public HttpResult send(String method, String path, String body, String token, String origin) {
    return send(request(path, token).header("Content-Type", "application/json").header("Origin", origin)
        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  public HttpResult delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  public String login(String email, String password) {
    HttpResult result = post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", password), null);
    if (result.status() != 200) {
      throw new AssertionError("login of " + email + " failed: " + result);
    }
    return result.json().getString("token");
  }

  /** Creates an agent with the role {@code agent} (as the given admin); returns their id. */
  public String createAgent(String adminToken, String name, String email, String password) {
    HttpResult result = post("/api/v1/agents", new JsonObject().put("name", name).put("email", email).put("password", password)
        .put("roles", new io.vertx.core.json.JsonArray().add("agent")), adminToken);
    if (result.status() != 201 && result.status() != 200) {
      throw new AssertionError("agent creation failed: " + result);
    }
    return result.json().getString("id");
  }

  /** What the agents list shows as this agent's presence. */
  public String presenceOf(String token, String agentId) {
    return get("/api/v1/agents", token).items().stream().map(JsonObject.class::cast)
        .filter(agent -> agent.getString("id").equals(agentId)).findFirst().orElseThrow().getString("presence");
  }

  /** Creates an {@code api} channel (as the given admin); the answer carries its secret. */
  public JsonObject createApiChannel(String adminToken, String name, String webhookUrl) {
    JsonObject body = new JsonObject().put("type", "api").put("name", name);
    if (webhookUrl != null) {
      body.put("webhookUrl", webhookUrl);
    }
    HttpResult result = post("/api/v1/channels", body, adminToken);
    if (result.status() != 201) {
      throw new AssertionError("channel creation failed: " + result);
    }
    return result.json();
  }

  /** Posts a correctly signed webhook to an api channel. */
  public HttpResult webhook(JsonObject channel, JsonObject body) {
    return signedWebhook(channel.getString("id"), channel.getString("secret"), body.encode(), Instant.now());
  }

  public HttpResult signedWebhook(String channelId, String secret, String body, Instant signedAt) {
    long ts = signedAt.getEpochSecond();
    String signature = WebhookSignature.sign(secret, ts, Buffer.buffer(body));
    return rawWebhook("/webhooks/api/" + channelId, body,
        Map.of(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts), WebhookSignature.SIGNATURE_HEADER, signature));
  }

  public HttpResult rawWebhook(String path, String body, Map<String, String> headers) {
    HttpRequest.Builder builder = request(path, null).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(builder::header);
    return send(builder);
  }

  /** A message body for the api channel from one sender. */
  public static JsonObject message(String externalId, JsonObject from, String text) {
    return new JsonObject().put("externalId", externalId).put("from", from).put("text", text);
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private HttpResult send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new HttpResult(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
