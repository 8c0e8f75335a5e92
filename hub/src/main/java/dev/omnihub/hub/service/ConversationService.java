package dev.omnihub.hub.service;

import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.OutboundPolicy;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.DeliveryStates;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.conversation.Preview;
import dev.omnihub.hub.conversation.StatusChange;
import dev.omnihub.hub.conversation.WrittenMessage;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.OptOuts;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.LogWrite;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.MessageUpdated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.outbound.ReplyAddress;
import dev.omnihub.hub.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What agents, bots and integrations do to a conversation: reply, write a private note, change its
 * status, assign it. Each command is a few single-document writes and returns the events to publish
 * once they are durable. Blocking: run through the store.
 */
public final class ConversationService {

  private final ConversationStore conversations;
  private final MessageStore messages;
  private final ChannelStore channels;
  private final Outbox outbox;
  private final Clock clock;

  private final SystemLines systemLines;
  private final SnoozeWakeUps snoozes;
  private final ChannelAdapters adapters;
  private final CustomerStore customers;
  private final OptOuts optOuts;

  public ConversationService(ConversationStore conversations, MessageStore messages, ChannelStore channels, ChannelAdapters adapters,
      Outbox outbox, SystemLines systemLines, SnoozeWakeUps snoozes, CustomerStore customers, OptOuts optOuts, Clock clock) {
    this.snoozes = snoozes;
    this.customers = customers;
    this.optOuts = optOuts;
    this.systemLines = systemLines;
    this.conversations = conversations;
    this.messages = messages;
    this.channels = channels;
    this.adapters = adapters;
    this.outbox = outbox;
    this.clock = clock;
  }

  /**
   * Writes a reply to the customer and queues its delivery: the message and its delivery state are
   * one document, and the outbox row that lists it for dispatchers is rebuilt from it if lost.
   *
   * @param channelSelector a channel id or type; {@code null} for the channel of the customer's last message
   * @param write           the publishing write it runs in: the reply is its own log entry
   */
  public Outcome<Message> reply(String conversationId, String text, String channelSelector, Principal author, LogWrite write) {
    return reply(conversationId, text, channelSelector, List.of(), author, write);
  }

  /**
   * A reply carrying an agent's uploaded files (email attaches them, chat shows them to the visitor,
   * an integration gets their path); SMS and voice replies cannot carry files.
   */
  public Outcome<Message> reply(String conversationId, String text, String channelSelector, List<AttachmentStore.Upload> files,
      Principal author, LogWrite write) {
    Conversation conversation = conversations.require(conversationId);
    Channel channel = replyChannel(conversation, channelSelector);
    if (!files.isEmpty() && !AgentFiles.CARRY_FILES.contains(channel.type())) {
      throw InputRejectedException.invalid("attachmentIds", "a reply on " + channel.type().wireName()
          + " cannot carry files; send them by email or chat, or a link");
    }
    refuseIfOptedOut(conversation, channel);
    Instant now = clock.instant();
    String id = Ids.newId();
    Message message = messages.insertWritten(new WrittenMessage(id, conversation, Direction.OUTBOUND, authorOf(author), text,
        channel.type().wireName(), channel.id(), now), write.cursorForNewMessage(id), AgentFiles.listed(files));
    outbox.enqueue(message, now);
    String assignTo = Principal.AGENT.equals(author.kind()) ? author.id() : null;
    StatusChange change = conversations.recordOutbound(conversation, now, Preview.of(text, 0), assignTo);
    List<HubEvent> events = new ArrayList<>();
    if (change.assignmentChanged()) {
      events.add(new ConversationUpdated(change.after(), List.of("assignee"), change.before().assigneeId()));
    }
    events.add(new MessageCreated(message, change.after().assigneeId(), change.after().queueId()));
    return new Outcome<>(message, events);
  }

  /**
   * Queues a delivery that gave up ({@code failed} or {@code undelivered}) again, from its first
   * attempt, behind whatever its conversation has queued meanwhile.
   *
   * @throws ConflictException when the message is not an outbound message whose delivery gave up
   */
  public Outcome<Message> retryDelivery(String messageId) {
    Message message = messages.require(messageId);
    String status = message.deliveryStatus();
    if (message.direction() != Direction.OUTBOUND || !DeliveryStates.GAVE_UP.contains(status)) {
      throw new ConflictException("not_retryable", "only an outbound message whose delivery failed can be retried; this one is "
          + (status == null ? "not a delivery" : status));
    }
    Instant now = clock.instant();
    messages.deliveries().requeue(messageId, now);
    outbox.enqueue(message, now);
    Message queued = messages.require(messageId);
    Conversation conversation = conversations.require(queued.conversationId());
    return new Outcome<>(queued, List.of(new MessageUpdated(queued, conversation.assigneeId(), conversation.queueId())));
  }

