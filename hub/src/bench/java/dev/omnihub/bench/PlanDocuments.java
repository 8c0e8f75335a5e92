package dev.omnihub.bench;

import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.ThreadHints;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.conversation.Preview;
import dev.omnihub.hub.customer.CustomerMatch;
import dev.omnihub.hub.customer.IdentityKey;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;

/**
 * The planned data set as documents in exactly the shapes the hub leaves them in, so that its queries,
 * indexes and views treat them as their own. Each builder names the hub code it mirrors: keep them in
 * step when that code changes. Customer and conversation ids are given up front in time order; message
 * ids when the loader asks for the message, which it does in time order.
 */
final class PlanDocuments {

  private static final IdentityNormalizer NORMALIZER = new IdentityNormalizer("US");
  /** What OutboxDispatcher records for a reply on an api channel without a webhookUrl. */
  private static final String SKIPPED_DETAIL = "channel has no webhookUrl; the integration reads replies through the API";
  private static final long FIRST_PHONE = 2_015_550_000L;

  private final DatasetPlan plan;
  private final ChannelRef channel;
  private final List<LoadedDataset.Agent> agents;
  private final List<String> queues;
  private final String[] customerIds;
  private final String[] conversationIds;

  PlanDocuments(DatasetPlan plan, ChannelRef channel, List<LoadedDataset.Agent> agents, List<String> queues) {
    this.plan = plan;
    this.channel = channel;
    this.agents = agents;
    this.queues = queues;
    this.customerIds = idsInOrder(plan.customersByTime);
    this.conversationIds = idsInOrder(plan.conversationsByTime);
  }

  private static String[] idsInOrder(int[] order) {
    String[] ids = new String[order.length];
    for (int i : order) {
      ids[i] = Ids.newId();
    }
    return ids;
  }

  String customerId(int customer) {
    return customerIds[customer];
  }

  String conversationId(int conversation) {
    return conversationIds[conversation];
  }

  static IdentityKey emailKey(int customer) {
    String name = MessageTexts.customerName(customer).toLowerCase(Locale.ROOT).replace(' ', '.');
    return NORMALIZER.normalize(IdentityKind.EMAIL, name + "." + customer + "@example.com");
  }

  /** US numbers in E.164, one per customer. */
  static IdentityKey phoneKey(int customer) {
    return NORMALIZER.normalize(IdentityKind.PHONE, "+1" + (FIRST_PHONE + customer));
  }

  /** {@code CustomerStore.ensure}: a customer created by their first message, with the name the channel gave. */
  Document customer(int customer) {
    Instant createdAt = Instant.ofEpochMilli(plan.customerCreatedAt(customer));
    return new Document("_id", customerIds[customer])
        .append("createdAt", Docs.date(createdAt))
        .append("updatedAt", Docs.date(createdAt))
        .append("version", 1L)
        .append("attributes", new Document())
        .append("tags", List.of())
        .append("identities", List.of(emailKey(customer).key(), phoneKey(customer).key()))
        .append("name", MessageTexts.customerName(customer))
        .append(CustomerMatch.SEARCH_TEXT, CustomerMatch.searchText(MessageTexts.customerName(customer),
            List.of(emailKey(customer).key(), phoneKey(customer).key())));
  }

  /** {@code CustomerStore.claimIdentity}: the customer's email, or their phone number. */
  Document identity(int customer, boolean email) {
    IdentityKey key = email ? emailKey(customer) : phoneKey(customer);
    return new Document("_id", key.key())
        .append("kind", key.kind().wireName())
        .append("customerId", customerIds[customer])
        .append("createdAt", Docs.date(Instant.ofEpochMilli(plan.customerCreatedAt(customer))));
  }

