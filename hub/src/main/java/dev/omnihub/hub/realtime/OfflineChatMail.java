package dev.omnihub.hub.realtime;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.AuthorRef;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.CustomerSite;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.Claim;
import dev.omnihub.hub.customer.ClaimProofs;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityKey;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.events.Reaction;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.outbound.QueuedDelivery;
import dev.omnihub.hub.service.SystemLines;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.PageCursor;
import dev.omnihub.hub.timers.TimerHandler;
import dev.omnihub.hub.timers.TimerKind;
import dev.omnihub.hub.timers.TimerStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * An agent's reply on a channel with a {@link CustomerSite} (the website widget) that the visitor has
 * not seen is emailed to them after the site's wait (the chat channel's {@code offlineEmailDelayMinutes},
 * 15 by default; 0 turns it off), when the visitor gave an email
 * (proven, or typed into the widget) and the hub has an email channel. The reply schedules a timer in
 * its own write; when it fires, every reply newer than what the visitor last saw (their last read,
 * their last message, the last such email) goes out in one mail from the oldest email channel, with
 * the conversation's thread keys, so the visitor's answer by email continues the same conversation.
 * The mail goes through the delivery queue (its retries, its dead letters). Agents see a system line
 * saying it went, or that it was given up. A crash between sending and recording sends the mail again
 * (at least once; its Message-ID stays the same).
 */
public final class OfflineChatMail implements TimerHandler {

  /** One mail per conversation and wait; the timer only queues it (store work: failures mean the store is down). */
  public static final TimerKind KIND = new TimerKind("chat.offline_email", 8);
  /** The delivery queue's kind of these mails. */
  public static final String KIND_DELIVERY = "chat.offline_email";
  private static final int MOST_REPLIES = 20;

  private final PublishingStore store;
  private final MongoCollection<Document> conversationDocuments;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final CustomerStore customers;
  private final ClaimProofs claimProofs;
  private final ChannelStore channels;
  private final ChannelAdapters adapters;
  private final SystemLines systemLines;
  private final TimerStore timers;
  private final Outbox outbox;
  private final Clock clock;

  public OfflineChatMail(PublishingStore store, MongoStore mongo, ConversationStore conversations, MessageStore messages,
      CustomerStore customers, ClaimProofs claimProofs, ChannelStore channels, ChannelAdapters adapters, SystemLines systemLines,
      TimerStore timers, Outbox outbox, Clock clock) {
    this.claimProofs = claimProofs;
    this.store = store;
    this.conversationDocuments = mongo.collection(Collections.CONVERSATIONS);
    this.conversations = conversations;
    this.messages = messages;
    this.customers = customers;
    this.channels = channels;
    this.adapters = adapters;
    this.systemLines = systemLines;
    this.timers = timers;
    this.outbox = outbox;
    this.clock = clock;
  }

  /**
   * An agent's chat reply is durable: the visitor may need the mail, unless they see it first. Running
   * twice schedules one timer (keyed by the conversation, due at its earliest reply's wait).
   */
  public Reaction repliedReaction() {
    return new Reaction() {
      @Override
      public String name() {
        return "chat.offline_email";
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        return event.event() instanceof MessageCreated created && created.message().direction() == Direction.OUTBOUND;
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        Message message = ((MessageCreated) event.event()).message();
        Optional<CustomerSite> site = site(message.channelId()).filter(CustomerSite::emailsUnseenReplies);
        if (site.isPresent()) {
          String conversationId = message.conversationId();
          Instant at = message.createdAt();
          timers.schedule(timerId(conversationId), KIND, conversationId, at.plus(site.get().emailUnseenRepliesAfter()), at);
        }
        return List.of();
      }
    };
  }

  /** The channel's web site, when its adapter has one (a website widget); blocking, from the channel cache. */
  private Optional<CustomerSite> site(String channelId) {
    return channels.findCached(channelId).flatMap(channel -> adapters.adapter(channel.type()).customerSite(channel.settings()));
  }

  static String timerId(String conversationId) {
    return KIND.name() + ":" + conversationId;
  }

  /** What goes out: the replies not seen, to whom, through which email channel. */
  private record Mail(Conversation conversation, Customer customer, Channel emailChannel, ContactIdentity to, List<Message> replies) {
  }

  @Override
  public Future<TimerHandler.Rerun> fire(TimerStore.Timer timer) {
    // The timer decides when; the delivery queue sends, with its retries (and gives up on a 5xx at once).
    return store.write(() -> {
      plan(timer.subjectId()).ifPresent(mail -> outbox.enqueue(deliveryId(mail), KIND_DELIVERY, mail.conversation().id(), clock.instant()));
      return TimerHandler.Rerun.ifChanged(clock.instant().plus(Duration.ofMinutes(1)));
    });
  }

  /** The mail's id, its Message-ID and idempotency key: one mail per newest unseen reply. */
  private static String deliveryId(Mail mail) {
    return "chat-" + mail.replies().get(mail.replies().size() - 1).id();
  }

  /**
   * The queued mails as the delivery queue sends them. Planned again at each attempt: replies the
   * visitor saw meanwhile are not mailed (and none left, nothing is).
   */
  public QueuedDelivery deliveries() {
    return new QueuedDelivery() {
      @Override
      public Future<Done> send(Outbox.Entry entry) {
        return store.read(() -> plan(entry.conversationId())).compose(mail -> {
          if (mail.isEmpty()) {
            return Future.succeededFuture(NOTHING);
          }
          return adapters.adapter(ChannelType.EMAIL).deliver(outbound(mail.get()), mail.get().emailChannel().settings())
              .map(receipt -> () -> recorded(mail.get(), receipt).events());
        });
      }

      @Override
      public List<HubEvent> gaveUp(Outbox.Entry entry, String reason) {
        return systemLines.write(entry.conversationId(), "The visitor had left, and the unseen replies could not be emailed: " + reason)
            .events();
      }
    };
  }

