package dev.omnihub.hub.conversation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.sla.SlaSummary;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import dev.omnihub.hub.store.SlaSummaryDocs;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Conversations and the thread keys that lead to them. Every update is one single-document atomic
 * operation addressed by {@code _id}, so it runs the same on a replica set and on the embedded store.
 * Blocking: call through {@link MongoStore}.
 */
public final class ConversationStore {

  /** When the customer last said they read the conversation (their widget's read receipt). */
  public static final String CUSTOMER_READ_AT = "customerReadAt";
  /** The campaign message a conversation's next customer message answers: {@code {id, messageId, at}}. */
  public static final String LAST_CAMPAIGN = "lastCampaign";
  /** The customer's messages since an agent last read the conversation; absent for none. */
  public static final String UNREAD_COUNT = "unreadCount";
  /** The order of {@link #newest} and of the inbox: most recent activity first, ties by id, descending. */
  public static final Comparator<Conversation> NEWEST_FIRST = Comparator.comparing(Conversation::lastMessageAt)
      .thenComparing(Conversation::id).reversed();
  private static final FindOneAndUpdateOptions RETURN_AFTER = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

  private final MongoCollection<Document> conversations;
  private final MongoCollection<Document> threadKeys;
  private final Clock clock;

  public ConversationStore(MongoStore store, Clock clock) {
    this.conversations = store.collection(Collections.CONVERSATIONS);
    this.threadKeys = store.collection(Collections.THREAD_KEYS);
    this.clock = clock;
  }

  /** The conversations with these ids that exist. */
  public List<Conversation> findAll(java.util.Collection<String> ids) {
    return conversations.find(Filters.in("_id", ids)).map(ConversationStore::toConversation).into(new ArrayList<>());
  }

  public Optional<Conversation> find(String id) {
    return Optional.ofNullable(conversations.find(Filters.eq("_id", id)).first()).map(ConversationStore::toConversation);
  }

