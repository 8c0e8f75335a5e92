package dev.omnihub.hub.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An email channel through the API: its SMTP and IMAP passwords are write-only (masked on every read,
 * kept when the mask is sent back, encrypted in the store), only admins see its settings, and bad
 * settings are refused naming the field.
 */
class EmailChannelApiTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void passwordsAreWriteOnlyAndEncryptedAtRest() throws Exception {
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Sales")
        .put("address", "sales@shop.test")
        .put("smtp", new JsonObject().put("host", "smtp.shop.test").put("user", "sales").put("password", "smtp-secret-1"))
        .put("imap", new JsonObject().put("host", "imap.shop.test").put("user", "sales").put("password", "imap-secret-1")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(created.body()).doesNotContain("smtp-secret-1").doesNotContain("imap-secret-1");

    JsonObject read = hub.client().get("/api/v1/channels/" + id, hub.adminToken()).json();
    assertThat(read.getJsonObject("settings").getJsonObject("smtp").getString("password")).isEqualTo("********");
    assertThat(read.getJsonObject("settings").getJsonObject("imap").getString("password")).isEqualTo("********");
    assertThat(read.getJsonObject("settings").getJsonObject("smtp").getInteger("port")).isEqualTo(587);
    assertThat(read.getJsonObject("status").getString("state")).isIn("unknown", "failing");
    assertThat(read.containsKey("inboundUrl")).as("mail arrives at the address, not at a webhook").isFalse();

    HttpResult patched = hub.client().patch("/api/v1/channels/" + id, new JsonObject()
        .put("smtp", new JsonObject().put("host", "relay.shop.test").put("password", "********")), hub.adminToken());
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

    MongoStore mongo = hub.hub().services().mongo();
    Document stored = mongo.read(() -> mongo.collection(Collections.CHANNELS).find(Filters.eq("_id", id)).first())
        .await(10, TimeUnit.SECONDS);
    assertThat(stored.toJson()).doesNotContain("smtp-secret-1").doesNotContain("imap-secret-1").contains("relay.shop.test");
    JsonObject options = hub.hub().services().channelServices().channels().require(id).options();
    assertThat(options.getJsonObject("smtp").getString("password")).isEqualTo("smtp-secret-1");
    assertThat(options.getJsonObject("smtp").getString("host")).isEqualTo("relay.shop.test");
    assertThat(options.getJsonObject("imap").getString("password")).isEqualTo("imap-secret-1");
  }

  @Test
  void agentsSeeNoSettingsOfAChannel() {
    String id = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Help")
        .put("address", "help@shop.test").put("smtp", new JsonObject().put("host", "smtp.shop.test").put("password", "p")),
        hub.adminToken()).json().getString("id");
    hub.client().post("/api/v1/agents", new JsonObject().put("name", "Ada").put("email", "ada@shop.test")
        .put("password", "agent-password-1").put("roles", new JsonArray().add("agent")), hub.adminToken());
    String agent = hub.client().login("ada@shop.test", "agent-password-1");

    JsonObject seen = hub.client().get("/api/v1/channels/" + id, agent).json();

    assertThat(seen.fieldNames()).containsExactlyInAnyOrder("id", "type", "name");
  }

  @Test
  void badSettingsAreRefusedNamingTheField() {
    HttpResult result = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Bad")
        .put("address", "bad@shop.test").put("imap", new JsonObject().put("host", "imap.shop.test").put("tls", "sometimes")
            .put("user", "u").put("password", "p")), hub.adminToken());

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().getJsonObject("error").getString("field")).isEqualTo("imap.tls");
  }
}
