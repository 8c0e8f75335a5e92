package dev.omnihub.hub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admins set the business hours SLA clocks count in and the policies they promise: what is stored is
 * what the clocks compute with, and every malformed part is refused naming its field.
 */
class SlaSettingsApiTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  private static HubClient client() {
    return hub.client();
  }

  private static JsonObject berlinOffice() {
    JsonArray nineToFive = new JsonArray().add(new JsonArray().add("09:00").add("17:00"));
    JsonObject week = new JsonObject();
    for (String day : new String[] {"mon", "tue", "wed", "thu", "fri"}) {
      week.put(day, nineToFive);
    }
    return new JsonObject().put("name", "Berlin office").put("timeZone", "Europe/Berlin").put("week", week)
        .put("holidays", new JsonArray().add("2026-12-25"));
  }

  @Test
  void businessHoursAreStoredAsGivenAndCountAsTheClocksWill() {
    HttpResult created = client().post("/api/v1/business-hours", berlinOffice(), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    JsonObject read = client().get("/api/v1/business-hours/" + id, hub.adminToken()).json();
    assertThat(read.getString("timeZone")).isEqualTo("Europe/Berlin");
    assertThat(read.getJsonObject("week").getJsonArray("mon")).isEqualTo(new JsonArray().add(new JsonArray().add("09:00").add("17:00")));
    assertThat(read.getJsonArray("holidays")).containsExactly("2026-12-25");

    // The stored definition is the calendar the clocks use: Thursday 24 December 16:00 + 2 h skips Christmas and the weekend.
    Document stored = hub.hub().services().mongo().read(() -> new SlaSettings(hub.hub().services().mongo()).businessHours(id).orElseThrow())
        .await();
    Instant due = SlaDefinitions.calendar(stored).plus(Instant.parse("2026-12-24T15:00:00Z"), Duration.ofHours(2));
    assertThat(due).isEqualTo(Instant.parse("2026-12-28T09:00:00Z"));
  }

  @Test
  void malformedBusinessHoursAreRefusedNamingTheField() {
    assertRejected(berlinOffice().put("timeZone", "Mars/Olympus"), "timeZone");
    assertRejected(berlinOffice().put("week", berlinOffice().getJsonObject("week").copy().put("funday", new JsonArray())), "week.funday");
    assertRejected(berlinOffice().put("week", new JsonObject().put("mon", new JsonArray().add(new JsonArray().add("9:00").add("17:00")))),
        "week.mon[0]");
    assertRejected(berlinOffice().put("week", new JsonObject().put("tue", new JsonArray().add(new JsonArray().add("10:00").add("10:00")))),
        "week.tue[0]");
    assertRejected(berlinOffice().put("holidays", new JsonArray().add("2026-13-40")), "holidays[0]");
    assertRejected(berlinOffice().put("week", new JsonObject()), "week");
    assertRejected(berlinOffice().put("name", " "), "name");
    assertThat(client().post("/api/v1/business-hours", berlinOffice(), agentToken()).status()).as("admins only").isEqualTo(403);
  }

  @Test
  void policiesPromiseTargetsPerPriorityInTheirBusinessHours() {
    String hours = client().post("/api/v1/business-hours", berlinOffice(), hub.adminToken()).json().getString("id");
    JsonObject policy = new JsonObject().put("name", "Standard").put("businessHoursId", hours)
        .put("targets", new JsonObject()
            .put("urgent", new JsonObject().put("firstResponse", "PT15M").put("resolution", "PT4H"))
            .put("normal", new JsonObject().put("firstResponse", "PT1H").put("nextResponse", "PT2H").put("resolution", "PT8H")))
        .put("warnBefore", "PT10M").put("onBreach", new JsonObject().put("escalate", true).put("raisePriority", true));
    HttpResult created = client().post("/api/v1/sla-policies", policy, hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject read = client().get("/api/v1/sla-policies/" + created.json().getString("id"), hub.adminToken()).json();
    assertThat(read.getJsonObject("targets").getJsonObject("urgent").getString("firstResponse")).isEqualTo("PT15M");
    assertThat(read.getJsonObject("onBreach").getBoolean("escalate")).isTrue();
    assertThat(client().get("/api/v1/sla-policies", hub.adminToken()).items().stream().map(JsonObject.class::cast)
        .map(item -> item.getString("id"))).contains(read.getString("id"));

    assertPolicyRejected(policy.copy().put("targets", new JsonObject().put("asap", new JsonObject())), "targets.asap");
    assertPolicyRejected(policy.copy().put("targets", new JsonObject().put("high", new JsonObject().put("firstResponse", "1 hour"))),
        "targets.high.firstResponse");
    assertPolicyRejected(policy.copy().put("targets", new JsonObject().put("high", new JsonObject().put("fastResponse", "PT1H"))),
        "targets.high.fastResponse");
    assertPolicyRejected(policy.copy().put("targets", new JsonObject().put("low", new JsonObject().put("resolution", "PT0S"))),
        "targets.low.resolution");
    assertPolicyRejected(policy.copy().put("targets", new JsonObject()), "targets");
    assertPolicyRejected(policy.copy().put("warnBefore", "-PT5M"), "warnBefore");
    assertPolicyRejected(policy.copy().put("businessHoursId", "no-such-hours"), "businessHoursId");
    assertPolicyRejected(policy.copy().put("onBreach", new JsonObject().put("queueId", "no-such-queue")), "onBreach.queueId");
    assertPolicyRejected(policy.copy().put("onBreach", new JsonObject().put("escalate", "yes")), "onBreach.escalate");
  }

  private static String agentToken() {
    String email = "agent-" + java.util.UUID.randomUUID() + "@sla.test";
    client().post("/api/v1/agents", new JsonObject().put("name", "Agent").put("email", email).put("password", "agent-password-1"),
        hub.adminToken());
    return client().login(email, "agent-password-1");
  }

  private static void assertRejected(JsonObject body, String field) {
    HttpResult result = client().post("/api/v1/business-hours", body, hub.adminToken());
    assertThat(result.status()).as(result.toString()).isEqualTo(400);
    assertThat(result.json().getJsonObject("error").getString("field")).as(result.toString()).isEqualTo(field);
  }

  private static void assertPolicyRejected(JsonObject body, String field) {
    HttpResult result = client().post("/api/v1/sla-policies", body, hub.adminToken());
    assertThat(result.status()).as(result.toString()).isEqualTo(400);
    assertThat(result.json().getJsonObject("error").getString("field")).as(result.toString()).isEqualTo(field);
  }
}
