package dev.omnihub.hub.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The customer timeline over HTTP: outside events posted with an API token, once per externalId,
 * resolved to (or creating) the customer by identity, merged with the customer's messages of every
 * channel newest first, paged by cursor without gaps or repeats, and carried along by a merge.
 */
class TimelineTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void eventsAndMessagesMakeOneTimelineNewestFirstPagedByCursor() {
    HubClient client = hub.client();
    String shop = client.post("/api/v1/tokens", new JsonObject().put("name", "shop").put("roles", new JsonArray().add("agent")),
        hub.adminToken()).json().getString("token");
    JsonObject order = event("email:ana@example.com", "order.created", "Order #1234 placed", "2026-11-30T10:00:00Z", "order-1234")
        .put("data", new JsonObject().put("total", 59.9)).put("name", "Ana");
    HttpResult first = client.post("/api/v1/customer-events", order, shop);
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.json().getBoolean("duplicate")).isFalse();
    HttpResult again = client.post("/api/v1/customer-events", order, shop);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json().copy().put("duplicate", true));
    String ana = first.json().getString("customerId");

    JsonObject api = client.createApiChannel(hub.adminToken(), "App", null);
    JsonObject written = client.webhook(api, HubClient.message("m-1", new JsonObject().put("email", "ANA@example.com"), "Where is it?")).json();
    assertThat(written.getString("customerId")).as("the event made the customer the message found").isEqualTo(ana);
    assertThat(client.post("/api/v1/customer-events", event("email:ana@example.com", "return.requested", "Return requested in the app",
        "2026-12-01T08:00:00Z", "return-77"), shop).status()).isEqualTo(201);

    List<JsonObject> all = pages(client, hub.adminToken(), "/api/v1/customers/" + ana + "/timeline?limit=1");
    assertThat(all).extracting(item -> item.getString("kind")).containsExactly("message", "event", "event");
    assertThat(all.get(0).getString("text")).isEqualTo("Where is it?");
    assertThat(all).extracting(item -> item.getString("externalId")).containsExactly("m-1", "return-77", "order-1234");
    assertThat(all.get(2).getJsonObject("data").getDouble("total")).isEqualTo(59.9);

    // A second profile with its own event merges into Ana: its event comes along.
    String other = client.post("/api/v1/customer-events", event("phone:+4930123456", "store.visit", "Visited the Berlin store",
        "2026-11-29T12:00:00Z", "visit-5"), shop).json().getString("customerId");
    assertThat(client.post("/api/v1/customers/" + ana + "/merge", new JsonObject().put("otherId", other), hub.adminToken()).status())
        .isEqualTo(200);
    List<JsonObject> merged = pages(client, hub.adminToken(), "/api/v1/customers/" + ana + "/timeline?limit=2");
    assertThat(merged).extracting(item -> item.getString("externalId")).containsExactly("m-1", "return-77", "order-1234", "visit-5");
    assertThat(pages(client, hub.adminToken(), "/api/v1/customers/" + other + "/timeline")).as("the merged-away id leads to the survivor")
        .hasSize(4);
  }

  @Test
  void badPostsAreRefusedNamingTheFieldAndStoreNothing() {
    HubClient client = hub.client();
    JsonObject good = event("email:bo@example.com", "order.created", "Order", "2026-11-30T10:00:00Z", "o-1");
    assertField(client.post("/api/v1/customer-events", good.copy().put("identity", "fax:123"), hub.adminToken()), "identity");
    assertField(client.post("/api/v1/customer-events", good.copy().put("identity", "visitor:v123"), hub.adminToken()), "identity");
    assertField(client.post("/api/v1/customer-events", good.copy().put("type", "Order Created!"), hub.adminToken()), "type");
    assertField(client.post("/api/v1/customer-events", good.copy().put("occurredAt", "yesterday"), hub.adminToken()), "occurredAt");
    assertField(client.post("/api/v1/customer-events", withoutField(good, "occurredAt"), hub.adminToken()), "occurredAt");
    assertField(client.post("/api/v1/customer-events", withoutField(good, "externalId"), hub.adminToken()), "externalId");
    assertField(client.post("/api/v1/customer-events", good.copy().put("data", "not an object"), hub.adminToken()), "data");
    assertThat(client.post("/api/v1/customer-events", good, null).status()).isEqualTo(401);
    assertThat(client.get("/api/v1/customers?identity=email:bo@example.com", hub.adminToken()).items()).as("nothing stored").isEmpty();
    assertThat(client.get("/api/v1/customers/0123456789abcdef01234567/timeline", hub.adminToken()).status()).isEqualTo(404);
  }

  private static JsonObject event(String identity, String type, String title, String occurredAt, String externalId) {
    return new JsonObject().put("identity", identity).put("type", type).put("title", title).put("occurredAt", occurredAt)
        .put("externalId", externalId);
  }

  private static JsonObject withoutField(JsonObject body, String field) {
    JsonObject copy = body.copy();
    copy.remove(field);
    return copy;
  }

  private static void assertField(HttpResult result, String field) {
    assertThat(result.status()).as(result.toString()).isEqualTo(400);
    assertThat(result.errorField()).as(result.toString()).isEqualTo(field);
  }

  /** Every item, page by page. */
  private static List<JsonObject> pages(HubClient client, String token, String path) {
    List<JsonObject> items = new ArrayList<>();
    String next = null;
    do {
      HttpResult page = client.get(path + (next == null ? "" : (path.contains("?") ? "&" : "?") + "cursor=" + next), token);
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      page.items().forEach(item -> items.add((JsonObject) item));
      next = page.json().getString("next");
    } while (next != null);
    return items;
  }
}
