package dev.omnihub.hub.campaign;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * What a campaign keeps on its messages: each send's {@code dedupeKey} ({@code campaign:<id>:<customer>},
 * under the messages' unique index, so a customer gets one message per campaign whatever runs again)
 * and its outcomes ({@code campaignOutcomes}: {@code <id>:delivered}, {@code <id>:failed},
 * {@code <id>:replied}), each added once and counted through their own index. Blocking.
 */
final class CampaignMessages {

  static final String DELIVERED = "delivered";
  static final String FAILED = "failed";
  static final String REPLIED = "replied";
  static final String OUTCOMES = "campaignOutcomes";

  private final MongoCollection<Document> messages;

  CampaignMessages(MongoStore store) {
    this.messages = store.collection(Collections.MESSAGES);
  }

  static String sendKey(String campaignId, String customerId) {
    return "campaign:" + campaignId + ":" + customerId;
  }

  /** The customers of these who have the campaign's message already, with its id. */
  Map<String, String> sentTo(String campaignId, List<String> customerIds) {
    Map<String, String> sent = new HashMap<>();
    if (customerIds.isEmpty()) {
      return sent;
    }
    List<String> keys = customerIds.stream().map(customer -> sendKey(campaignId, customer)).toList();
    for (Document message : messages.find(Filters.in("dedupeKey", keys)).projection(new Document("customerId", 1).append("dedupeKey", 1))) {
      String key = message.getString("dedupeKey");
      sent.put(key.substring(key.lastIndexOf(':') + 1), message.getString("_id"));
    }
    return sent;
  }

  /** @return whether the outcome is new for that message */
  boolean mark(String messageId, String campaignId, String outcome) {
    String value = campaignId + ":" + outcome;
    return messages.updateOne(Filters.and(Filters.eq("_id", messageId), Filters.ne(OUTCOMES, value)), Updates.addToSet(OUTCOMES, value))
        .getModifiedCount() == 1;
  }

  /** How many of the campaign's messages had the outcome (read through the outcomes' index, not counted by aggregation). */
  long count(String campaignId, String outcome) {
    long count = 0;
    for (Document ignored : messages.find(Filters.eq(OUTCOMES, campaignId + ":" + outcome)).projection(new Document("_id", 1))) {
      count++;
    }
    return count;
  }
}
