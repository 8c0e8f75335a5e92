package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.ManualClock;
import dev.omnihub.hub.testing.RunningHub;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutting a person or an integration out at once (API.md "Agents and auth"): logout revokes the
 * token it is called with and no other; a role change, a password change and a deactivation revoke
 * every token of the agent; agents may change only their own name and password; API tokens expire
 * and can log themselves out.
 */
class RevocationTest {

  private static final String PASSWORD = "correct horse battery";

  /** One hub for the tests on the real clock, each with agents of its own; token expiry runs on a clock of its own. */
  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  @TempDir
  Path dataDir;

  @Test
  void logoutEndsThatSessionOnlyAndARoleChangeEndsThemAll() {
    HubClient client = hub.client();
    String id = createAgent(hub, "ana.sessions@agents.test");
    String laptop = client.login("ana.sessions@agents.test", PASSWORD);
    String phone = client.login("ana.sessions@agents.test", PASSWORD);

    assertThat(client.post("/api/v1/auth/logout", new JsonObject(), laptop).status()).isEqualTo(204);
    assertThat(client.get("/api/v1/auth/me", laptop).status()).as("the token logged out").isEqualTo(401);
    assertThat(client.get("/api/v1/auth/me", phone).status()).as("the other session").isEqualTo(200);

    HttpResult promoted = client.patch("/api/v1/agents/" + id, new JsonObject().put("roles", new JsonArray().add("supervisor")),
        hub.adminToken());
    assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
    assertThat(client.get("/api/v1/auth/me", phone).status()).as("a role change revokes every token").isEqualTo(401);
    String fresh = client.login("ana.sessions@agents.test", PASSWORD);
    assertThat(client.get("/api/v1/auth/me", fresh).json().getJsonObject("agent").getJsonArray("roles")).containsExactly("supervisor");
  }

  @Test
  void aPasswordChangeOrADeactivationShutsTheAgentOutAtOnce() {
    HubClient client = hub.client();
    String ana = createAgent(hub, "ana@agents.test");
    String ben = createAgent(hub, "ben@agents.test");
    String anaToken = client.login("ana@agents.test", PASSWORD);

    assertThat(client.patch("/api/v1/agents/" + ana, new JsonObject().put("roles", new JsonArray().add("admin")), anaToken).status())
        .as("no promoting oneself").isEqualTo(403);
    assertThat(client.patch("/api/v1/agents/" + ben, new JsonObject().put("name", "Benny"), anaToken).status())
        .as("no changing a colleague").isEqualTo(403);
    assertThat(client.patch("/api/v1/agents/" + ana, new JsonObject().put("password", "short"), anaToken).status()).isEqualTo(400);

    assertThat(client.patch("/api/v1/agents/" + ana, new JsonObject().put("password", "a new long password"), anaToken).status())
        .isEqualTo(200);
    assertThat(client.get("/api/v1/auth/me", anaToken).status()).as("a new password ends old sessions").isEqualTo(401);
    assertThat(client.post("/api/v1/auth/login", new JsonObject().put("email", "ana@agents.test").put("password", PASSWORD), null)
        .status()).isEqualTo(401);
    String renewed = client.login("ana@agents.test", "a new long password");

    assertThat(client.patch("/api/v1/agents/" + ana, new JsonObject().put("active", false), hub.adminToken()).status()).isEqualTo(200);
    assertThat(client.get("/api/v1/auth/me", renewed).status()).as("deactivated: at once").isEqualTo(401);
    assertThat(client.post("/api/v1/auth/login", new JsonObject().put("email", "ana@agents.test").put("password", "a new long password"),
        null).status()).isEqualTo(401);
    assertThat(client.get("/api/v1/agents/" + ana, hub.adminToken()).json().getBoolean("active")).isFalse();
  }

  @Test
  void apiTokensExpireAndCanLogThemselvesOut() throws Exception {
    ManualClock clock = new ManualClock(Instant.now());
    try (TestHub hub = TestHub.start(dataDir, Map.of(), clock)) {
      HubClient client = hub.client();
      assertThat(client.post("/api/v1/tokens", new JsonObject().put("name", "old").put("expiresAt", "2020-01-01T00:00:00Z"),
          hub.adminToken()).errorField()).isEqualTo("expiresAt");
      String shortLived = client.post("/api/v1/tokens", new JsonObject().put("name", "short")
          .put("expiresAt", clock.instant().plusSeconds(60).toString()), hub.adminToken()).json().getString("token");
      String integration = client.post("/api/v1/tokens", new JsonObject().put("name", "shop"), hub.adminToken()).json().getString("token");
      assertThat(client.get("/api/v1/conversations", shortLived).status()).isEqualTo(200);

      assertThat(client.post("/api/v1/auth/logout", new JsonObject(), integration).status()).isEqualTo(204);
      assertThat(client.get("/api/v1/conversations", integration).status()).isEqualTo(401);

      clock.advance(Duration.ofSeconds(59));
      assertThat(client.get("/api/v1/conversations", shortLived).status()).as("a second before it expires").isEqualTo(200);
      clock.advance(Duration.ofSeconds(2));
      assertThat(client.get("/api/v1/conversations", shortLived).status()).as("expired").isEqualTo(401);
    }
  }

  private static String createAgent(RunningHub hub, String email) {
    HttpResult created = hub.client().post("/api/v1/agents", new JsonObject().put("name", email).put("email", email).put("password", PASSWORD)
        .put("roles", new JsonArray().add("agent")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }
}
