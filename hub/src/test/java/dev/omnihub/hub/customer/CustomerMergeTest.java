package dev.omnihub.hub.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.events.CustomerMerged;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.testing.EventRecorder;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Recognizing one person across channels: linking identities merges profiles, by message or by request. */
class CustomerMergeTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static HubClient client;
  static JsonObject channel;
  static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() {
    client = hub.client();
    channel = client.createApiChannel(hub.adminToken(), "Merge", null);
  }

  private static JsonObject send(JsonObject from, String text) {
    HttpResult result = client.webhook(channel, HubClient.message("merge-" + ids.incrementAndGet(), from, text));
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json();
  }

  private static JsonObject customer(String id) {
    return client.get("/api/v1/customers/" + id, hub.adminToken()).json();
  }

  private static JsonArray lookup(String identity) {
    return client.get("/api/v1/customers?identity=" + identity, hub.adminToken()).items();
  }

  @Test
  void aMessageCarryingTwoCustomersIdentitiesMergesThem() throws Exception {
    JsonObject byEmail = send(new JsonObject().put("email", "ana@merge.test").put("name", "Ana"), "from the web");
    JsonObject byPhone = send(new JsonObject().put("phone", "+49 151 2345 6789"), "by sms");
    String emailCustomer = byEmail.getString("customerId");
    String phoneCustomer = byPhone.getString("customerId");
    assertThat(emailCustomer).isNotEqualTo(phoneCustomer);
    client.patch("/api/v1/customers/" + phoneCustomer, new JsonObject().put("attributes", new JsonObject().put("plan", "gold"))
        .put("tags", new JsonArray().add("vip")), hub.adminToken());

    JsonObject linking;
    try (EventRecorder events = new EventRecorder(hub.hub().services().store(), EventAddresses.CUSTOMER_MERGED)) {
      linking = send(new JsonObject().put("email", "ana@merge.test").put("phone", "+4915123456789"), "it's me, Ana");
      CustomerMerged merged = events.await(CustomerMerged.class, event -> event.loserId().equals(phoneCustomer));
      assertThat(merged.survivorId()).isEqualTo(emailCustomer);
      assertThat(merged.conversationIds()).containsExactly(byPhone.getString("conversationId"));
    }

    // The older profile survives and takes everything; the other one points at it.
    String survivor = linking.getString("customerId");
    assertThat(survivor).isEqualTo(emailCustomer);
    assertThat(lookup("phone:+4915123456789").getJsonObject(0).getString("id")).isEqualTo(survivor);
    JsonObject merged = customer(survivor);
    assertThat(merged.getJsonArray("identities").stream().map(i -> ((JsonObject) i).getString("value")))
        .containsExactlyInAnyOrder("ana@merge.test", "+4915123456789");
    assertThat(merged.getJsonObject("attributes").getString("plan")).isEqualTo("gold");
    assertThat(merged.getJsonArray("tags")).contains("vip");
    assertThat(merged.getString("name")).isEqualTo("Ana");
    assertThat(customer(phoneCustomer).getString("mergedInto")).isEqualTo(survivor);

    // Both conversations now belong to the survivor; the message went to one of them.
    JsonArray conversations = client.get("/api/v1/customers/" + survivor + "/conversations", hub.adminToken()).items();
    assertThat(conversations).extracting(c -> ((JsonObject) c).getString("customerId")).containsOnly(survivor);
    assertThat(conversations).extracting(c -> ((JsonObject) c).getString("id"))
        .contains(byEmail.getString("conversationId"), byPhone.getString("conversationId"));

    // An audit record keeps what an unmerge would need.
    Document audit = hub.hub().services().mongo().read(() -> hub.hub().services().mongo().collection(Collections.AUDIT)
        .find(new Document("_id", "merge:" + phoneCustomer)).first()).await(10, TimeUnit.SECONDS);
    assertThat(audit.getString("type")).isEqualTo("customer.merged");
    Document details = audit.get("details", Document.class);
    assertThat(details.getString("survivorId")).isEqualTo(survivor);
    assertThat(details.getList("identities", String.class)).contains("phone:+4915123456789");
    assertThat(details.getList("conversations", String.class)).contains(byPhone.getString("conversationId"));
    assertThat(details.get("loserProfile", Document.class).getList("tags", String.class)).contains("vip");
  }

  @Test
  void theMergeApiMergesTwoProfilesOnRequest() {
    JsonObject a = send(new JsonObject().put("email", "bo@merge.test"), "one");
    JsonObject b = send(new JsonObject().put("externalUserId", "user-991"), "two");

    HttpResult result = client.post("/api/v1/customers/" + b.getString("customerId") + "/merge",
        new JsonObject().put("otherId", a.getString("customerId")), hub.adminToken());

    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    String survivor = result.json().getString("id");
    assertThat(survivor).isEqualTo(a.getString("customerId"));
    assertThat(lookup("external:user-991").getJsonObject(0).getString("id")).isEqualTo(survivor);
    JsonObject next = send(new JsonObject().put("externalUserId", "user-991"), "three");
    assertThat(next.getString("customerId")).isEqualTo(survivor);

    HttpResult again = client.post("/api/v1/customers/" + b.getString("customerId") + "/merge",
        new JsonObject().put("otherId", a.getString("customerId")), hub.adminToken());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("already_merged");
  }

  @Test
  void mergeRequestsNameTheirProblems() {
    JsonObject a = send(new JsonObject().put("email", "cy@merge.test"), "one");
    String path = "/api/v1/customers/" + a.getString("customerId") + "/merge";

    assertThat(client.post(path, new JsonObject().put("otherId", a.getString("customerId")), hub.adminToken()).status()).isEqualTo(409);
    assertThat(client.post(path, new JsonObject().put("otherId", "5f0000000000000000000000"), hub.adminToken()).status()).isEqualTo(404);
    HttpResult missing = client.post(path, new JsonObject(), hub.adminToken());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.errorField()).isEqualTo("otherId");
  }

  @Test
  void identitiesAreNormalizedSoTheSamePersonIsFoundWhateverTheSpelling() {
    JsonObject first = send(new JsonObject().put("phone", "(415) 555-0133"), "national format, default region US");
    JsonObject second = send(new JsonObject().put("phone", "+1 415 555 0133"), "international format");
    JsonObject third = send(new JsonObject().put("email", "  Dee@Merge.TEST "), "mixed case");
    JsonObject fourth = send(new JsonObject().put("email", "dee@merge.test"), "lower case");

    assertThat(second.getString("customerId")).isEqualTo(first.getString("customerId"));
    assertThat(fourth.getString("customerId")).isEqualTo(third.getString("customerId"));
    assertThat(lookup("phone:+14155550133")).hasSize(1);
    assertThat(lookup("phone:(415)%20555-0133")).hasSize(1);
  }

  @Test
  void patchEditsAttributesTagsAndName() {
    JsonObject a = send(new JsonObject().put("email", "ed@merge.test"), "hi");
    String path = "/api/v1/customers/" + a.getString("customerId");

    client.patch(path, new JsonObject().put("name", "Ed").put("attributes", new JsonObject().put("company", "Acme").put("seats", 12)),
        hub.adminToken());
    HttpResult patched = client.patch(path, new JsonObject().put("attributes", new JsonObject().putNull("company"))
        .put("tags", new JsonArray().add("trial")), hub.adminToken());

    assertThat(patched.status()).isEqualTo(200);
    JsonObject customer = patched.json();
    assertThat(customer.getString("name")).isEqualTo("Ed");
    assertThat(customer.getJsonObject("attributes").getInteger("seats")).isEqualTo(12);
    assertThat(customer.getJsonObject("attributes").containsKey("company")).isFalse();
    assertThat(customer.getJsonArray("tags")).containsExactly("trial");
    HttpResult bad = client.patch(path, new JsonObject().put("attributes", new JsonObject().put("$where", 1)), hub.adminToken());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorField()).isEqualTo("attributes.$where");
  }
}
