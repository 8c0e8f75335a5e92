package dev.omnihub.hub.canned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Canned responses as a desk uses them: supervisors write them (placeholders checked), agents find
 * them by shortcut or title for the composer's {@code /} picker and send one by id, filled in.
 */
class CannedResponsesApiTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  private static HubClient client() {
    return hub.client();
  }

  private static String admin() {
    return hub.adminToken();
  }

  private static HttpResult create(String shortcut, String title, String text) {
    return client().post("/api/v1/canned-responses", new JsonObject().put("shortcut", shortcut).put("title", title).put("text", text), admin());
  }

  private static String agent() {
    String email = "agent-" + UUID.randomUUID() + "@desk.test";
    HttpResult created = client().post("/api/v1/agents", new JsonObject().put("name", "Ana Agent").put("email", email)
        .put("password", "agent-password-1").put("roles", new JsonArray().add("agent")), admin());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return client().login(email, "agent-password-1");
  }

  @Test
  void placeholdersAreCheckedAtSaveAndShortcutsAreUniqueWhateverTheirCase() {
    HttpResult unknown = create("hello-" + UUID.randomUUID().toString().substring(0, 6), "Hello", "Hi {{customer.nickname}}!");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getJsonObject("error").getString("field")).isEqualTo("text");
    assertThat(unknown.json().getJsonObject("error").getString("message")).contains("{{customer.nickname}}");
    assertThat(create("has space", "Bad", "text").json().getJsonObject("error").getString("field")).isEqualTo("shortcut");

    String shortcut = "dup" + UUID.randomUUID().toString().substring(0, 6);
    assertThat(create(shortcut, "First", "one").status()).isEqualTo(201);
    HttpResult twin = create(shortcut.toUpperCase(), "Second", "two");
    assertThat(twin.status()).isEqualTo(409);
    assertThat(twin.json().getJsonObject("error").getString("code")).isEqualTo("shortcut_taken");
  }

  @Test
  void agentsSearchByShortcutOrTitleButOnlySupervisorsWrite() {
    String tag = UUID.randomUUID().toString().substring(0, 6);
    JsonObject refund = create("refund" + tag, "Refund policy " + tag, "Refunds take 5 days.").json();
    create("tracking" + tag, "Where is my refund parcel " + tag, "Track it here.");
    String agent = agent();

    JsonArray found = client().get("/api/v1/canned-responses?q=refund" + tag, agent).json().getJsonArray("items");
    assertThat(found.stream().map(JsonObject.class::cast).map(item -> item.getString("shortcut"))).containsExactly("refund" + tag);
    JsonArray byTitle = client().get("/api/v1/canned-responses?q=REFUND%20PARCEL%20" + tag, agent).json().getJsonArray("items");
    assertThat(byTitle.stream().map(JsonObject.class::cast).map(item -> item.getString("shortcut"))).containsExactly("tracking" + tag);
    JsonArray slash = client().get("/api/v1/canned-responses?q=/tracking" + tag, agent).json().getJsonArray("items");
    assertThat(slash).hasSize(1);

    assertThat(client().post("/api/v1/canned-responses", new JsonObject().put("shortcut", "x" + tag).put("title", "x").put("text", "x"), agent)
        .status()).isEqualTo(403);
    HttpResult changed = client().patch("/api/v1/canned-responses/" + refund.getString("id"), new JsonObject().put("text", "Refunds take 3 days."),
        admin());
    assertThat(changed.json().getString("text")).isEqualTo("Refunds take 3 days.");
    assertThat(client().delete("/api/v1/canned-responses/" + refund.getString("id"), admin()).status()).isEqualTo(204);
    assertThat(client().get("/api/v1/canned-responses/" + refund.getString("id"), agent).status()).isEqualTo(404);
  }

  @Test
  void sendingOneByIdFillsInTheCustomerTheAgentAndTheTicket() {
    JsonObject channel = client().createApiChannel(admin(), "shop-" + UUID.randomUUID(), null);
    String conversation = client().webhook(channel, HubClient.message(UUID.randomUUID().toString(), new JsonObject()
        .put("externalUserId", "ana-" + UUID.randomUUID()).put("name", "Ana Lima"), "Where is my parcel?")).json().getString("conversationId");
    long number = client().post("/api/v1/conversations/" + conversation + "/escalate", new JsonObject(), admin()).json().getLong("number");
    String id = create("hi" + UUID.randomUUID().toString().substring(0, 6), "Greeting",
        "Hi {{customer.firstName}}, {{agent.name}} here about ticket #{{ticket.number}} ({{customer.name}}).").json().getString("id");

    HttpResult sent = client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("cannedResponseId", id), admin());
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    assertThat(sent.json().getString("text")).isEqualTo("Hi Ana, Administrator here about ticket #" + number + " (Ana Lima).");

    HttpResult missing = client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("cannedResponseId",
        "6b0000000000000000000000"), admin());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getJsonObject("error").getString("field")).isEqualTo("cannedResponseId");
  }
}
