package dev.omnihub.hub.service;

import com.mongodb.client.model.Filters;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.conversation.Preview;
import dev.omnihub.hub.conversation.StatusChange;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.errors.NotFoundException;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.views.Views;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * What agents, bots and integrations do to a conversation: reply, write a private note, change its
 * status, assign it. Each command is a few single-document writes and returns the events to publish
 * once they are durable. Blocking: run through the store.
 */
public final class ConversationService {

  private final ConversationStore conversations;
  private final MessageStore messages;
  private final ChannelStore channels;
  private final AgentStore agents;
  private final Outbox outbox;
  private final MongoStore store;
  private final Clock clock;

  public ConversationService(ConversationStore conversations, MessageStore messages, ChannelStore channels, AgentStore agents,
      Outbox outbox, MongoStore store, Clock clock) {
    this.conversations = conversations;
    this.messages = messages;
    this.channels = channels;
    this.agents = agents;
    this.outbox = outbox;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Writes a reply to the customer and queues its delivery: the message and its delivery state are
   * one document, and the outbox row that lists it for dispatchers is rebuilt from it if lost.
   *
   * @param channelSelector a channel id or type; {@code null} for the channel of the customer's last message
   */
  public Outcome<Message> reply(String conversationId, String text, String channelSelector, Principal author) {
    Conversation conversation = conversations.require(conversationId);
    Channel channel = replyChannel(conversation, channelSelector);
    Instant now = clock.instant();
    String id = Ids.newId();
    Document document = base(id, conversation, Direction.OUTBOUND, author, text, now)
        .append("channel", channel.type().wireName())
        .append("channelId", channel.id())
        .append("delivery", new Document("status", "pending").append("attempts", 0).append("nextAttemptAt", Docs.date(now)));
    messages.insert(document);
    outbox.enqueue(id, now);
    String assignTo = Principal.AGENT.equals(author.kind()) ? author.id() : null;
    StatusChange change = conversations.recordOutbound(conversation, now, Preview.of(text, 0), assignTo);
    List<HubEvent> events = new ArrayList<>();
    if (change.assignmentChanged()) {
      events.add(new ConversationUpdated(Views.conversation(change.after()), List.of("assignee"), change.before().assigneeId()));
    }
    Message message = MessageStore.toMessage(document);
    events.add(new MessageCreated(Views.message(message), change.after().assigneeId(), change.after().queueId()));
    return new Outcome<>(message, events);
  }

  /** Writes a private note for colleagues; it is never sent to the customer. */
  public Outcome<Message> note(String conversationId, String text, Principal author) {
    Conversation conversation = conversations.require(conversationId);
    Document document = base(Ids.newId(), conversation, Direction.NOTE, author, text, clock.instant());
    messages.insert(document);
    conversations.recordNote(conversationId);
    Message message = MessageStore.toMessage(document);
    return new Outcome<>(message, List.of(new MessageCreated(Views.message(message), conversation.assigneeId(), conversation.queueId())));
  }

  /**
   * Moves the conversation to a status and leaves a system line in its timeline.
   *
   * @param until required for {@code snoozed}: when it wakes up
   */
  public Outcome<Conversation> changeStatus(String conversationId, ConversationStatus status, Instant until, Principal actor) {
    Conversation conversation = conversations.require(conversationId);
    if (status == ConversationStatus.SNOOZED && (until == null || !until.isAfter(clock.instant()))) {
      throw InputRejectedException.invalid("until", "snoozing needs 'until', a time in the future");
    }
    if (conversation.status() == status && status != ConversationStatus.SNOOZED) {
      return Outcome.of(conversation);
    }
    StatusChange change = conversations.changeStatus(conversation, status, status == ConversationStatus.SNOOZED ? until : null);
    String line = actor.name() + " changed the status to " + status.wireName()
        + (status == ConversationStatus.SNOOZED ? " until " + until : "");
    return withSystemLine(change, "status", line, actor);
  }

  /**
   * Changes the assigned agent and/or queue.
   *
   * @throws NotFoundException when the agent or queue does not exist
   */
  public Outcome<Conversation> assign(String conversationId, AssignmentChange change, Principal actor) {
    Conversation conversation = conversations.require(conversationId);
    String agentId = change.agentGiven() ? change.agentId() : conversation.assigneeId();
    String queueId = change.queueGiven() ? change.queueId() : conversation.queueId();
    String agentName = null;
    if (agentId != null) {
      agentName = agents.find(agentId).filter(agent -> agent.active())
          .orElseThrow(() -> new NotFoundException("agent", agentId)).name();
    }
    // Queues arrive with routing; until then a queue id must name a stored queue.
    if (queueId != null && store.collection(Collections.QUEUES).find(Filters.eq("_id", queueId)).first() == null) {
      throw new NotFoundException("queue", queueId);
    }
    StatusChange result = conversations.assign(conversation, agentId, queueId);
    if (!result.assignmentChanged()) {
      return Outcome.of(result.after());
    }
    String line = agentId == null && queueId == null ? actor.name() + " unassigned the conversation"
        : actor.name() + " assigned the conversation" + (agentName != null ? " to " + agentName : "")
            + (queueId != null ? " in queue " + queueId : "");
    return withSystemLine(result, "assignee", line, actor);
  }

  private Outcome<Conversation> withSystemLine(StatusChange change, String what, String line, Principal actor) {
    Conversation after = change.after();
    Document document = base(Ids.newId(), after, Direction.SYSTEM, actor, line, clock.instant());
    document.put("author", new Document("type", "system").append("id", actor.id()).append("name", actor.name()));
    messages.insert(document);
    List<HubEvent> events = List.of(
        new ConversationUpdated(Views.conversation(after), List.of(what), change.before().assigneeId()),
        new MessageCreated(Views.message(MessageStore.toMessage(document)), after.assigneeId(), after.queueId()));
    return new Outcome<>(after, events);
  }

  private Channel replyChannel(Conversation conversation, String selector) {
    if (selector == null) {
      String channelId = conversation.lastChannelId() != null ? conversation.lastChannelId()
          : conversation.channelIds().isEmpty() ? null : conversation.channelIds().get(conversation.channelIds().size() - 1);
      if (channelId == null) {
        throw new ConflictException("no_reply_channel", "the conversation has no channel yet; pass 'channel'");
      }
      return channels.require(channelId);
    }
    Optional<Channel> byId = channels.find(selector);
    if (byId.isPresent()) {
      return byId.get();
    }
    List<String> used = new ArrayList<>(conversation.channelIds());
    java.util.Collections.reverse(used);
    for (String channelId : used) {
      Optional<Channel> candidate = channels.find(channelId).filter(c -> c.type().wireName().equals(selector));
      if (candidate.isPresent()) {
        return candidate.get();
      }
    }
    throw InputRejectedException.invalid("channel", "'" + selector + "' is neither a channel id nor the type of a channel this conversation used");
  }

  private static Document base(String id, Conversation conversation, Direction direction, Principal author, String text, Instant now) {
    return new Document("_id", id)
        .append("conversationId", conversation.id())
        .append("customerId", conversation.customerId())
        .append("direction", direction.wireName())
        .append("author", new Document("type", author.authorType()).append("id", author.id()).append("name", author.name()))
        .append("text", text)
        .append("attachments", List.of())
        .append("createdAt", Docs.date(now));
  }
}
