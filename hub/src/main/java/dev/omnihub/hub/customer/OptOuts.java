package dev.omnihub.hub.customer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Clock;
import org.bson.Document;

/**
 * {@code opt_outs}: addresses that sent an opt-out keyword to a channel (the adapter recognises it and
 * marks the message, {@link InboundMessage#CONSENT}: SMS's {@code STOP}); the hub sends them nothing
 * more on it, where the adapter's policy honours opt-outs, until they opt in again ({@code START}). Per channel and address, as carriers
 * keep it. A customer's {@code consent.marketing.<channel type>} (for SMS: {@code sms}) follows the keywords. Blocking.
 */
public final class OptOuts {

  private final MongoCollection<Document> optOuts;
  private final MongoCollection<Document> customers;
  private final Clock clock;

  public OptOuts(MongoStore store, Clock clock) {
    this.optOuts = store.collection(Collections.OPT_OUTS);
    this.customers = store.collection(Collections.CUSTOMERS);
    this.clock = clock;
  }

  /**
   * A keyword message arrived on a channel of {@code channelType}: the address opts out ({@code out})
   * or back in ({@code in}), and the customer's {@code consent.marketing.<channelType>} follows.
   */
  public void apply(String direction, String channelType, String channelId, String address, String customerId, String keyword) {
    boolean out = InboundMessage.OPTS_OUT.equals(direction);
    if (out) {
      optOuts.replaceOne(Filters.eq("_id", id(channelId, address)), new Document("_id", id(channelId, address)).append("channelId", channelId)
          .append("address", address).append("keyword", keyword).append("at", Docs.date(clock.instant())), new ReplaceOptions().upsert(true));
    } else {
      optOuts.deleteOne(Filters.eq("_id", id(channelId, address)));
    }
    customers.updateOne(Filters.eq("_id", customerId), Updates.combine(Updates.set("consent.marketing." + channelType, !out),
        Updates.set("consent.updatedAt", Docs.date(clock.instant()))));
  }

  public boolean optedOut(String channelId, String address) {
    return address != null && optOuts.find(Filters.eq("_id", id(channelId, address))).first() != null;
  }

  /** The addresses of these that opted out of the channel (one read for a campaign's batch). */
  public java.util.Set<String> optedOutAmong(String channelId, java.util.Collection<String> addresses) {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (addresses.isEmpty()) {
      return out;
    }
    optOuts.find(Filters.in("_id", addresses.stream().map(address -> id(channelId, address)).toList()))
        .forEach(found -> out.add(found.getString("address")));
    return out;
  }

  private static String id(String channelId, String address) {
    return channelId + "|" + address;
  }
}
