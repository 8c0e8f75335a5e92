package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.StoredText;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field-level encryption of the attributes an admin marks sensitive: sealed in the store (values
 * written before the marking too), masked for agents, in clear for the roles the policy allows and
 * in the person's export; a masked value sent back keeps the stored one.
 */
class SensitiveAttributesTest {

  @TempDir
  Path dataDir;

  @Test
  void sensitiveAttributesAreSealedInTheStoreAndShownOnlyToTheRolesAllowed() {
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      String admin = hub.adminToken();
      String agent = login(client, admin, "agent");
      String supervisor = login(client, admin, "supervisor");
      JsonObject channel = client.createApiChannel(admin, "App", null);
      String ana = client.webhook(channel, HubClient.message("m-1", new JsonObject().put("email", "ana@example.com"), "hi")).json()
          .getString("customerId");
      String path = "/api/v1/customers/" + ana;
      assertThat(client.patch(path, new JsonObject().put("attributes", new JsonObject().put("passport", "XK1234567").put("plan", "gold")), agent).status()).isEqualTo(200);

      // A second profile of Ana's, merged in before the marking: its record keeps its attributes.
      String bob = client.webhook(channel, HubClient.message("m-2", new JsonObject().put("email", "ana.b@example.com"), "hi")).json()
          .getString("customerId");
      assertThat(client.patch("/api/v1/customers/" + bob, attributes("passport", "BX7770001"), agent).status()).isEqualTo(200);
      assertThat(client.post(path + "/merge", new JsonObject().put("otherId", bob), supervisor).status()).isEqualTo(200);

      JsonObject policy = new JsonObject().put("sensitiveAttributes", new JsonArray().add("passport").add("nationalId"));
      assertThat(client.put("/api/v1/settings/privacy", policy, agent).status()).isEqualTo(403);
      HttpResult set = client.put("/api/v1/settings/privacy", policy, admin);
      assertThat(set.status()).as(set.toString()).isEqualTo(200);
      assertThat(set.json().getString("sensitiveAttributesVisibleTo")).isEqualTo("supervisor");
      assertThat(client.get("/api/v1/settings/privacy", admin).json().getJsonArray("sensitiveAttributes"))
          .containsExactly("nationalId", "passport");

      HttpResult written = client.patch(path, attributes("nationalId", "DE-998877"), agent);
      assertThat(written.json().getJsonObject("attributes").getString("nationalId")).isEqualTo("********");
      JsonObject asAgent = client.get(path, agent).json().getJsonObject("attributes");
      assertThat(asAgent.getString("passport")).as("sealed when marked, written before").isEqualTo("********");
      assertThat(asAgent.getString("nationalId")).isEqualTo("********");
      assertThat(asAgent.getString("plan")).isEqualTo("gold");
      JsonObject asSupervisor = client.get(path, supervisor).json().getJsonObject("attributes");
      assertThat(asSupervisor.getString("passport")).isEqualTo("XK1234567");
      assertThat(asSupervisor.getString("nationalId")).isEqualTo("DE-998877");
      assertThat(client.get(path + "/export", admin).json().getJsonObject("customer").getJsonObject("attributes").getString("passport"))
          .isEqualTo("XK1234567");

      assertThat(client.patch(path, attributes("passport", "********"), agent).status()).as("the mask sent back").isEqualTo(200);
      assertThat(client.get(path, supervisor).json().getJsonObject("attributes").getString("passport")).isEqualTo("XK1234567");
      assertThat(client.patch(path, attributes("passport", "enc:v1:forged"), agent).status()).isEqualTo(400);

      assertThat(StoredText.find(hub.hub().services().mongo(), false, "XK1234567", "DE-998877", "BX7770001")).as("documents holding them in clear").isEmpty();
      Document stored = hub.hub().services().mongo().collection("customers").find(new Document("_id", ana)).first();
      assertThat(stored.get("attributes", Document.class).getString("passport")).startsWith("enc:v1:");

      assertThat(client.put("/api/v1/settings/privacy", policy.copy().put("sensitiveAttributesVisibleTo", "admin"), admin).status())
          .isEqualTo(200);
      assertThat(client.get(path, supervisor).json().getJsonObject("attributes").getString("passport")).isEqualTo("********");
      assertThat(client.get(path, admin).json().getJsonObject("attributes").getString("passport")).isEqualTo("XK1234567");
      assertThat(client.put("/api/v1/settings/privacy", new JsonObject().put("sensitiveAttributes", new JsonArray().add("$where")), admin)
          .status()).isEqualTo(400);
    }
  }

  private static JsonObject attributes(String name, String value) {
    return new JsonObject().put("attributes", new JsonObject().put(name, value));
  }

  private static String login(HubClient client, String admin, String role) {
    client.post("/api/v1/agents", new JsonObject().put("name", role).put("email", role + "@desk.test").put("password", "correct horse battery")
        .put("roles", new JsonArray().add(role)), admin);
    return client.login(role + "@desk.test", "correct horse battery");
  }
}