  /** @throws NotFoundException when there is no such conversation */
  public Conversation require(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("conversation", id));
  }

  /** The customer's default thread: the one their next unhinted message continues. */
  public Optional<Conversation> findActiveFor(String customerId) {
    return Optional.ofNullable(conversations.find(Filters.eq("activeFor", customerId)).first()).map(ConversationStore::toConversation);
  }

  /**
   * Starts a conversation as the customer's default thread.
   *
   * @return the new conversation, or empty when the customer already has one (a concurrent message
   *     created it first)
   */
  public Optional<Conversation> createActive(String id, String customerId, Instant at) {
    return createActive(id, customerId, at, ConversationStatus.OPEN);
  }

  /**
   * The same, in a status that continues the thread: {@code pending} for one the business starts (a
   * campaign's message), which waits for the customer and is routed when they answer.
   */
  public Optional<Conversation> createActive(String id, String customerId, Instant at, ConversationStatus status) {
    Document conversation = new Document("_id", id)
        .append("customerId", customerId)
        .append("status", status.wireName())
        .append("activeFor", customerId)
        .append("channels", List.of())
        .append("channelIds", List.of())
        .append("priority", "normal")
        .append("createdAt", Docs.date(at))
        .append("updatedAt", Docs.date(at))
        .append("lastMessageAt", Docs.date(at))
        .append("version", 0L);
    try {
      conversations.insertOne(conversation);
      return Optional.of(toConversation(conversation));
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Records a customer message: the conversation is open (a resolved one reopens, a snoozed one
   * wakes), becomes the customer's default thread if they have none, and the customer is waiting.
   */
  public StatusChange recordInbound(Conversation conversation, ChannelRef channel, Instant at, String preview) {
    Instant now = clock.instant();
    Bson update = inboundUpdate(channel, at, preview, now);
    if (conversation.status() == ConversationStatus.RESOLVED || conversation.status() == ConversationStatus.CLOSED) {
      // A contact of its own (rules' customer.recentContacts, the reports), at the time the change is stamped with.
      update = Updates.combine(update, reopened(now));
    }
    return updateClaimingDefault(conversation, update);
  }

  /** Reopenings and resolutions a conversation remembers (the newest); more would be a conversation of their own. */
  private static final int REOPENINGS_KEPT = 50;
  /** When the conversation was reopened, oldest first. */
  public static final String REOPENED_AT = "reopenedAt";
  /** When it was resolved, oldest first (the reports rebuild its contacts from these). */
  public static final String RESOLUTIONS = "resolutions";

  private static Bson reopened(Instant at) {
    return Updates.pushEach(REOPENED_AT, List.of(Docs.date(at)), new PushOptions().slice(-REOPENINGS_KEPT));
  }

  /**
   * The customer's contacts since then: each conversation started and each reopening by a message of
   * theirs. Conversations of profiles merged into this one moved to it, so they count too.
   */
  public int contactsSince(String customerId, Instant since) {
    int contacts = 0;
    var recent = Filters.and(Filters.eq("customerId", customerId),
        Filters.or(Filters.gte("createdAt", Docs.date(since)), Filters.gte("reopenedAt", Docs.date(since))));
    for (Document conversation : conversations.find(recent).projection(new Document("createdAt", 1).append("reopenedAt", 1))) {
      Instant created = Docs.instant(conversation, "createdAt");
      if (created != null && !created.isBefore(since)) {
        contacts++;
      }
      for (Object reopened : conversation.getList("reopenedAt", Object.class, List.of())) {
        if (reopened instanceof java.util.Date date && !date.toInstant().isBefore(since)) {
          contacts++;
        }
      }
    }
    return contacts;
  }

  /**
   * Adds and removes tags; the conversation after, or empty when that changed nothing.
   */
  public Optional<Conversation> retag(String conversationId, List<String> add, List<String> remove) {
    List<Bson> updates = new ArrayList<>();
    if (!add.isEmpty()) {
      updates.add(Updates.addEachToSet("tags", add));
    }
    if (!remove.isEmpty()) {
      updates.add(Updates.pullAll("tags", remove));
    }
    if (updates.isEmpty()) {
      return Optional.empty();
    }
    // Only a conversation whose tags change: a rule that adds a tag it has does not start another round.
    List<Bson> changes = new ArrayList<>();
    if (!add.isEmpty()) {
      changes.add(Filters.not(Filters.all("tags", add)));
    }
    if (!remove.isEmpty()) {
      changes.add(Filters.in("tags", remove));
    }
    updates.add(Updates.inc("version", 1L));
    updates.add(Updates.set("updatedAt", Docs.date(clock.instant())));
    Document after = conversations.findOneAndUpdate(Filters.and(Filters.eq("_id", conversationId), Filters.or(changes)),
        Updates.combine(updates), RETURN_AFTER);
    return Optional.ofNullable(after).map(ConversationStore::toConversation);
  }

  /**
   * Records a customer message in their default thread if that thread is open, in one step (it is
   * read and updated by one findOneAndUpdate): the common case of a message that continues a
   * conversation. Its status stays open, so before and after differ in nothing an event reports.
   *
   * @return the change, or empty when the customer has no default thread or it is not open
   */
  public Optional<StatusChange> recordInboundInOpenDefault(String customerId, ChannelRef channel, Instant at, String preview) {
    Document after = conversations.findOneAndUpdate(
        Filters.and(Filters.eq("activeFor", customerId), Filters.eq("status", ConversationStatus.OPEN.wireName())),
        inboundUpdate(channel, at, preview, clock.instant()), RETURN_AFTER);
    return Optional.ofNullable(after).map(ConversationStore::toConversation).map(conversation -> new StatusChange(conversation, conversation));
  }

  private Bson inboundUpdate(ChannelRef channel, Instant at, String preview, Instant now) {
    return Updates.combine(
        Updates.set("status", ConversationStatus.OPEN.wireName()),
        Updates.set("updatedAt", Docs.date(now)),
        Updates.set("lastInboundAt", Docs.date(at)),
        Updates.set("lastChannelId", channel.id()),
        Updates.set("lastChannelType", channel.type().wireName()),
        Updates.set("lastPreview", preview),
        Updates.unset("snoozedUntil"),
        Updates.max("lastMessageAt", Docs.date(at)),
        Updates.min("waitingSince", Docs.date(at)),
        Updates.addToSet("channels", channel.type().wireName()),
        Updates.addToSet("channelIds", channel.id()),
        // Unread until an agent reads the conversation (markRead): counted in the write that records the message.
        Updates.inc(UNREAD_COUNT, 1),
        Updates.inc("version", 1L));
  }

  /** Records a reply to the customer: they are no longer waiting; the first reply is the first response. */
  public StatusChange recordOutbound(Conversation conversation, Instant at, String preview, String assignIfUnassigned) {
    List<Bson> updates = new ArrayList<>(List.of(
        Updates.set("updatedAt", Docs.date(clock.instant())),
        Updates.set("lastPreview", preview),
        Updates.unset("waitingSince"),
        Updates.max("lastMessageAt", Docs.date(at)),
        Updates.min("firstResponseAt", Docs.date(at)),
        Updates.inc("version", 1L)));
    if (conversation.assigneeId() == null && assignIfUnassigned != null) {
      // A person took it by answering: routing counts it against them, whatever they hold, and leaves it with them.
      updates.add(Updates.set("assigneeId", assignIfUnassigned));
      updates.add(Updates.set("routing.manual", true));
      updates.add(Updates.set("routing.reason", "manual"));
    }
    return update(conversation, Updates.combine(updates));
  }

  /**
   * Records a campaign's message in the conversation: its channel becomes the conversation's (so an
   * answer and an agent's reply go there), and the campaign is remembered so that the customer's next
   * message counts as its reply. Not a response to the customer: no first response, no status change.
   */
  public Conversation recordCampaignSend(Conversation conversation, ChannelRef channel, Instant at, String preview, Document campaign) {
    return update(conversation, Updates.combine(
        Updates.set("updatedAt", Docs.date(clock.instant())),
        Updates.set("lastChannelId", channel.id()),
        Updates.set("lastChannelType", channel.type().wireName()),
        Updates.set("lastPreview", preview),
        Updates.max("lastMessageAt", Docs.date(at)),
        Updates.addToSet("channels", channel.type().wireName()),
        Updates.addToSet("channelIds", channel.id()),
        Updates.set(LAST_CAMPAIGN, campaign),
        Updates.inc("version", 1L))).after();
  }

  /** When the conversation's current contact began: its start, or its last reopening. */
  public Optional<Instant> lastStart(String conversationId) {
    Document found = conversations.find(Filters.eq("_id", conversationId)).projection(new Document("createdAt", 1).append(REOPENED_AT, 1))
        .first();
    if (found == null) {
      return Optional.empty();
    }
    Instant start = Docs.instant(found, "createdAt");
    for (Object reopened : found.getList(REOPENED_AT, Object.class, List.of())) {
      if (reopened instanceof java.util.Date date && date.toInstant().isAfter(start)) {
        start = date.toInstant();
      }
    }
    return Optional.of(start);
  }

  /** Records a message the hub sent by itself (a survey): seen in the list, not a response, no status change. */
  public Conversation recordAutomaticSend(Conversation conversation, Instant at, String preview) {
    return update(conversation, Updates.combine(Updates.set("updatedAt", Docs.date(clock.instant())), Updates.set("lastPreview", preview),
        Updates.max("lastMessageAt", Docs.date(at)), Updates.inc("version", 1L))).after();
  }

  /** The conversation's last campaign message, if any: {@code {id, messageId, at}}. */
  public Optional<Document> lastCampaign(String conversationId) {
    Document found = conversations.find(Filters.eq("_id", conversationId)).projection(new Document(LAST_CAMPAIGN, 1)).first();
    return Optional.ofNullable(found).map(doc -> doc.get(LAST_CAMPAIGN, Document.class));
  }

  /** The customer has read the conversation up to now; what they saw is not emailed to them. */
  public void customerRead(String conversationId) {
    conversations.updateOne(Filters.eq("_id", conversationId), Updates.max(CUSTOMER_READ_AT, Docs.date(clock.instant())));
  }

  /**
   * An agent read the conversation: none of the customer's messages is unread any more. Writes only when
   * some were; neither the version (routing decides on it) nor {@code updatedAt} moves, since nothing
   * about the conversation itself changed.
   *
   * @return the conversation after, or empty when nothing was unread (or it is gone)
   */
  public Optional<Conversation> markRead(String conversationId) {
    Document after = conversations.findOneAndUpdate(Filters.and(Filters.eq("_id", conversationId), Filters.gt(UNREAD_COUNT, 0)),
        Updates.unset(UNREAD_COUNT), RETURN_AFTER);
    return Optional.ofNullable(after).map(ConversationStore::toConversation);
  }

  /** Records a private note (activity without changing what the customer sees). */
  public void recordNote(String conversationId) {
    conversations.updateOne(Filters.eq("_id", conversationId),
        Updates.combine(Updates.set("updatedAt", Docs.date(clock.instant())), Updates.inc("version", 1L)));
  }

  /**
   * Moves a conversation to a status. Resolving or closing releases the customer's default thread;
   * reopening takes it back when the customer has no other.
   */
  public StatusChange changeStatus(Conversation conversation, ConversationStatus status, Instant snoozedUntil) {
    Instant now = clock.instant();
    List<Bson> updates = new ArrayList<>(List.of(
        Updates.set("status", status.wireName()),
        Updates.set("updatedAt", Docs.date(now)),
        Updates.inc("version", 1L)));
    updates.add(status == ConversationStatus.SNOOZED ? Updates.set("snoozedUntil", Docs.date(snoozedUntil)) : Updates.unset("snoozedUntil"));
    if (!status.continuesThread()) {
      updates.add(Updates.unset("activeFor"));
      updates.add(Updates.unset("waitingSince"));
      // No longer the agent's work: the hold on their capacity ends (routing gives it back) and it waits in no queue.
      updates.add(Updates.unset("routing.hold"));
      updates.add(Updates.unset("routing.wait"));
      updates.add(Updates.unset("routing.manual"));
      if (status == ConversationStatus.RESOLVED) {
        updates.add(Updates.set("resolvedAt", Docs.date(now)));
        updates.add(Updates.pushEach(RESOLUTIONS, List.of(Docs.date(now)), new PushOptions().slice(-REOPENINGS_KEPT)));
      }
      return update(conversation, Updates.combine(updates));
    }
    if (conversation.status() == ConversationStatus.RESOLVED || conversation.status() == ConversationStatus.CLOSED) {
      updates.add(reopened(now));
    }
    return updateClaimingDefault(conversation, Updates.combine(updates));
  }

  /**
   * Ends a snooze whose time came: the conversation is open again, for the agent who holds it. Only
   * if it is still snoozed until the time read, so that an agent's change meanwhile (resolved, snoozed
   * longer) wins.
   *
   * @return the conversation before and after, or empty when something else changed it first
   */
  public Optional<StatusChange> endSnooze(Conversation snoozed) {
    Document after = conversations.findOneAndUpdate(Filters.and(Filters.eq("_id", snoozed.id()),
            Filters.eq("status", ConversationStatus.SNOOZED.wireName()), Filters.eq("snoozedUntil", Docs.date(snoozed.snoozedUntil()))),
        Updates.combine(Updates.set("status", ConversationStatus.OPEN.wireName()), Updates.unset("snoozedUntil"),
            Updates.set("updatedAt", Docs.date(clock.instant())), Updates.inc("version", 1L)), RETURN_AFTER);
    return Optional.ofNullable(after).map(document -> new StatusChange(snoozed, toConversation(document)));
  }

  /** Applies the update and makes this the customer's default thread, unless they already have another. */
  private StatusChange updateClaimingDefault(Conversation conversation, Bson update) {
    try {
      return update(conversation, Updates.combine(update, Updates.set("activeFor", conversation.customerId())));
    } catch (RuntimeException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
      return update(conversation, update);
    }
  }

  /**
   * Applies an update and returns the conversation as read before it (by the caller, moments ago)
   * and after it. The "before" side can be a moment stale under concurrent updates; it only decides
   * which events to publish, and a repeated status event is harmless.
   */
  private StatusChange update(Conversation before, Bson update) {
    Document after = conversations.findOneAndUpdate(Filters.eq("_id", before.id()), update, RETURN_AFTER);
    if (after == null) {
      throw new NotFoundException("conversation", before.id());
    }
    return new StatusChange(before, toConversation(after));
  }

  /** A bot takes the conversation (a new one on a channel with a bot). */
  public Conversation handToBot(String conversationId, String botId) {
    conversations.updateOne(Filters.eq("_id", conversationId), Updates.combine(Updates.set("botId", botId),
        Updates.set("updatedAt", Docs.date(clock.instant())), Updates.inc("version", 1L)));
    return require(conversationId);
  }

  /**
   * The bot hands the conversation to humans: it waits for an agent from now on.
   *
   * @return the conversation before and after, or empty when no bot had it
   */
  public Optional<StatusChange> handOff(String conversationId, java.time.Instant at) {
    Conversation before = require(conversationId);
    if (before.botId() == null) {
      return Optional.empty();
    }
    conversations.updateOne(Filters.and(Filters.eq("_id", conversationId), Filters.eq("botId", before.botId())), Updates.combine(
        Updates.unset("botId"), Updates.set("handedOffAt", Docs.date(at)), Updates.set("waitingSince", Docs.date(at)),
        Updates.set("status", ConversationStatus.OPEN.wireName()), Updates.set("updatedAt", Docs.date(at)), Updates.inc("version", 1L)));
    return Optional.of(new StatusChange(before, require(conversationId)));
  }

  /** The conversation a thread key leads to, if any. */
  public Optional<String> threadOwner(String key) {
    return Optional.ofNullable(threadKeys.find(Filters.eq("_id", key)).first()).map(doc -> doc.getString("conversationId"));
  }

  /**
   * Lets a thread key lead to a conversation. The first conversation to claim a key keeps it, unless
   * {@code replace} is set (the previous one was closed).
   */
  public void registerThread(String key, String conversationId, boolean replace) {
    Document entry = new Document("_id", key).append("conversationId", conversationId).append("createdAt", Docs.date(clock.instant()));
    if (replace) {
      threadKeys.replaceOne(Filters.eq("_id", key), entry, new com.mongodb.client.model.ReplaceOptions().upsert(true));
      return;
    }
    try {
      threadKeys.insertOne(entry);
    } catch (RuntimeException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
    }
  }

  /** Conversations matching the filter, most recent activity first. */
  public Page<Conversation> list(ConversationFilter filter, PageCursor cursor, int limit) {
    return Page.fromFetched(newest(filter, cursor, limit + 1), limit, ConversationStore::cursorOf);
  }

  /** Where a list that showed this conversation last goes on ({@link #newest}'s order). */
  public static PageCursor cursorOf(Conversation conversation) {
    return new PageCursor(conversation.lastMessageAt(), conversation.id());
  }

  /**
   * Up to {@code count} conversations matching the filter, most recent activity first (ties by id,
   * descending), after {@code after} when it is given.
   */
  public List<Conversation> newest(ConversationFilter filter, PageCursor after, int count) {
    List<Bson> clauses = new ArrayList<>();
    // Every status when none is asked for: the inbox indexes lead with the status, so a filter on them
    // (all five values) lets any of them serve the list in order.
    List<ConversationStatus> statuses = filter.statuses() == null || filter.statuses().isEmpty()
        ? List.of(ConversationStatus.values()) : filter.statuses();
    clauses.add(Filters.in("status", statuses.stream().map(ConversationStatus::wireName).toList()));
    if (filter.assigneeId() != null) {
      clauses.add(Filters.eq("assigneeId", ConversationFilter.UNASSIGNED.equals(filter.assigneeId()) ? null : filter.assigneeId()));
    }
    if (filter.queueId() != null) {
      clauses.add(Filters.eq("queueId", filter.queueId()));
    }
    if (filter.channel() != null) {
      // A channel id looks like our ids; a channel type ("sms") never does.
      clauses.add(Filters.eq(Ids.looksLikeId(filter.channel()) ? "channelIds" : "channels", filter.channel()));
    }
    if (filter.customerIds() != null) {
      clauses.add(Filters.in("customerId", filter.customerIds()));
    }
    if (filter.reachedBy() != null) {
      clauses.add(Filters.in("channelIds", filter.reachedBy()));
    }
    if (after != null) {
      clauses.add(after.afterDescending("lastMessageAt"));
    }
    return conversations.find(Filters.and(clauses)).sort(Sorts.descending("lastMessageAt", "_id")).limit(count)
        .map(ConversationStore::toConversation).into(new ArrayList<>());
  }

  /** Ids of a customer's conversations (merges). */
  /** A customer's conversations that used a channel (for the widget: the visitor's chats). */
  public List<Conversation> ofCustomerOnChannel(String customerId, String channelId) {
    return conversations.find(Filters.and(Filters.eq("customerId", customerId), Filters.eq("channelIds", channelId)))
        .map(ConversationStore::toConversation).into(new ArrayList<>());
  }

  public List<String> idsOfCustomer(String customerId) {
    List<String> ids = new ArrayList<>();
    conversations.find(Filters.eq("customerId", customerId)).projection(Projections.include("_id"))
        .forEach(doc -> ids.add(doc.getString("_id")));
    return ids;
  }

  /**
   * Gives conversations to another customer. The old owner's default thread becomes the new owner's,
   * unless the new owner has one already.
   */
  public void moveToCustomer(List<String> ids, String fromCustomerId, String toCustomerId) {
    if (ids.isEmpty()) {
      return;
    }
    conversations.updateMany(Filters.in("_id", ids), Updates.set("customerId", toCustomerId));
    Optional<Conversation> formerDefault = findActiveFor(fromCustomerId);
    if (formerDefault.isPresent()) {
      String id = formerDefault.get().id();
      try {
        conversations.updateOne(Filters.eq("_id", id), Updates.set("activeFor", toCustomerId));
      } catch (RuntimeException e) {
        if (!DuplicateKeys.isDuplicateKey(e)) {
          throw e;
        }
        conversations.updateOne(Filters.eq("_id", id), Updates.unset("activeFor"));
      }
    }
  }

  /**
   * An unmerge: these conversations are this customer's again. None of them stays a default
   * (continuing) conversation: it was the survivor's while they were one; each customer's next message
   * finds or starts their own.
   */
  public void moveBackTo(List<String> ids, String customerId) {
    if (!ids.isEmpty()) {
      conversations.updateMany(Filters.in("_id", ids), Updates.combine(Updates.set("customerId", customerId), Updates.unset("activeFor")));
    }
  }

  /** The conversation a stored document holds (for the routing package's own conditional updates). */
  public static Conversation toConversation(Document doc) {
    return new Conversation(
        doc.getString("_id"),
        doc.getString("customerId"),
        ConversationStatus.parse(doc.getString("status"), "status"),
        Docs.strings(doc, "channels"),
        Docs.strings(doc, "channelIds"),
        doc.getString("lastChannelId"),
        doc.getString("lastChannelType"),
        doc.getString("activeFor"),
        doc.getString("assigneeId"),
        doc.getString("queueId"),
        doc.getString("priority"),
        Docs.instant(doc, "createdAt"),
        Docs.instant(doc, "updatedAt"),
        Docs.instant(doc, "lastMessageAt"),
        Docs.instant(doc, "lastInboundAt"),
        Docs.instant(doc, "waitingSince"),
        Docs.instant(doc, "firstResponseAt"),
        Docs.instant(doc, "snoozedUntil"),
        doc.getString("lastPreview"),
        Docs.longValue(doc, "version"),
        doc.getString("botId"),
        routing(doc.get("routing", Document.class)),
        ticket(doc.get("ticket", Document.class)),
        SlaSummaryDocs.fromDocument(doc.get("sla", Document.class)),
        Docs.strings(doc, "tags"),
        csat(doc.get("csat", Document.class)),
        doc.getInteger(UNREAD_COUNT, 0));
  }

  private static CsatRef csat(Document csat) {
    return csat == null ? null : new CsatRef(csat.getInteger("score", 0), csat.getString("comment"), Docs.instant(csat, "at"));
  }

  /** Shows the customer's answer to its survey on the conversation. */
  public void showCsat(String conversationId, CsatRef csat) {
    conversations.updateOne(Filters.eq("_id", conversationId), Updates.combine(Updates.set("csat", new Document("score", csat.score())
        .append("comment", csat.comment()).append("at", Docs.date(csat.at()))), Updates.inc("version", 1L)));
  }

  private static TicketRef ticket(Document ticket) {
    return ticket == null ? null : new TicketRef(ticket.getString("id"), Docs.longValue(ticket, "number"), ticket.getString("status"),
        ticket.getString("priority"), ticket.getInteger("escalationLevel", 1));
  }

  /** Keeps the conversation's view of its ticket (in the ticket change's write). */
  public void showTicket(String conversationId, TicketRef ticket) {
    conversations.updateOne(Filters.eq("_id", conversationId), Updates.set("ticket", new Document("id", ticket.id())
        .append("number", ticket.number()).append("status", ticket.status()).append("priority", ticket.priority())
        .append("escalationLevel", ticket.escalationLevel())));
  }

  /** Who sees the conversation's events: its agent and its queue (a small read, for events about it). */
  public record Audience(String assigneeId, String queueId) {
  }

  /** The agents and queues of these conversations, by id (those gone are missing). */
  public Map<String, Audience> audiencesOf(java.util.Collection<String> ids) {
    Map<String, Audience> found = new java.util.HashMap<>();
    conversations.find(Filters.in("_id", ids)).projection(Projections.include("assigneeId", "queueId"))
        .forEach(doc -> found.put(doc.getString("_id"), new Audience(doc.getString("assigneeId"), doc.getString("queueId"))));
    return found;
  }

  /** Keeps many conversations' views of their SLA clocks, in one command. */
  public void showSlaAll(Map<String, SlaSummary> byConversation) {
    if (!byConversation.isEmpty()) {
      conversations.bulkWrite(byConversation.entrySet().stream().<com.mongodb.client.model.WriteModel<Document>>map(entry ->
          new com.mongodb.client.model.UpdateOneModel<>(Filters.eq("_id", entry.getKey()), Updates.set("sla",
              SlaSummaryDocs.toDocument(entry.getValue())))).toList(), new com.mongodb.client.model.BulkWriteOptions().ordered(false));
    }
  }

  /** Keeps the conversation's view of the SLA clocks that run for it (its ticket's, or its own). */
  public void showSla(String conversationId, SlaSummary sla) {
    conversations.updateOne(Filters.eq("_id", conversationId), Updates.set("sla", SlaSummaryDocs.toDocument(sla)));
  }

  private static Routing routing(Document routing) {
    if (routing == null) {
      return Routing.NONE;
    }
    Document wait = Docs.subDocument(routing, "wait");
    return new Routing(Docs.instant(routing, "queuedAt"), wait.getString("q"), wait.getInteger("r", Routing.rank(null)),
        Docs.strings(routing, "requiredSkills"), routing.getString("hold"), routing.getString("type"), routing.getString("reason"),
        routing.getString("ruleId"), Boolean.TRUE.equals(routing.getBoolean("manual")), Boolean.TRUE.equals(routing.getBoolean("overflowed")),
        Boolean.TRUE.equals(routing.getBoolean("pooled")));
  }
}
