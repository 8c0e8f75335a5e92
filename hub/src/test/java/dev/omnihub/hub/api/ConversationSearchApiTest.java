package dev.omnihub.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's inbox list (API.md "Console": each item named by its customer) and its search box
 * ({@code GET /api/v1/conversations?q=}): items carry their customer's name; a search finds
 * conversations by part of the customer's name or email address, or by a phone number written any way,
 * together with the list's other filters and a limited token's channels, newest first and paged.
 */
class ConversationSearchApiTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static HubClient client;
  static String admin;
  static JsonObject shop;
  static final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() {
    client = hub.client();
    admin = hub.adminToken();
    shop = client.createApiChannel(admin, "Shop", null);
  }

  private static JsonObject inbound(JsonObject channel, JsonObject from, String text) {
    HttpResult result = client.webhook(channel, HubClient.message("s-" + ids.incrementAndGet(), from, text));
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json();
  }

  private static JsonObject person(String name, String email) {
    JsonObject from = new JsonObject().put("email", email);
    return name == null ? from : from.put("name", name);
  }

  private static HttpResult search(String q, String more, String token) {
    return client.get("/api/v1/conversations?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more, token);
  }

  private static List<String> conversationIds(JsonArray items) {
    return items.stream().map(JsonObject.class::cast).map(item -> item.getString("id")).toList();
  }

  @Test
  void listItemsNameTheirCustomers() {
    String ana = inbound(shop, person("Ana Lima", "ana.lima@list.test"), "hi").getString("conversationId");
    String bea = inbound(shop, person("Bea Berg", "bea.berg@list.test"), "hello").getString("conversationId");
    JsonObject nameless = inbound(shop, person(null, "nameless@list.test"), "hey");

    JsonArray items = client.get("/api/v1/conversations?limit=3", admin).items();

    assertThat(conversationIds(items)).containsExactly(nameless.getString("conversationId"), bea, ana);
    assertThat(items.getJsonObject(0).getJsonObject("customer"))
        .isEqualTo(new JsonObject().put("id", nameless.getString("customerId")).putNull("name"));
    assertThat(items.getJsonObject(1).getJsonObject("customer").getString("name")).isEqualTo("Bea Berg");
    assertThat(items.getJsonObject(2).getJsonObject("customer").getString("name")).isEqualTo("Ana Lima");
    // Every field the list had stays.
    assertThat(items.getJsonObject(2).fieldNames()).contains("customerId", "status", "channels", "lastMessageAt", "lastPreview",
        "unreadCount");

    JsonObject one = client.get("/api/v1/conversations/" + ana, admin).json();
    assertThat(one.getJsonObject("customer").getString("name")).isEqualTo("Ana Lima");
    assertThat(one.getString("customerId")).isEqualTo(one.getJsonObject("customer").getString("id"));
  }

  @Test
  void aSearchFindsPartOfANameInAnyCaseAndInChinese() {
    String marta = inbound(shop, person("Marta Quiroga", "mq@name.test"), "hola").getString("conversationId");
    String li = inbound(shop, person("李小龙", "xl@name.test"), "你好").getString("conversationId");
    inbound(shop, person("Someone Else", "else@name.test"), "hi");

    assertThat(conversationIds(search("QUIROG", "", admin).items())).containsExactly(marta);
    assertThat(conversationIds(search("quiroga", "", admin).items())).containsExactly(marta);
    assertThat(conversationIds(search("李", "", admin).items())).containsExactly(li);
    assertThat(search("李", "", admin).items().getJsonObject(0).getJsonObject("customer").getString("name")).isEqualTo("李小龙");
  }

  @Test
  void aSearchFindsPartOfAnEmailAddressOrAPhoneNumberWrittenAnotherWay() {
    String byMail = inbound(shop, person("Mail Person", "orders.kowalczyk@mail-search.test"), "hi").getString("conversationId");
    String byPhone = inbound(shop, new JsonObject().put("phone", "+4915198765432").put("name", "Phone Person"), "hi")
        .getString("conversationId");

    assertThat(conversationIds(search("KOWALCZYK@MAIL", "", admin).items())).containsExactly(byMail);
    assertThat(conversationIds(search("+49 151 9876", "", admin).items())).containsExactly(byPhone);
    assertThat(conversationIds(search("4915 198765", "", admin).items())).containsExactly(byPhone);
    assertThat(conversationIds(search("(0151) 98-765", "", admin).items())).as("digits only, in order").isEmpty();
    assertThat(conversationIds(search("98765432", "", admin).items())).containsExactly(byPhone);
  }

  @Test
  void aSearchKeepsTheListsFiltersAndPagesNewestFirst() {
    List<String> open = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      open.add(inbound(shop, person("Pagewright " + i, "pagewright" + i + "@paging.test"), "hi").getString("conversationId"));
    }
    String resolved = inbound(shop, person("Pagewright Resolved", "pagewright-r@paging.test"), "hi").getString("conversationId");
    assertThat(client.post("/api/v1/conversations/" + resolved + "/status", new JsonObject().put("status", "resolved"), admin).status())
        .isEqualTo(200);

    List<String> paged = new ArrayList<>();
    String next = "";
    do {
      HttpResult page = search("pagewright", "&status=open&limit=2" + (next.isEmpty() ? "" : "&cursor=" + next), admin);
      assertThat(page.items().size()).isLessThanOrEqualTo(2);
      paged.addAll(conversationIds(page.items()));
      next = page.json().getString("next");
    } while (next != null);

    assertThat(paged).containsExactlyElementsOf(open.reversed());
    assertThat(conversationIds(search("pagewright", "&status=resolved", admin).items())).containsExactly(resolved);
  }

  @Test
  void aTokenLimitedToAChannelFindsOnlyThatChannelsConversations() {
    JsonObject app = client.createApiChannel(admin, "App", null);
    String viaApp = inbound(app, person("Scopey App", "scopey.app@scope.test"), "hi").getString("conversationId");
    String viaShop = inbound(shop, person("Scopey Shop", "scopey.shop@scope.test"), "hi").getString("conversationId");
    HttpResult created = client.post("/api/v1/tokens", new JsonObject().put("name", "app only").put("roles", new JsonArray().add("agent"))
        .put("channels", new JsonArray().add(app.getString("id"))), admin);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String appToken = created.json().getString("token");

    assertThat(conversationIds(search("scopey", "", admin).items())).containsExactlyInAnyOrder(viaApp, viaShop);
    assertThat(conversationIds(search("scopey", "", appToken).items())).containsExactly(viaApp);
    assertThat(conversationIds(search("scopey.shop", "", appToken).items())).isEmpty();
  }

  @Test
  void theTextIsTakenLiterallyAndItsLengthIsBounded() {
    String literal = inbound(shop, person("Tina.*(Test", "tina@literal.test"), "hi").getString("conversationId");
    inbound(shop, person("Tina Anderson", "anderson@literal.test"), "hi");

    assertThat(conversationIds(search("a.*(", "", admin).items())).containsExactly(literal);
    assertThat(conversationIds(search("\\Q)", "", admin).items())).isEmpty();

    HttpResult tooLong = search("x".repeat(201), "", admin);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.errorField()).isEqualTo("q");
    assertThat(search("x".repeat(200), "", admin).status()).isEqualTo(200);
    assertThat(client.get("/api/v1/conversations?q=%20%20&limit=1", admin).items()).as("blank: no search").hasSize(1);
  }

  @Test
  void aCustomerIsFoundByTheNameTheyHaveNow() {
    JsonObject renamed = inbound(shop, person("Oldname Person", "renamed@rename.test"), "hi");
    JsonObject named = inbound(shop, person(null, "named-later@rename.test"), "hi");
    HttpResult patched = client.patch("/api/v1/customers/" + renamed.getString("customerId"), new JsonObject().put("name", "Newname Person"),
        admin);
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    // A channel tells the name of a customer known only by address so far.
    inbound(shop, person("Latename Person", "named-later@rename.test"), "again");

    assertThat(conversationIds(search("newname", "", admin).items())).containsExactly(renamed.getString("conversationId"));
    assertThat(search("oldname", "", admin).items()).isEmpty();
    assertThat(conversationIds(search("latename", "", admin).items())).containsExactly(named.getString("conversationId"));
  }

  @Test
  void mergedAndErasedCustomersAreSearchedAsTheyAreNow() {
    JsonObject first = inbound(shop, person("Mergeby Older", "mergeby.older@merge.test"), "first");
    JsonObject second = inbound(shop, person("Someone Newer", "mergeby.newer@merge.test"), "second");
    HttpResult merged = client.post("/api/v1/customers/" + second.getString("customerId") + "/merge",
        new JsonObject().put("otherId", first.getString("customerId")), admin);
    assertThat(merged.status()).as(merged.toString()).isEqualTo(200);

    // The newer profile's address leads to both conversations, now the older profile's, by its name.
    JsonArray found = search("mergeby.newer", "", admin).items();
    assertThat(conversationIds(found)).containsExactlyInAnyOrder(first.getString("conversationId"), second.getString("conversationId"));
    assertThat(found.stream().map(JsonObject.class::cast).map(item -> item.getJsonObject("customer").getString("name")))
        .containsOnly("Mergeby Older");
    assertThat(conversationIds(search("Someone Newer", "", admin).items())).isEmpty();

    assertThat(client.delete("/api/v1/customers/" + first.getString("customerId"), admin).status()).isEqualTo(200);
    assertThat(search("mergeby", "", admin).items()).isEmpty();
    JsonObject erased = client.get("/api/v1/conversations/" + first.getString("conversationId"), admin).json();
    assertThat(erased.getJsonObject("customer").getString("name")).isNull();
    assertThat(erased.getInteger("unreadCount")).as("its messages are erased: none is left to read").isZero();
  }
}