  private Optional<Mail> plan(String conversationId) {
    Document raw = conversationDocuments.find(Filters.eq("_id", conversationId)).first();
    Optional<Conversation> conversation = conversations.find(conversationId);
    if (raw == null || conversation.isEmpty()) {
      return Optional.empty();
    }
    Instant seen = latest(Docs.instant(raw, ConversationStore.CUSTOMER_READ_AT), Docs.instant(raw, "visitorReadAt"), Docs.instant(raw, "visitorEmailedUpTo"), conversation.get().lastInboundAt());
    List<Message> replies = unseenReplies(conversationId, seen);
    Optional<Customer> customer = customers.findCurrent(conversation.get().customerId());
    Optional<ContactIdentity> to = customer.flatMap(OfflineChatMail::emailOf);
    Optional<Channel> emailChannel = channels.list().stream().filter(channel -> channel.type() == ChannelType.EMAIL)
        .min(Comparator.comparing(Channel::createdAt));
    if (replies.isEmpty() || to.isEmpty() || emailChannel.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Mail(conversation.get(), customer.get(), emailChannel.get(), to.get(), replies));
  }

  /** The agents' chat replies after {@code seen}, oldest first. */
  private List<Message> unseenReplies(String conversationId, Instant seen) {
    List<Message> replies = new ArrayList<>();
    // Whether each channel has a site, looked up once: a conversation's messages come from few channels.
    Map<String, Boolean> sites = new HashMap<>();
    PageCursor cursor = null;
    do {
      var page = messages.list(conversationId, cursor, 50, true);
      for (Message message : page.items()) {
        if (seen != null && !message.createdAt().isAfter(seen)) {
          java.util.Collections.reverse(replies);
          return replies.size() > MOST_REPLIES ? replies.subList(replies.size() - MOST_REPLIES, replies.size()) : replies;
        }
        if (message.direction() == Direction.OUTBOUND && sites.computeIfAbsent(message.channelId(), id -> site(id).isPresent())) {
          replies.add(message);
        }
      }
      cursor = page.next() == null ? null : PageCursor.decode(page.next());
    } while (cursor != null);
    java.util.Collections.reverse(replies);
    return replies.size() > MOST_REPLIES ? replies.subList(replies.size() - MOST_REPLIES, replies.size()) : replies;
  }

  /** A proven email identity first, else the newest email the customer typed in. */
  private static Optional<ContactIdentity> emailOf(Customer customer) {
    Optional<String> proven = customer.identities().stream().map(key -> IdentityKey.split(key, "identity"))
        .filter(key -> key.kind() == IdentityKind.EMAIL).map(IdentityKey::value).findFirst();
    Optional<String> claimed = customer.claims().stream().filter(claim -> "email".equals(claim.kind()))
        .reduce((first, second) -> second).map(Claim::value);
    return proven.or(() -> claimed).map(ContactIdentity::email);
  }

  private OutboundMessage outbound(Mail mail) {
    String id = deliveryId(mail);
    StringBuilder text = new StringBuilder();
    text.append("Hello").append(mail.customer().name() == null ? "" : " " + mail.customer().name()).append(",\n\n")
        .append("you have ").append(mail.replies().size() == 1 ? "a new reply" : mail.replies().size() + " new replies")
        .append(" to your chat with us:\n\n");
    for (Message reply : mail.replies()) {
      String author = reply.author() == null ? null : reply.author().name();
      text.append(author == null ? "We" : author).append(" wrote:\n").append(reply.text()).append("\n\n");
    }
    text.append("Reply to this email to continue the conversation.\n");
    Map<String, String> threading = Map.of("conversationId", mail.conversation().id(), "replyToken", mail.conversation().id());
    return new OutboundMessage(id, mail.conversation().id(), mail.customer().id(), new ChannelRef(ChannelType.EMAIL, mail.emailChannel().id()),
        new Contact(mail.customer().name(), List.of(mail.to())), text.toString(), null, List.of(),
        new AuthorRef("system", null, mail.emailChannel().name()), clock.instant(), threading, mail.to(),
        "New reply to your chat", id);
  }

  private Outcome<Void> recorded(Mail mail, DeliveryReceipt receipt) {
    Instant upTo = mail.replies().get(mail.replies().size() - 1).createdAt();
    conversationDocuments.updateOne(Filters.eq("_id", mail.conversation().id()), Updates.max("visitorEmailedUpTo", Docs.date(upTo)));
    // The visitor's answer by email finds this conversation by these keys, and proves a claimed address.
    receipt.threadKeys().forEach(key -> conversations.registerThread(key, mail.conversation().id(), false));
    IdentityKey to = new IdentityKey(IdentityKind.EMAIL, mail.to().value());
    if (!mail.customer().identities().contains(to.key())) {
      claimProofs.mailedClaim(mail.customer().id(), to, receipt.threadKeys());
    }
    String line = "The visitor had left: emailed " + (mail.replies().size() == 1 ? "the unseen reply" : mail.replies().size()
        + " unseen replies") + " to " + mail.to().value();
    return new Outcome<>(null, systemLines.write(mail.conversation().id(), line).events());
  }

  private static Instant latest(Instant... times) {
    Instant latest = null;
    for (Instant time : times) {
      if (time != null && (latest == null || time.isAfter(latest))) {
        latest = time;
      }
    }
    return latest;
  }
}
