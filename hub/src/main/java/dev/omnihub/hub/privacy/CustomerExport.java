package dev.omnihub.hub.privacy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.SensitiveAttributes;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.timeline.TimelineEventStore;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Everything the hub holds about a person, as one JSON document (API.md "Privacy"): the profile and
 * the profiles merged into it, identities, claims, consent, every conversation with every message
 * (attachments listed with where to download them), and the outside events of the timeline.
 * Built in memory: a person's history is thousands of messages, not millions. Blocking.
 */
public final class CustomerExport {

  /** More outside events than a person's timeline plausibly has; the export says when it stopped. */
  private static final int MAX_TIMELINE_EVENTS = 100_000;

  private final MongoCollection<Document> customerDocuments;
  private final MongoCollection<Document> messages;
  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final TimelineEventStore timeline;
  private final SensitiveAttributes sensitive;
  private final Clock clock;

  public CustomerExport(MongoStore store, CustomerStore customers, ConversationStore conversations, TimelineEventStore timeline,
      SensitiveAttributes sensitive, Clock clock) {
    this.sensitive = sensitive;
    this.customerDocuments = store.collection(Collections.CUSTOMERS);
    this.messages = store.collection(Collections.MESSAGES);
    this.customers = customers;
    this.conversations = conversations;
    this.timeline = timeline;
    this.clock = clock;
  }

  /**
   * @throws dev.omnihub.adapters.spi.NotFoundException when there is no such customer
   * @throws dev.omnihub.hub.errors.ConflictException when the profile was merged into another: export that one
   */
  public JsonObject export(String customerId) {
    List<String> profiles = CustomerProfiles.of(customerDocuments, customerId, "export");
    Customer profile = customers.require(customerId);
    // The person gets their own sensitive attributes in clear.
    JsonObject customer = Views.customer(profile).put("attributes", Views.json(sensitive.opened(profile.attributes())));
    JsonArray merged = new JsonArray();
    profiles.stream().skip(1).forEach(id -> customers.find(id).ifPresent(mergedProfile -> merged.add(Views.customer(mergedProfile))));
    List<String> conversationIds = new ArrayList<>();
    profiles.forEach(id -> conversationIds.addAll(conversations.idsOfCustomer(id)));
    JsonArray threads = new JsonArray();
    for (Conversation conversation : conversations.findAll(conversationIds)) {
      JsonArray thread = new JsonArray();
      messages.find(Filters.eq("conversationId", conversation.id())).sort(Sorts.ascending("createdAt", "_id"))
          .forEach(message -> thread.add(Views.message(MessageStore.toMessage(message))));
      threads.add(Views.conversation(conversation).put("messages", thread));
    }
    JsonArray events = new JsonArray();
    timeline.newest(profiles, null, MAX_TIMELINE_EVENTS).forEach(event -> events.add(Views.timelineEvent(event)));
    return new JsonObject()
        .put("exportedAt", Views.time(clock.instant()))
        .put("customer", customer)
        .put("identities", customer.getJsonArray("identities"))
        .put("consent", customer.getJsonObject("consent", new JsonObject()))
        .put("mergedProfiles", merged)
        .put("conversations", threads)
        .put("timeline", events);
  }
}
