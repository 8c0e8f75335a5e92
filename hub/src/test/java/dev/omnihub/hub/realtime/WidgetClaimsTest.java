package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.SocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An email typed into the widget is a claim, not an identity: anyone can type anyone's email. It is
 * shown on the visitor's profile, raises one merge suggestion when another profile owns it, never
 * moves the visitor's messages into that profile, and merges only when an agent accepts. One hub
 * serves the class; each test looks only at the suggestions of the customer it created.
 */
class WidgetClaimsTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void aTypedEmailOfAnotherProfileRaisesASuggestionAndMergesOnlyWhenAnAgentAccepts() {
    HubClient client = hub.client();
    JsonObject api = client.createApiChannel(hub.adminToken(), "App", null);
    String ana = client.webhook(api, HubClient.message("order-1", new JsonObject().put("email", "ana@example.com"), "Where is my order?"))
        .json().getString("customerId");
    String channelId = chatChannel();

    try (SocketClient agent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
      JsonObject identity = new JsonObject().put("email", "Ana@Example.com").put("name", "Ana?");
      String token = session(channelId, new JsonObject().put("identity", identity)).getString("visitorToken");
      session(channelId, new JsonObject().put("visitorToken", token).put("identity", identity));

      JsonObject suggested = agent.await(frame -> "customer.merge_suggested".equals(frame.getString("type"))).getJsonObject("suggestion");
      assertThat(suggested.getString("otherId")).isEqualTo(ana);
      String visitorProfile = suggested.getString("customerId");
      assertThat(visitorProfile).isNotEqualTo(ana);

      JsonObject profile = client.get("/api/v1/customers/" + visitorProfile, hub.adminToken()).json();
      assertThat(profile.getJsonArray("claims")).containsExactly(new JsonObject().put("kind", "email").put("value", "ana@example.com")
          .put("verified", false).put("source", "widget").put("at", profile.getJsonArray("claims").getJsonObject(0).getString("at")));
      assertThat(profile.getJsonArray("identities").stream().map(JsonObject.class::cast).map(id -> id.getString("kind")))
          .as("the email is not one of the visitor's identities").containsExactly("visitor");
      assertThat(client.get("/api/v1/customers?identity=email:ana@example.com", hub.adminToken()).items().getJsonObject(0).getString("id"))
          .as("the email still leads to Ana only").isEqualTo(ana);
      JsonArray open = client.get("/api/v1/merge-suggestions", hub.adminToken()).items();
      assertThat(open).as("typed twice, suggested once").hasSize(1);

      // The visitor's messages stay in the visitor's own profile until an agent decides.
      try (SocketClient widget = SocketClient.connect(hub.hub().httpPort(), "/ws/widget?token=" + token + "&since=0")) {
        widget.send(new JsonObject().put("type", "message").put("clientId", "c-1").put("text", "I am Ana, honestly"));
        widget.await(frame -> "ack".equals(frame.getString("type")));
      }
      assertThat(client.get("/api/v1/customers/" + ana + "/conversations", hub.adminToken()).items()).hasSize(1);
      assertThat(client.get("/api/v1/customers/" + visitorProfile + "/conversations", hub.adminToken()).items()).hasSize(1);

      HttpResult accepted = client.post("/api/v1/merge-suggestions/" + suggested.getString("id") + "/accept", new JsonObject(),
          hub.adminToken());
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
      assertThat(accepted.json().getString("status")).isEqualTo("accepted");
      agent.await(frame -> "customer.merged".equals(frame.getString("type")));
      assertThat(client.get("/api/v1/customers/" + ana + "/conversations", hub.adminToken()).items())
          .as("accepted: one person, both conversations").hasSize(2);
      assertThat(client.post("/api/v1/merge-suggestions/" + suggested.getString("id") + "/dismiss", new JsonObject(), hub.adminToken())
          .status()).as("decided once").isEqualTo(409);
      assertThat(client.get("/api/v1/merge-suggestions", hub.adminToken()).items()).isEmpty();
      assertThat(client.get("/api/v1/merge-suggestions?status=accepted", hub.adminToken()).items()).hasSize(1);
    }
  }

  @Test
  void aDismissedSuggestionLeavesBothProfilesAsTheyWere() {
    HubClient client = hub.client();
    JsonObject api = client.createApiChannel(hub.adminToken(), "App", null);
    String ben = client.webhook(api, HubClient.message("b-1", new JsonObject().put("phone", "+4930123456"), "hi")).json()
        .getString("customerId");
    String channelId = chatChannel();
    session(channelId, new JsonObject().put("identity", new JsonObject().put("phone", "+49 30 123456")));

    JsonObject suggestion = client.get("/api/v1/merge-suggestions?customerId=" + ben, hub.adminToken()).items().getJsonObject(0);
    assertThat(suggestion.getJsonObject("identity")).isEqualTo(new JsonObject().put("kind", "phone").put("value", "+4930123456"));
    HttpResult dismissed = client.post("/api/v1/merge-suggestions/" + suggestion.getString("id") + "/dismiss", new JsonObject(),
        hub.adminToken());
    assertThat(dismissed.status()).as(dismissed.toString()).isEqualTo(200);
    assertThat(client.get("/api/v1/customers/" + suggestion.getString("customerId"), hub.adminToken()).json().containsKey("mergedInto"))
        .isFalse();
    assertThat(client.get("/api/v1/merge-suggestions?status=bogus", hub.adminToken()).status()).isEqualTo(400);
    assertThat(client.post("/api/v1/widget/" + channelId + "/session",
        new JsonObject().put("identity", new JsonObject().put("email", "not an email")), null).status()).isEqualTo(400);
  }

  private static String chatChannel() {
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Website"), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static JsonObject session( String channelId, JsonObject body) {
    HttpResult result = hub.client().post("/api/v1/widget/" + channelId + "/session", body, null);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json();
  }
}
