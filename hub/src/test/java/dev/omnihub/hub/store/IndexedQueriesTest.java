package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every query the hub makes on its hot paths is served by an index: it reads (almost) no document it
 * does not return. Measured in the embedded store itself (documents examined per query), over a store
 * big enough that a scan or an index that does not fit would read far more than a page: ingest (new
 * and known senders, a retry, a merge), the inbox with every filter and its next page, a conversation's
 * messages both ways and an older page, customers by identity and their conversations, the customer
 * list, replies and their delivery, status and assignment changes.
 */
class IndexedQueriesTest {

  /** A keyset page may read the item at its cursor (and items sharing its millisecond) before the first it returns. */
  private static final int SLACK = 2;
  private static final int CUSTOMERS = 40;
  private static final int MESSAGES_EACH = 4;

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  private record Query(String collection, String plan, long keys, long examined, long returned) {
  }

  static HubClient client;
  static String admin;
  static JsonObject shop;
  static JsonObject app;
  static String agentId;
  static String agentToken;
  static final String QUEUE = "65f1c2a9e4b0a1b2c3d4e5f0";
  static final List<String> conversations = new ArrayList<>();
  static final List<String> customers = new ArrayList<>();
  static int externalIds;

  @BeforeAll
  static void fillTheStore() throws Exception {
    client = hub.client();
    admin = hub.adminToken();
    shop = client.createApiChannel(admin, "Shop", null);
    app = client.createApiChannel(admin, "App", null);
    agentId = client.post("/api/v1/agents", new JsonObject().put("name", "Ana").put("email", "ana@desk.test")
        .put("password", "correct horse battery"), admin).json().getString("id");
    agentToken = client.login("ana@desk.test", "correct horse battery");
    MongoStore mongo = hub.hub().services().mongo();
    mongo.write(() -> mongo.collection(Collections.QUEUES).insertOne(new Document("_id", QUEUE).append("name", "Returns")))
        .await();
    for (int c = 0; c < CUSTOMERS; c++) {
      JsonObject channel = c % 4 == 0 ? app : shop;
      JsonObject ack = null;
      for (int m = 0; m < MESSAGES_EACH; m++) {
        ack = inbound(channel, new JsonObject().put("email", "customer-" + c + "@shop.test"), "message " + m + " of " + c);
      }
      conversations.add(ack.getString("conversationId"));
      customers.add(ack.getString("customerId"));
      if (c % 3 == 0) {
        status(ack.getString("conversationId"), "resolved");
      } else if (c % 5 == 1) {
        assign(ack.getString("conversationId"), new JsonObject().put("agentId", agentId));
      } else if (c % 7 == 2) {
        assign(ack.getString("conversationId"), new JsonObject().put("queueId", QUEUE));
      }
    }
  }

  @Test
  void everyHotPathQueryReadsNoMoreDocumentsThanItReturns() throws Exception {
    List<Query> queries = new CopyOnWriteArrayList<>();
    try (AutoCloseable listening = hub.hub().services().mongo().queryStats()
        .listen((collection, plan, keys, examined, returned) -> {
          // The server's own bookkeeping (index definitions read when a collection is first used) is not the hub's.
          if (!collection.contains(".system.")) {
            queries.add(new Query(collection, plan, keys, examined, returned));
          }
        })) {
      exerciseHotPaths();
    }

    List<Query> wasteful = queries.stream().filter(query -> query.examined() > query.returned() + SLACK).toList();
    assertThat(wasteful).as("queries that read more documents than they return").isEmpty();
    Set<String> collections = queries.stream().map(Query::collection).collect(Collectors.toSet());
    assertThat(collections).as("the scenario reached every hot collection").contains("omnihub.messages", "omnihub.conversations",
        "omnihub.customers", "omnihub.identities", "omnihub.outbox", "omnihub.thread_keys");
    assertThat(queries.stream().filter(query -> query.plan().equals("scan") && query.examined() > 0).toList())
        .as("full scans that read anything (only tiny admin lists may)").allMatch(query -> query.returned() == query.examined());
  }