  /** Writes a private note for colleagues; it is never sent to the customer. */
  public Outcome<Message> note(String conversationId, String text, Principal author, LogWrite write) {
    return note(conversationId, text, List.of(), author, write);
  }

  /** A note with an agent's uploaded files, for colleagues only. */
  public Outcome<Message> note(String conversationId, String text, List<AttachmentStore.Upload> files, Principal author, LogWrite write) {
    Conversation conversation = conversations.require(conversationId);
    String id = Ids.newId();
    Message message = messages.insertWritten(new WrittenMessage(id, conversation, Direction.NOTE, authorOf(author), text, null, null,
        clock.instant()), write.cursorForNewMessage(id), AgentFiles.listed(files));
    conversations.recordNote(conversationId);
    return new Outcome<>(message, List.of(new MessageCreated(message, conversation.assigneeId(), conversation.queueId())));
  }

  /**
   * An agent read the conversation: its unread count goes back to 0, and the agents' lists learn it by a
   * {@code conversation.updated}. A conversation with nothing unread is only read: no write, no event
   * (run it with {@code writeAndPublishDurableIfAny}, so that such a read waits for no commit).
   *
   * @throws dev.omnihub.adapters.spi.NotFoundException when there is no such conversation
   */
  public Outcome<Conversation> markRead(String conversationId) {
    Conversation conversation = conversations.require(conversationId);
    if (conversation.unreadCount() == 0) {
      return Outcome.of(conversation);
    }
    // Another agent's read may have come first: then this one changed nothing and says nothing.
    return conversations.markRead(conversationId)
        .map(after -> new Outcome<>(after, List.<HubEvent>of(new ConversationUpdated(after, List.of(ConversationUpdated.UNREAD),
            after.assigneeId()))))
        .orElseGet(() -> Outcome.of(conversations.require(conversationId)));
  }

  /**
   * Moves the conversation to a status and leaves a system line in its timeline. A snoozed one opens
   * again at {@code until} ({@link SnoozeWakeUps}).
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
    if (status == ConversationStatus.SNOOZED) {
      snoozes.schedule(conversationId, until);
    } else if (conversation.status() == ConversationStatus.SNOOZED) {
      snoozes.cancel(conversationId);
    }
    String line = actor.name() + " changed the status to " + status.wireName()
        + (status == ConversationStatus.SNOOZED ? " until " + until : "");
    return withSystemLine(change, "status", line, actor);
  }

  /**
   * A reply to an address that sent STOP to this channel (on a channel whose adapter honours opt-outs)
   * is refused (409), before anything is stored.
   */
  private void refuseIfOptedOut(Conversation conversation, Channel channel) {
    OutboundPolicy policy = adapters.adapter(channel.type()).outboundPolicy();
    if (!policy.honoursOptOuts()) {
      return;
    }
    String number = ReplyAddress.inConversation(customers, messages, conversation.customerId(), conversation.id(), channel.id(),
        policy.addressedBy()).map(ContactIdentity::value).orElse(null);
    if (optOuts.optedOut(channel.id(), number)) {
      throw new ConflictException("opted_out", number + " opted out of messages from this channel (STOP); it can opt in again with START");
    }
  }

  private Outcome<Conversation> withSystemLine(StatusChange change, String what, String line, Principal actor) {
    Conversation after = change.after();
    List<HubEvent> events = new ArrayList<>();
    events.add(new ConversationUpdated(after, List.of(what), change.before().assigneeId()));
    events.addAll(systemLines.write(after, line, actor).events());
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
      requireOfCustomer(byId.get(), conversation);
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

  /**
   * A reply goes only through a channel of the conversation's customer: one this conversation used,
   * one the customer wrote from, or one whose adapter reaches an identity the customer has (an email
   * address, a phone number). Never another integration's channel, whose webhook would receive the
   * customer's words.
   */
  private void requireOfCustomer(Channel channel, Conversation conversation) {
    if (conversation.channelIds().contains(channel.id())) {
      return;
    }
    Optional<Customer> customer = customers.findCurrent(conversation.customerId());
    OutboundPolicy policy = adapters.adapter(channel.type()).outboundPolicy();
    boolean reached = customer.map(found -> found.contactOn(channel.id()) != null
        || (policy.reachesByIdentity() && policy.addressedBy() != null && hasIdentity(found, policy.addressedBy().wireName() + ":")))
        .orElse(false);
    if (!reached) {
      throw new ConflictException("channel_not_of_customer", "the customer has never been reached through channel " + channel.id()
          + "; reply on a channel of theirs");
    }
  }

  private static boolean hasIdentity(Customer customer, String prefix) {
    return customer.identities().stream().anyMatch(key -> key.startsWith(prefix));
  }

  private static Author authorOf(Principal principal) {
    return new Author(principal.authorType(), principal.id(), principal.name());
  }
}