  /**
   * {@code ConversationStore.createActive}, then what {@code recordInbound}, {@code recordOutbound},
   * {@code assign} and {@code changeStatus} left on it over its messages.
   */
  Document conversation(int conversation) {
    String customerId = customerIds[plan.customerOf(conversation)];
    ConversationStatus status = plan.status(conversation);
    int first = plan.firstMessage(conversation);
    int last = first + plan.messageCount(conversation) - 1;
    long lastInboundAt = 0;
    long waitingSince = 0;
    long firstResponseAt = 0;
    for (int m = first; m <= last; m++) {
      if (plan.outbound(m)) {
        firstResponseAt = firstResponseAt == 0 ? plan.messageAt(m) : firstResponseAt;
        waitingSince = 0;
      } else {
        lastInboundAt = plan.messageAt(m);
        waitingSince = waitingSince == 0 ? plan.messageAt(m) : waitingSince;
      }
    }
    boolean assigned = plan.assignee(conversation) >= 0 || plan.queue(conversation) >= 0;
    long version = plan.messageCount(conversation) + (assigned ? 1 : 0) + (status == ConversationStatus.OPEN ? 0 : 1);
    long updatedAt = status == ConversationStatus.OPEN ? plan.lastMessageAt(conversation) : plan.statusChangedAt(conversation);
    Document doc = new Document("_id", conversationIds[conversation])
        .append("customerId", customerId)
        .append("status", status.wireName());
    if (status.continuesThread()) {
      doc.append("activeFor", customerId);
    }
    doc.append("channels", List.of(channel.type().wireName()))
        .append("channelIds", List.of(channel.id()))
        .append("priority", "normal")
        .append("createdAt", date(plan.createdAt(conversation)))
        .append("updatedAt", date(updatedAt))
        .append("lastMessageAt", date(plan.lastMessageAt(conversation)))
        .append("version", version)
        .append("lastInboundAt", date(lastInboundAt))
        .append("lastChannelId", channel.id())
        .append("lastPreview", Preview.of(text(last), 0));
    // Resolving or closing clears the wait; a reply clears it too (that is the loop above).
    if (waitingSince != 0 && status.continuesThread()) {
      doc.append("waitingSince", date(waitingSince));
    }
    if (firstResponseAt != 0) {
      doc.append("firstResponseAt", date(firstResponseAt));
    }
    if (plan.assignee(conversation) >= 0) {
      doc.append("assigneeId", agents.get(plan.assignee(conversation)).id());
    }
    if (plan.queue(conversation) >= 0) {
      doc.append("queueId", queues.get(plan.queue(conversation)));
    }
    if (status == ConversationStatus.RESOLVED) {
      doc.append("resolvedAt", date(plan.statusChangedAt(conversation)));
    } else if (status == ConversationStatus.SNOOZED) {
      doc.append("snoozedUntil", date(plan.now() + Duration.ofDays(1 + conversation % 7).toMillis()));
    }
    return doc;
  }

  /** A message with a new id: a customer's or an agent's. */
  Document message(int message) {
    int conversation = plan.conversationOf(message);
    return plan.outbound(message) ? reply(message, conversation) : inbound(message, conversation);
  }

  /** {@code MessageStore.inbound} given what the api channel's webhook parser makes of a customer's message. */
  private Document inbound(int message, int conversation) {
    int customer = plan.customerOf(conversation);
    Instant at = Instant.ofEpochMilli(plan.messageAt(message));
    // A random-looking, unique id, as channels give them (the dedupe index sees them in no particular order).
    String externalId = "msg_" + Long.toHexString(message * 0x9E3779B97F4A7C15L + plan.seed);
    Contact sender = new Contact(MessageTexts.customerName(customer), List.of(ContactIdentity.email(emailKey(customer).value())));
    InboundMessage inbound = new InboundMessage(channel, externalId, sender, text(message), null, List.of(), ThreadHints.none(),
        at.minusMillis(message % 3000), Map.of());
    return MessageStore.inbound(Ids.newId(), conversationIds[conversation], customerIds[customer], inbound, at);
  }

  /**
   * {@code ConversationService.reply} by the conversation's agent (or another one when it has none), after
   * {@code OutboxDispatcher} handed it to the api channel, which has no webhook to deliver to.
   */
  private Document reply(int message, int conversation) {
    int agentIndex = plan.assignee(conversation) >= 0 ? plan.assignee(conversation) : conversation % agents.size();
    LoadedDataset.Agent agent = agents.get(agentIndex);
    Instant at = Instant.ofEpochMilli(plan.messageAt(message));
    return new Document("_id", Ids.newId())
        .append("conversationId", conversationIds[conversation])
        .append("customerId", customerIds[plan.customerOf(conversation)])
        .append("direction", Direction.OUTBOUND.wireName())
        .append("author", new Document("type", "agent").append("id", agent.id()).append("name", agent.name()))
        .append("text", text(message))
        .append("attachments", List.of())
        .append("createdAt", Docs.date(at))
        .append("channel", channel.type().wireName())
        .append("channelId", channel.id())
        .append("delivery", new Document("status", "skipped")
            .append("attempts", 1)
            .append("sentAt", Docs.date(at.plusMillis(200)))
            .append("providerMessageId", null)
            .append("detail", SKIPPED_DETAIL));
  }

  private String text(int message) {
    return MessageTexts.message(plan.seed, message, plan.outbound(message));
  }

  private static java.util.Date date(long epochMillis) {
    return Docs.date(Instant.ofEpochMilli(epochMillis));
  }
}