  private static void exerciseHotPaths() {
    // Ingest: a known sender, a retry of the same delivery, a first contact, and a message that links two customers.
    JsonObject known = new JsonObject().put("email", "customer-5@shop.test");
    String retried = "retry-" + externalIds++;
    assertThat(client.webhook(shop, HubClient.message(retried, known, "again")).status()).isEqualTo(200);
    assertThat(client.webhook(shop, HubClient.message(retried, known, "again")).json().getBoolean("duplicate")).isTrue();
    inbound(shop, new JsonObject().put("email", "first@shop.test").put("phone", "+14155550100"), "hello");
    inbound(app, new JsonObject().put("email", "customer-6@shop.test").put("phone", "+14155550100"), "it's me again");
    for (int i = 0; i < 2; i++) {
      JsonObject threaded = HubClient.message("t-" + externalIds++, known, "about order 12").put("threadKey", "order-12");
      assertThat(client.webhook(shop, threaded).status()).isEqualTo(200);
    }

    // The inbox, with every filter, and the next page.
    for (String query : List.of("status=open", "status=open&assignee=me", "status=open&assignee=none", "status=resolved",
        "status=open,pending", "", "queue=" + QUEUE, "channel=api", "channel=" + app.getString("id"), "assignee=" + agentId,
        "customerId=" + customers.get(3))) {
      JsonObject page = get("/api/v1/conversations?limit=5&" + query).json();
      if (page.getString("next") != null) {
        get("/api/v1/conversations?limit=5&" + query + "&cursor=" + page.getString("next"));
      }
    }
    // A conversation's messages, newest and oldest first, and an older page.
    String conversation = conversations.get(7);
    for (String order : List.of("desc", "asc")) {
      JsonObject page = get("/api/v1/conversations/" + conversation + "/messages?limit=2&order=" + order).json();
      get("/api/v1/conversations/" + conversation + "/messages?limit=2&order=" + order + "&cursor=" + page.getString("next"));
    }
    get("/api/v1/conversations/" + conversation);
    // Customers: by identity, one, their conversations, the list and its next page, a merge.
    get("/api/v1/customers?identity=" + URLEncoder.encode("email:customer-9@shop.test", StandardCharsets.UTF_8));
    get("/api/v1/customers?identity=" + URLEncoder.encode("phone:+14155550100", StandardCharsets.UTF_8));
    get("/api/v1/customers/" + customers.get(9));
    get("/api/v1/customers/" + customers.get(9) + "/conversations");
    JsonObject firstPage = get("/api/v1/customers?limit=5").json();
    get("/api/v1/customers?limit=5&cursor=" + firstPage.getString("next"));
    // Merges are for supervisors.
    assertThat(client.post("/api/v1/customers/" + customers.get(10) + "/merge", new JsonObject().put("otherId", customers.get(11)),
        admin).status()).isEqualTo(200);
    get("/api/v1/customers/" + customers.get(10) + "/conversations");
    // Replies go through the outbox and its dispatcher; a note; status and assignment.
    String replied = conversations.get(13);
    HttpResult reply = client.post("/api/v1/conversations/" + replied + "/messages", new JsonObject().put("text", "On its way"), agentToken);
    assertThat(reply.status()).isEqualTo(201);
    client.post("/api/v1/conversations/" + replied + "/messages", new JsonObject().put("text", "checked").put("private", true), agentToken);
    String replyId = reply.json().getString("id");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v1/conversations/" + replied + "/messages?limit=5").json()
        .getJsonArray("items").stream().map(JsonObject.class::cast).anyMatch(message -> message.getString("id").equals(replyId)
            && !"queued".equals(message.getJsonObject("delivery").getString("status"))));
    status(conversations.get(14), "pending");
    assign(conversations.get(15), new JsonObject().put("agentId", agentId).put("queueId", QUEUE));
  }

  private static JsonObject inbound(JsonObject channel, JsonObject from, String text) {
    HttpResult result = client.webhook(channel, HubClient.message("m-" + externalIds++, from, text));
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json();
  }

  private static HttpResult get(String path) {
    HttpResult result = client.get(path, agentToken);
    assertThat(result.status()).as(path + " " + result).isEqualTo(200);
    return result;
  }

  private static void status(String conversationId, String status) {
    HttpResult result = client.post("/api/v1/conversations/" + conversationId + "/status", new JsonObject().put("status", status), agentToken);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
  }

  private static void assign(String conversationId, JsonObject body) {
    HttpResult result = client.post("/api/v1/conversations/" + conversationId + "/assign", body, agentToken);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
  }
}
