package dev.omnihub.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input never gives a 500: every route with a body is fed malformed JSON, wrong types, random
 * bytes and oversize bodies, and must answer a 4xx with the JSON error body.
 */
class BadInputTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension(Map.of("MAX_BODY_BYTES", "65536"));
  static HubClient client;
  static List<String[]> bodyRoutes;

  @BeforeAll
  static void start() {
    client = hub.client();
    JsonObject channel = client.createApiChannel(hub.adminToken(), "Fuzz", null);
    JsonObject ack = client.webhook(channel, HubClient.message("f-1", new JsonObject().put("email", "fuzz@bad.test"), "hi")).json();
    String agentId = client.get("/api/v1/auth/me", hub.adminToken()).json().getJsonObject("agent").getString("id");
    String conversation = ack.getString("conversationId");
    String customer = ack.getString("customerId");
    // Every bearer route that takes a body, as the OpenAPI document lists them (so a new one is fuzzed too).
    String ticket = client.post("/api/v1/conversations/" + conversation + "/escalate", new JsonObject(), hub.adminToken()).json()
        .getLong("number").toString();
    Map<String, String> ids = Map.of("agents", agentId, "channels", channel.getString("id"), "customers", customer,
        "conversations", conversation, "tickets", ticket);
    bodyRoutes = routesWithBodies(ids);
    assertThat(bodyRoutes).as("routes with bodies").hasSizeGreaterThanOrEqualTo(18);
    customerPath = "/api/v1/customers/" + customer;
    conversationPath = "/api/v1/conversations/" + conversation;
  }

  /** {@code [method, path]} of every documented {@code /api/v1} route with a request body, ids filled in. */
  private static List<String[]> routesWithBodies(Map<String, String> ids) {
    JsonObject paths;
    try {
      paths = new JsonObject(java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/openapi.json"))).getJsonObject("paths");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<String[]> routes = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      // The widget's session needs a page's Origin; webhooks their signatures: their own tests fuzz them.
      if (!path.startsWith("/api/v1/") || path.startsWith("/api/v1/widget/")) {
        continue;
      }
      JsonObject operations = paths.getJsonObject(path);
      for (String method : operations.fieldNames()) {
        if (operations.getValue(method) instanceof JsonObject operation && operation.containsKey("requestBody")) {
          String collection = path.split("/")[3];
          String id = ids.getOrDefault(collection, "0".repeat(24));
          routes.add(new String[] {method.toUpperCase(java.util.Locale.ROOT), path.replace("{id}", id).replace("{number}", id).replace("{token}", "not-a-token")});
        }
      }
    }
    return routes;
  }

  static String customerPath;
  static String conversationPath;

  /**
   * MongoDB operators and extended-JSON types where client JSON reaches the store, at every depth.
   * Once, {"$minKey": 1} in an attribute made the customer (and the customer list) never answer again.
   */
  static Stream<String> nestedOperatorBodies() {
    String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
    return Stream.of(
        "{\"attributes\": {\"x\": {\"k\": {\"$minKey\": 1}}}}",
        "{\"attributes\": {\"x\": {\"$numberDecimal\": \"1\"}}}",
        "{\"attributes\": {\"x\": [{\"$oid\": \"5f0000000000000000000000\"}]}}",
        "{\"attributes\": {\"x\": {\"$date\": {\"$numberLong\": \"0\"}}}}",
        "{\"attributes\": {\"x\": {\"a.b\": 1}}}",
        "{\"attributes\": {\"$where\": \"sleep(10000)\"}}",
        "{\"attributes\": {\"x\": " + deep + "}}",
        "{\"identity\": \"email:op@bad.test\", \"type\": \"order.created\", \"title\": \"t\", \"occurredAt\": \"2026-01-01T00:00:00Z\", "
            + "\"externalId\": \"op-1\", \"data\": {\"$where\": \"sleep(10000)\", \"x\": {\"$regex\": \".*\"}}}",
        "{\"text\": {\"$regex\": \".*\"}, \"otherId\": {\"$ne\": null}, \"agentId\": {\"$gt\": \"\"}}",
        "{\"email\": {\"$gt\": \"\"}, \"password\": {\"$gt\": \"\"}, \"channels\": [{\"$gt\": \"\"}]}");
  }

  @ParameterizedTest
  @MethodSource("nestedOperatorBodies")
  void nestedOperatorsAreRefusedAndNeverPoisonARecord(String body) throws Exception {
    java.net.http.HttpClient quick = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
    for (String[] route : bodyRoutes) {
      assertNoServerError(route, client.send(route[0], route[1], body, hub.adminToken()));
      for (String read : List.of(customerPath, "/api/v1/customers", conversationPath, "/api/v1/customers?identity=email:op@bad.test")) {
        java.net.http.HttpResponse<String> answer = quick.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.baseUrl() + read))
            .header("Authorization", "Bearer " + hub.adminToken()).timeout(java.time.Duration.ofSeconds(5)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("GET " + read + " after " + route[0] + " " + route[1]).isEqualTo(200);
      }
    }
    HttpResult refused = client.patch(customerPath, new JsonObject(body), hub.adminToken());
    if (body.contains("attributes")) {
      assertThat(refused.status()).as(body).isEqualTo(400);
      assertThat(refused.errorField()).as(body).startsWith("attributes");
    }
  }

  /** Not a JSON object at all: refused by every route. */
  static Stream<String> malformedBodies() {
    return Stream.of("", "{", "not json", "[]", "\"a string\"", "42", "null", "[".repeat(5000) + "]".repeat(5000), "{\"a\":1}}");
  }

  /** Objects with fields of the wrong type or out of range; fields a route does not read are ignored. */
  static Stream<String> wrongTypeBodies() {
    return Stream.of(
        "{\"text\": 5, \"status\": [], \"email\": {}, \"name\": true, \"password\": 1, \"otherId\": {}, \"agentId\": 7}",
        "{\"roles\": \"admin\", \"skills\": 3, \"capacity\": [], \"attributes\": \"x\", \"tags\": {}, \"until\": 12}",
        "{\"type\": \"api\", \"name\": \"x\", \"webhookUrl\": 12}",
        "{\"status\": \"snoozed\", \"until\": \"tomorrow\"}",
        "{\"capacity\": {\"chat\": -1}, \"name\": \"a\", \"email\": \"a@b.c\", \"password\": \"long enough pw\"}",
        "{\"attributes\": {\"a.b\": 1}, \"tags\": [\"\", 3]}",
        "{\"text\": \"\\ud800\"}");
  }

  @ParameterizedTest
  @MethodSource("malformedBodies")
  void everyRouteRefusesMalformedBodiesWith400(String body) {
    for (String[] route : bodyRoutes) {
      HttpResult result = client.send(route[0], route[1], body, hub.adminToken());
      assertClientError(route, result);
      assertThat(result.status()).as(route[1]).isEqualTo(400);
    }
  }

  @ParameterizedTest
  @MethodSource("wrongTypeBodies")
  void wrongTypesNeverCauseAServerError(String body) {
    for (String[] route : bodyRoutes) {
      assertNoServerError(route, client.send(route[0], route[1], body, hub.adminToken()));
    }
  }

  @Test
  void randomBytesNeverCauseAServerError() {
    Random random = new Random(42);
    for (int round = 0; round < 30; round++) {
      byte[] bytes = new byte[random.nextInt(2048)];
      random.nextBytes(bytes);
      String body = new String(bytes, StandardCharsets.ISO_8859_1);
      for (String[] route : bodyRoutes) {
        assertNoServerError(route, client.send(route[0], route[1], body, hub.adminToken()));
      }
    }
  }

  @Test
  void oversizeBodiesAre413() {
    String huge = new JsonObject().put("text", "x".repeat(70_000)).encode();
    for (String[] route : bodyRoutes) {
      if (route[1].equals("/api/v1/uploads")) {
        continue; // a file up to 25 MiB: AgentAttachmentsTest sends one over it
      }
      HttpResult result = client.send(route[0], route[1], huge, hub.adminToken());
      assertThat(result.status()).as(route[0] + " " + route[1]).isEqualTo(413);
      assertThat(result.errorCode()).isEqualTo("payload_too_large");
    }
  }

  @Test
  void unknownIdsAre404Everywhere() {
    String unknown = "5f0000000000000000000000";
    List<String> paths = new ArrayList<>(List.of("/api/v1/agents/", "/api/v1/channels/", "/api/v1/customers/",
        "/api/v1/conversations/"));
    for (String prefix : paths) {
      for (String id : new String[] {unknown, "not-an-id", "../../etc/passwd"}) {
        HttpResult result = client.get(prefix + id.replace("/", "%2F"), hub.adminToken());
        assertThat(result.status()).as(prefix + id).isEqualTo(404);
        assertThat(result.json().getJsonObject("error").getString("code")).isNotBlank();
      }
    }
    assertThat(client.get("/api/v1/conversations/" + unknown + "/messages", hub.adminToken()).status()).isEqualTo(404);
    assertThat(client.get("/api/v1/customers/" + unknown + "/conversations", hub.adminToken()).status()).isEqualTo(404);
    assertThat(client.delete("/api/v1/tokens/" + unknown, hub.adminToken()).status()).isEqualTo(404);
  }

  @Test
  void badQueryParametersAre400() {
    for (String query : new String[] {"limit=0", "limit=abc", "limit=201", "cursor=" + Base64.getEncoder().encodeToString("junk".getBytes()),
        "status=open,nope"}) {
      HttpResult result = client.get("/api/v1/conversations?" + query, hub.adminToken());
      assertThat(result.status()).as(query).isEqualTo(400);
    }
    assertThat(client.get("/api/v1/customers?identity=nokind", hub.adminToken()).errorField()).isEqualTo("identity");
    assertThat(client.get("/api/v1/customers?identity=phone:abc", hub.adminToken()).errorField()).isEqualTo("identity");
  }

  @Test
  void aMalformedRequestLineIsRefusedWithoutAServerError() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", hub.hub().httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /api/v1/conversations?cursor=%%% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(statusLine).startsWith("HTTP/1.1 4");
    }
  }

  @Test
  void listsAndErrorsAreJson() {
    HttpResult list = client.get("/api/v1/conversations", hub.adminToken());
    assertThat(list.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(list.json().getJsonArray("items")).isInstanceOf(JsonArray.class);
    assertThat(list.json().containsKey("next")).isTrue();
    HttpResult missing = client.get("/api/v1/nothing-here", hub.adminToken());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("not_found");
    assertThat(client.delete("/api/v1/conversations", hub.adminToken()).status()).isEqualTo(405);
  }

  /** Any answer but a 5xx; a refusal carries the error body. */
  private static void assertNoServerError(String[] route, HttpResult result) {
    assertThat(result.status()).as(route[0] + " " + route[1] + " -> " + result).isLessThan(500);
    if (result.status() >= 400) {
      assertClientError(route, result);
    }
  }

  private static void assertClientError(String[] route, HttpResult result) {
    assertThat(result.status()).as(route[0] + " " + route[1] + " -> " + result).isBetween(400, 499);
    JsonObject error = result.json().getJsonObject("error");
    assertThat(error.getString("code")).as(route[1]).matches("[a-z_0-9]+");
    assertThat(error.getString("message")).isNotBlank();
  }
}
