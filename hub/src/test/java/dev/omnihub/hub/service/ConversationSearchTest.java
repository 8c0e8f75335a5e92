package dev.omnihub.hub.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationFilter;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerMatch;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both ways of {@link ConversationSearch} (the named customers' conversations, and the list read in
 * order), with reads so small that every search takes several, page for page against the plain
 * reference: the whole filtered list, kept where {@link CustomerMatch#matches} says so. Queries are
 * drawn at random from the customers' own names, addresses and numbers (cut, re-cased, re-spaced) and
 * from text nobody has; the seed is printed.
 */
class ConversationSearchTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  private static final String[] FIRST = {"Ana", "Bea", "Chen", "Dario", "Élodie", "李", "Zoë"};
  private static final String[] LAST = {"Lima", "Berg", "Wang", "Rossi", "Müller", "小龙", "Aalto"};
  static ConversationStore conversations;
  static CustomerStore customers;
  static String appChannel;
  static final List<String> customerIds = new ArrayList<>();

  @BeforeAll
  static void fill() {
    HubClient client = hub.client();
    String admin = hub.adminToken();
    JsonObject shop = client.createApiChannel(admin, "Shop", null);
    JsonObject app = client.createApiChannel(admin, "App", null);
    appChannel = app.getString("id");
    SplittableRandom random = new SplittableRandom(7);
    List<JsonObject> acks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
      JsonObject from = new JsonObject().put("name", name);
      if (i % 3 != 0) {
        from.put("email", name.toLowerCase(Locale.ROOT).replace(' ', '.') + "." + i + "@search" + (i % 4) + ".test");
      }
      if (i % 2 == 0) {
        from.put("phone", "+49151" + (10_000_000 + 7_919 * i));
      }
      if (!from.containsKey("email") && !from.containsKey("phone")) {
        from.put("externalUserId", "user-" + i);
      }
      HttpResult ack = client.webhook(i % 5 == 0 ? app : shop, HubClient.message("search-" + i, from, "message " + i));
      assertThat(ack.status()).as(ack.toString()).isEqualTo(200);
      acks.add(ack.json());
      if (i % 4 == 1) {
        client.post("/api/v1/conversations/" + ack.json().getString("conversationId") + "/status",
            new JsonObject().put("status", "resolved"), admin);
      }
    }
    // Merges give some customers two conversations.
    for (int i = 0; i + 7 < 40; i += 9) {
      HttpResult merged = client.post("/api/v1/customers/" + acks.get(i + 7).getString("customerId") + "/merge",
          new JsonObject().put("otherId", acks.get(i).getString("customerId")), admin);
      assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
    }
    conversations = hub.hub().services().conversationServices().conversations();
    customers = hub.hub().services().customerServices().customers();
    acks.forEach(ack -> customerIds.add(ack.getString("customerId")));
  }

  @Test
  void bothWaysPageThroughExactlyWhatTheWholeListFiltered() {
    long seed = System.nanoTime();
    System.out.println("ConversationSearchTest seed: " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    List<ConversationSearch> ways = List.of(
        new ConversationSearch(conversations, customers.search(), 1000, 2, 3),
        new ConversationSearch(conversations, customers.search(), 0, 2, 3),
        new ConversationSearch(conversations, customers.search()));
    List<ConversationFilter> filters = List.of(
        new ConversationFilter(null, null, null, null, null, null),
        new ConversationFilter(List.of(ConversationStatus.OPEN), null, null, null, null, null),
        new ConversationFilter(null, null, null, null, null, List.of(appChannel)));
    int found = 0;
    for (int round = 0; round < 60; round++) {
      String q = query(random);
      CustomerMatch match = CustomerMatch.of(q, "q");
      if (match == null) {
        continue; // only spaces: no search
      }
      ConversationFilter filter = filters.get(random.nextInt(filters.size()));
      int limit = 1 + random.nextInt(4);
      List<String> expected = conversations.newest(filter, null, 10_000).stream()
          .filter(conversation -> named(match, conversation)).map(Conversation::id).toList();
      found += expected.size();
      for (ConversationSearch way : ways) {
        assertThat(pageThrough(way, filter, match, limit)).as("q=%s filter=%s limit=%d seed=%d", q, filter, limit, seed)
            .containsExactlyElementsOf(expected);
      }
    }
    assertThat(found).as("the queries found something").isPositive();
  }

  private static List<String> pageThrough(ConversationSearch way, ConversationFilter filter, CustomerMatch match, int limit) {
    List<String> ids = new ArrayList<>();
    PageCursor cursor = null;
    do {
      Page<Conversation> page = way.search(filter, match, cursor, limit);
      assertThat(page.items().size()).isLessThanOrEqualTo(limit);
      page.items().forEach(conversation -> ids.add(conversation.id()));
      cursor = page.next() == null ? null : PageCursor.decode(page.next());
    } while (cursor != null);
    return ids;
  }

  private static boolean named(CustomerMatch match, Conversation conversation) {
    Customer customer = customers.find(conversation.customerId()).orElseThrow();
    return match.matches(customer.name(), customer.identities());
  }

  /** Part of a customer's name, address or number, as someone might type it; now and then text nobody has. */
  private static String query(SplittableRandom random) {
    Customer customer = customers.find(customerIds.get(random.nextInt(customerIds.size()))).orElseThrow();
    List<String> parts = new ArrayList<>();
    if (customer.name() != null) {
      parts.add(customer.name());
    }
    customer.identities().forEach(key -> parts.add(key.substring(key.indexOf(':') + 1)));
    String part = parts.get(random.nextInt(parts.size()));
    return switch (random.nextInt(6)) {
      case 0 -> "zq" + random.nextInt(100);
      case 1 -> part.substring(0, 1);
      case 2 -> part.toUpperCase(Locale.ROOT);
      case 3 -> spaced(part.replaceAll("[^0-9]", ""), random);
      default -> {
        int from = random.nextInt(part.length());
        yield part.substring(from, from + 1 + random.nextInt(part.length() - from));
      }
    };
  }

  /** Digits as a person writes a number: groups with spaces or dashes, sometimes a leading +. */
  private static String spaced(String digits, SplittableRandom random) {
    if (digits.length() < 4) {
      return digits.isEmpty() ? "+49" : digits;
    }
    int from = random.nextInt(digits.length() - 3);
    StringBuilder typed = new StringBuilder(random.nextBoolean() ? "+" : "");
    for (int i = from; i < digits.length(); i++) {
      typed.append(digits.charAt(i));
      if (random.nextInt(3) == 0) {
        typed.append(random.nextBoolean() ? ' ' : '-');
      }
    }
    return typed.toString();
  }
}
