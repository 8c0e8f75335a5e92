package dev.omnihub.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Logins, tokens and roles on every kind of route. */
class AuthAndRolesTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static HubClient client;
  static String agentToken;
  static String supervisorToken;
  static String agentId;

  @BeforeAll
  static void start() {
    client = hub.client();
    agentId = createAgent("Ana Agent", "ana@agents.test", "agent").getString("id");
    createAgent("Sam Supervisor", "sam@agents.test", "supervisor");
    agentToken = client.login("ana@agents.test", "correct horse battery");
    supervisorToken = client.login("sam@agents.test", "correct horse battery");
  }

  private static JsonObject createAgent(String name, String email, String role) {
    HttpResult result = client.post("/api/v1/agents", new JsonObject().put("name", name).put("email", email)
        .put("password", "correct horse battery").put("roles", new JsonArray().add(role)).put("skills", new JsonArray().add("billing"))
        .put("capacity", new JsonObject().put("chat", 4)), hub.adminToken());
    assertThat(result.status()).as(result.toString()).isEqualTo(201);
    return result.json();
  }

  @Test
  void loginAnswersATokenAndTheAgent() {
    HttpResult result = client.post("/api/v1/auth/login", new JsonObject().put("email", "ANA@agents.test").put("password", "correct horse battery"), null);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.json().getString("token")).isNotBlank();
    JsonObject agent = result.json().getJsonObject("agent");
    assertThat(agent.getString("email")).isEqualTo("ana@agents.test");
    assertThat(agent.getJsonArray("roles")).containsExactly("agent");
    assertThat(agent.getJsonObject("capacity").getInteger("chat")).isEqualTo(4);
    assertThat(agent.containsKey("passwordHash")).isFalse();
    assertThat(client.get("/api/v1/auth/me", result.json().getString("token")).json().getJsonObject("agent").getString("id"))
        .isEqualTo(agentId);
  }

  @Test
  void badCredentialsAre401WithoutSayingWhichPartWasWrong() {
    HttpResult wrongPassword = client.post("/api/v1/auth/login", new JsonObject().put("email", "ana@agents.test").put("password", "nope"), null);
    HttpResult unknownEmail = client.post("/api/v1/auth/login", new JsonObject().put("email", "who@agents.test").put("password", "nope"), null);

    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknownEmail.status()).isEqualTo(401);
    assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
  }

  @Test
  void repeatedFailedLoginsAreRefusedWith429BeforeThePasswordIsChecked() {
    client.post("/api/v1/agents", new JsonObject().put("name", "Target").put("email", "target@agents.test")
        .put("password", "the right password"), hub.adminToken());
    JsonObject wrong = new JsonObject().put("email", "target@agents.test").put("password", "guess");
    // Five attempts are free, the sixth goes through and starts the doubling delay.
    for (int i = 0; i < 6; i++) {
      assertThat(client.post("/api/v1/auth/login", wrong, null).status()).isEqualTo(401);
    }

    HttpResult limited = client.post("/api/v1/auth/login", new JsonObject().put("email", "target@agents.test")
        .put("password", "the right password"), null);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.errorCode()).isEqualTo("rate_limited");
    assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(value -> assertThat(Long.parseLong(value)).isPositive());
    assertThat(client.login("ana@agents.test", "correct horse battery")).isNotBlank();
  }

  @Test
  void passwordsAreStoredAsArgon2idHashes() throws Exception {
    Document agent = hub.hub().services().mongo().read(() -> hub.hub().services().mongo().collection(Collections.AGENTS)
        .find(new Document("email", "ana@agents.test")).first()).await(10, TimeUnit.SECONDS);
    assertThat(agent.getString("passwordHash")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
  }

  @Test
  void routesNeedAToken() {
    for (String path : new String[] {"/api/v1/conversations", "/api/v1/customers", "/api/v1/agents", "/api/v1/channels", "/api/v1/tokens"}) {
      HttpResult result = client.get(path, null);
      assertThat(result.status()).as(path).isEqualTo(401);
      assertThat(result.errorCode()).isEqualTo("missing_token");
    }
    assertThat(client.get("/api/v1/conversations", "garbage.token.here").status()).isEqualTo(401);
  }

  @Test
  void rolesAreEnforced() {
    JsonObject newAgent = new JsonObject().put("name", "X").put("email", "x@agents.test").put("password", "long enough pw");
    assertThat(client.post("/api/v1/agents", newAgent, agentToken).status()).isEqualTo(403);
    assertThat(client.post("/api/v1/agents", newAgent, supervisorToken).status()).isEqualTo(403);
    assertThat(client.post("/api/v1/tokens", new JsonObject().put("name", "t"), agentToken).status()).isEqualTo(403);
    assertThat(client.get("/api/v1/tokens", supervisorToken).status()).isEqualTo(403);
    assertThat(client.post("/api/v1/channels", new JsonObject().put("type", "api").put("name", "c"), supervisorToken).status()).isEqualTo(403);
    assertThat(client.get("/api/v1/conversations", agentToken).status()).isEqualTo(200);
    assertThat(client.get("/api/v1/agents", agentToken).status()).isEqualTo(200);
    // Presence: one's own, or anyone's for a supervisor.
    JsonObject online = new JsonObject().put("status", "online");
    JsonObject chosen = client.put("/api/v1/agents/" + agentId + "/presence", online, agentToken).json();
    assertThat(chosen.getString("presenceChosen")).isEqualTo("online");
    assertThat(chosen.getString("presence")).as("online shows only while a socket of theirs is open").isEqualTo("offline");
    String samId = client.get("/api/v1/auth/me", supervisorToken).json().getJsonObject("agent").getString("id");
    assertThat(client.put("/api/v1/agents/" + samId + "/presence", online, agentToken).status()).isEqualTo(403);
    assertThat(client.put("/api/v1/agents/" + agentId + "/presence", new JsonObject().put("status", "away"), supervisorToken).status())
        .isEqualTo(200);
  }

  @Test
  void apiTokensWorkUntilRevoked() {
    HttpResult created = client.post("/api/v1/tokens", new JsonObject().put("name", "CRM sync"), hub.adminToken());
    assertThat(created.status()).isEqualTo(201);
    String token = created.json().getString("token");
    assertThat(token).startsWith("ohk_");
    assertThat(client.get("/api/v1/conversations", token).status()).isEqualTo(200);
    assertThat(client.post("/api/v1/agents", new JsonObject(), token).status()).isEqualTo(403);
    assertThat(client.get("/api/v1/tokens", hub.adminToken()).items()).extracting(t -> ((JsonObject) t).getString("name")).contains("CRM sync");
    assertThat(client.get("/api/v1/tokens", hub.adminToken()).body()).doesNotContain(token);

    assertThat(client.delete("/api/v1/tokens/" + created.json().getString("id"), hub.adminToken()).status()).isEqualTo(204);

    HttpResult revoked = client.get("/api/v1/conversations", token);
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.errorCode()).isEqualTo("invalid_token");
  }

  @Test
  void agentCreationValidatesAndRefusesDuplicates() {
    HttpResult shortPassword = client.post("/api/v1/agents", new JsonObject().put("name", "Y").put("email", "y@agents.test")
        .put("password", "short"), hub.adminToken());
    HttpResult badRole = client.post("/api/v1/agents", new JsonObject().put("name", "Y").put("email", "y@agents.test")
        .put("password", "long enough pw").put("roles", new JsonArray().add("owner")), hub.adminToken());
    HttpResult duplicate = client.post("/api/v1/agents", new JsonObject().put("name", "Ana 2").put("email", "Ana@Agents.test")
        .put("password", "long enough pw"), hub.adminToken());

    assertThat(shortPassword.status()).isEqualTo(400);
    assertThat(shortPassword.errorField()).isEqualTo("password");
    assertThat(badRole.status()).isEqualTo(400);
    assertThat(badRole.errorField()).isEqualTo("roles");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.errorCode()).isEqualTo("email_taken");
  }

  @Test
  void onlyAdminsSeeAChannelsSettings() {
    JsonObject channel = client.createApiChannel(hub.adminToken(), "Hooked", "http://127.0.0.1:9/hook");
    String id = channel.getString("id");

    JsonObject seenByAgent = client.get("/api/v1/channels/" + id, agentToken).json();
    assertThat(seenByAgent.fieldNames()).containsExactlyInAnyOrder("id", "type", "name");
    assertThat(client.get("/api/v1/channels", agentToken).body()).doesNotContain("127.0.0.1:9/hook");
    assertThat(client.get("/api/v1/channels/" + id, supervisorToken).json().containsKey("settings")).isFalse();
    assertThat(client.get("/api/v1/channels/" + id, hub.adminToken()).json().getJsonObject("settings").getString("webhookUrl"))
        .isEqualTo("http://127.0.0.1:9/hook");
  }

  @Test
  void channelSecretsAreShownOnlyAtCreationAndRotation() {
    JsonObject channel = client.createApiChannel(hub.adminToken(), "Secretive", null);
    String id = channel.getString("id");
    assertThat(channel.getString("secret")).isNotBlank();
    assertThat(channel.getString("inboundUrl")).endsWith("/webhooks/api/" + id);

    assertThat(client.get("/api/v1/channels/" + id, agentToken).json().containsKey("secret")).isFalse();
    assertThat(client.get("/api/v1/channels", agentToken).body()).doesNotContain(channel.getString("secret"));

    HttpResult rotated = client.post("/api/v1/channels/" + id + "/secret", new JsonObject(), hub.adminToken());
    assertThat(rotated.json().getString("secret")).isNotEqualTo(channel.getString("secret"));
    // The old secret no longer signs.
    assertThat(client.webhook(channel, HubClient.message("after-rotation", new JsonObject().put("email", "r@agents.test"), "hi")).status())
        .isEqualTo(401);
    assertThat(client.webhook(rotated.json(), HubClient.message("after-rotation", new JsonObject().put("email", "r@agents.test"), "hi"))
        .status()).isEqualTo(200);
  }

  @Test
  void missingChannelSettingsAndUnknownTypesAreRefusedClearly() {
    HttpResult result = client.post("/api/v1/channels", new JsonObject().put("type", "sms").put("name", "SMS"), hub.adminToken());
    assertThat(result.status()).isEqualTo(400);
    assertThat(result.errorField()).as("an sms channel needs its provider account").isEqualTo("accountSid");
    HttpResult unknown = client.post("/api/v1/channels", new JsonObject().put("type", "pigeon").put("name", "x"), hub.adminToken());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorField()).isEqualTo("type");
  }
}
