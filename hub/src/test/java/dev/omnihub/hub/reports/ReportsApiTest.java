package dev.omnihub.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reports against a recomputation from the raw store: random conversations (customers' messages,
 * two agents' replies, an integration's replies, notes, resolutions and reopenings at random moments),
 * then every figure of {@code reports/overview} — by day, channel and agent — compared with what
 * {@link ReportRebuild#recompute} derives from the stored conversations and messages; the buckets kept
 * live survive their events being taken again, and a rebuild from the store gives the same report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsApiTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  private static final Instant STARTED = Instant.now();

  @Test
  @Order(1)
  void theReportsMatchARecomputationFromTheStoredMessagesOnRandomConversations() throws Exception {
    HubClient client = hub.client();
    JsonObject channel = client.createApiChannel(hub.adminToken(), "reports-shop", null);
    String ana = agent("ana");
    String bo = agent("bo");
    String integration = client.post("/api/v1/tokens", new JsonObject().put("name", "shop bot").put("roles", new JsonArray().add("agent")),
        hub.adminToken()).json().getString("token");
    Random random = new Random(20261207);
    List<String> conversations = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      conversations.add(client.webhook(channel, HubClient.message("r-" + i, new JsonObject().put("email", "r" + i + "@reports.test"),
          "Question " + i)).json().getString("conversationId"));
    }
    Map<String, String> status = new HashMap<>();
    for (int step = 0; step < 90; step++) {
      int which = random.nextInt(conversations.size());
      String conversation = conversations.get(which);
      switch (random.nextInt(7)) {
        case 0 -> client.webhook(channel, HubClient.message("r-" + which + "-" + step, new JsonObject().put("email", "r" + which + "@reports.test"),
            "More " + step));
        case 1 -> reply(conversation, "Ana here " + step, ana);
        case 2 -> reply(conversation, "Bo here " + step, bo);
        case 3 -> reply(conversation, "Automatic answer " + step, integration);
        case 4 -> assertThat(client.post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "note " + step)
            .put("private", true), ana).status()).isEqualTo(201);
        case 5 -> setStatus(conversation, "resolved", status);
        default -> setStatus(conversation, "open", status);
      }
      Thread.sleep(random.nextInt(60));
    }

    Map<String, Object> expected = awaitReportsOfRecomputation();
    assertThat((long) expected.get("reopened")).as("the random data has reopenings").isPositive();
    assertThat((long) expected.get("resolved")).isPositive();
    assertThat((long) expected.get("FIRST_RESPONSE")).as("first responses, fewer than the contacts").isPositive()
        .isLessThan((long) expected.get("conversations"));
    JsonObject byDay = overview("day");
    assertThat(byDay.getJsonArray("rows")).hasSize(1);
    assertFigures(byDay.getJsonObject("totals"), expected);
    assertFigures(byDay.getJsonArray("rows").getJsonObject(0), expected);
    JsonObject byChannel = overview("channel");
    assertThat(byChannel.getJsonArray("rows").getJsonObject(0).getString("key")).isEqualTo("api");
    assertFigures(byChannel.getJsonArray("rows").getJsonObject(0), expected);

    // Over whole days the day buckets are read (hours only at the ends): the same figures.
    Instant midnight = STARTED.truncatedTo(ChronoUnit.DAYS);
    HttpResult wide = hub.client().get("/api/v1/reports/overview?groupBy=channel&from=" + midnight.minus(2, ChronoUnit.DAYS) + "&to="
        + midnight.plus(2, ChronoUnit.DAYS).plus(3, ChronoUnit.HOURS), hub.adminToken());
    assertFigures(wide.json().getJsonArray("rows").getJsonObject(0), expected);
    assertFigures(wide.json().getJsonObject("totals"), expected);

    // First responses by the agent who answered: only Ana and Bo, never the integration's replies or notes.
    JsonObject byAgent = overview("agent");
    Map<String, List<Double>> responsesByAgent = recomputedFirstResponsesByAgent();
    assertThat(responsesByAgent.keySet()).isSubsetOf(hubAgentIds(ana, bo));
    for (Object item : byAgent.getJsonArray("rows")) {
      JsonObject row = (JsonObject) item;
      List<Double> values = responsesByAgent.getOrDefault(row.getString("key"), List.of());
      assertThat(row.getJsonObject("firstResponseSeconds").getDouble("p50")).as("agent %s", row.getString("key"))
          .isEqualTo(values.isEmpty() ? null : ReportRow.Times.of(values).p50());
    }
  }

  @Test
  @Order(2)
  void eventsTakenAgainCountNothingTwiceAndARebuildFromTheStoreGivesTheSameReport() throws Exception {
    JsonObject before = overview("day").getJsonObject("totals");
    EventLog log = hub.hub().services().eventLog();
    MongoStore store = hub.hub().services().mongo();
    var recorder = hub.hub().services().desk().reports().recorder();
    store.write(() -> {
      // After a crash the reaction takes the events since its last saved position again.
      List<EventLog.Logged> again = log.render(log.storedBetween(0, log.horizon(), 10_000)).stream()
          .filter(event -> recorder.reaction().wants(event)).toList();
      return recorder.reaction().reactAll(again, null);
    }).await(30, TimeUnit.SECONDS);
    assertThat(overview("day").getJsonObject("totals")).isEqualTo(before);

    store.write(() -> hub.hub().services().desk().reports().rebuild(log.horizon(), Instant.now())).await(30, TimeUnit.SECONDS);
    JsonObject rebuilt = overview("day").getJsonObject("totals");
    assertThat(rebuilt.copy().put("slaMetPercent", null)).isEqualTo(before.copy().put("slaMetPercent", null));
  }

  @Test
  @Order(3)
  void csvHasAHeaderAndALinePerRowAndBadRangesAreRefused() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + "/api/v1/reports/overview?groupBy=channel&from="
        + STARTED.truncatedTo(ChronoUnit.HOURS) + "&to=" + Instant.now().plus(1, ChronoUnit.HOURS)))
        .header("Authorization", "Bearer " + hub.adminToken()).header("Accept", "text/csv").build();
    HttpResponse<String> csv = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).startsWith("key,conversations,resolved,reopened,firstResponseSeconds.avg,firstResponseSeconds.p50")
        .endsWith("slaMetPercent,messagesIn,messagesOut");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).startsWith("\"api\",");

    assertThat(hub.client().get("/api/v1/reports/overview?groupBy=week", hub.adminToken()).errorField()).isEqualTo("groupBy");
    assertThat(hub.client().get("/api/v1/reports/overview?timeZone=Mars/Olympus", hub.adminToken()).errorField()).isEqualTo("timeZone");
    assertThat(hub.client().get("/api/v1/reports/overview?from=2026-12-07&to=2026-12-01", hub.adminToken()).errorField()).isEqualTo("from");
    assertThat(hub.client().get("/api/v1/reports/overview?from=yesterday", hub.adminToken()).status()).isEqualTo(400);
    String agent = agent("cy");
    assertThat(hub.client().get("/api/v1/reports/overview", agent).status()).isEqualTo(403);
    String cyId = hub.client().get("/api/v1/auth/me", agent).json().getJsonObject("agent").getString("id");
    assertThat(hub.client().get("/api/v1/reports/agents/" + cyId, agent).status()).as("an agent's own").isEqualTo(200);
    String other = hub.client().get("/api/v1/auth/me", hub.adminToken()).json().getJsonObject("agent").getString("id");
    assertThat(hub.client().get("/api/v1/reports/agents/" + other, agent).status()).isEqualTo(403);
    JsonObject dates = hub.client().get("/api/v1/reports/overview?from=2026-12-01&to=2026-12-02&timeZone=America/New_York", hub.adminToken())
        .json();
    assertThat(dates.getString("from")).as("a date is midnight in the time zone").isEqualTo("2026-12-01T05:00:00Z");
  }

  private static void assertFigures(JsonObject row, Map<String, Object> expected) {
    assertThat(row.getLong("conversations")).isEqualTo(expected.get("conversations"));
    assertThat(row.getLong("reopened")).isEqualTo(expected.get("reopened"));
    assertThat(row.getLong("resolved")).isEqualTo(expected.get("resolved"));
    assertThat(row.getLong("messagesIn")).isEqualTo(expected.get("messagesIn"));
    assertThat(row.getLong("messagesOut")).isEqualTo(expected.get("messagesOut"));
    assertThat(row.getJsonObject("firstResponseSeconds").getMap()).isEqualTo(expected.get("firstResponseSeconds"));
    assertThat(row.getJsonObject("resolutionSeconds").getMap()).isEqualTo(expected.get("resolutionSeconds"));
  }

  /** Waits for the live buckets to catch up, then recomputes the figures from the stored conversations and messages. */
  private static Map<String, Object> awaitReportsOfRecomputation() {
    Map<String, Object>[] expected = new Map[1];
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
      expected[0] = figures(recomputedFacts());
      return overview("day").getJsonObject("totals").getLong("messagesOut").equals(expected[0].get("messagesOut"))
          && overview("day").getJsonObject("totals").getLong("resolved").equals(expected[0].get("resolved"));
    });
    return expected[0];
  }

  private static Map<String, Object> figures(List<ReportFact> facts) {
    Map<String, Object> figures = new HashMap<>();
    for (ReportFact.Kind kind : ReportFact.Kind.values()) {
      figures.put(kind.name(), facts.stream().filter(fact -> fact.kind() == kind).count());
    }
    figures.put("conversations", figures.get("CONVERSATION"));
    figures.put("reopened", figures.get("REOPENED"));
    figures.put("resolved", figures.get("RESOLVED"));
    figures.put("messagesIn", figures.get("MESSAGE_IN"));
    figures.put("messagesOut", figures.get("MESSAGE_OUT"));
    figures.put("firstResponseSeconds", times(facts, ReportFact.Kind.FIRST_RESPONSE));
    figures.put("resolutionSeconds", times(facts, ReportFact.Kind.RESOLVED));
    return figures;
  }

  private static Map<String, Object> times(List<ReportFact> facts, ReportFact.Kind kind) {
    ReportRow.Times times = ReportRow.Times.of(facts.stream().filter(fact -> fact.kind() == kind).map(ReportFact::value).toList());
    Map<String, Object> map = new HashMap<>();
    map.put("avg", times.avg());
    map.put("p50", times.p50());
    map.put("p90", times.p90());
    return map;
  }

  private static Map<String, List<Double>> recomputedFirstResponsesByAgent() throws Exception {
    Map<String, List<Double>> byAgent = new HashMap<>();
    recomputedFacts().stream().filter(fact -> fact.kind() == ReportFact.Kind.FIRST_RESPONSE)
        .forEach(fact -> byAgent.computeIfAbsent(fact.agentId(), ignored -> new ArrayList<>()).add(fact.value()));
    return byAgent;
  }

  private static List<ReportFact> recomputedFacts() throws Exception {
    MongoStore store = hub.hub().services().mongo();
    return store.read(() -> {
      List<ReportFact> facts = new ArrayList<>();
      for (Document conversation : store.collection(Collections.CONVERSATIONS).find()) {
        List<Document> messages = store.collection(Collections.MESSAGES).find(new Document("conversationId", conversation.getString("_id")))
            .sort(new Document("createdAt", 1).append("_id", 1)).into(new ArrayList<>());
        facts.addAll(ReportRebuild.recompute(conversation, messages).facts());
      }
      return facts;
    }).await(30, TimeUnit.SECONDS);
  }

  private static JsonObject overview(String groupBy) {
    HttpResult result = hub.client().get("/api/v1/reports/overview?groupBy=" + groupBy + "&from=" + STARTED.truncatedTo(ChronoUnit.HOURS)
        + "&to=" + Instant.now().plus(1, ChronoUnit.HOURS), hub.adminToken());
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json();
  }

  private static List<String> hubAgentIds(String... tokens) {
    List<String> ids = new ArrayList<>();
    for (String token : tokens) {
      ids.add(hub.client().get("/api/v1/auth/me", token).json().getJsonObject("agent").getString("id"));
    }
    return ids;
  }

  private static void reply(String conversation, String text, String token) {
    HttpResult replied = hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", text), token);
    assertThat(replied.status()).as(replied.toString()).isEqualTo(201);
  }

  private static void setStatus(String conversation, String wanted, Map<String, String> status) {
    HttpResult changed = hub.client().post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", wanted),
        hub.adminToken());
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    status.put(conversation, wanted);
  }

  private static String agent(String name) {
    String email = name + "-" + System.nanoTime() + "@reports.test";
    assertThat(hub.client().post("/api/v1/agents", new JsonObject().put("name", name).put("email", email).put("password", "agent-password-1")
        .put("roles", new JsonArray().add("agent")), hub.adminToken()).status()).isEqualTo(201);
    return hub.client().login(email, "agent-password-1");
  }
}
