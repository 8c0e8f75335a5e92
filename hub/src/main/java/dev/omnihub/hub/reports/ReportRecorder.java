package dev.omnihub.hub.reports;

import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.events.ConversationCreated;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.CsatReceived;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.LogWrite;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Reaction;
import dev.omnihub.hub.reports.ContactState.Contact;
import dev.omnihub.hub.reports.ReportFact.Kind;
import dev.omnihub.hub.sla.SlaSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the reports' hourly buckets as events happen (the {@code reports} reaction): a conversation
 * started or reopened starts a contact; the first reply of a human agent in it is its first response
 * (never a bot's, an automatic reply's — authored {@code system} — or a note); its resolution ends it
 * with the time it took; every message in and out is counted. A batch of the log is one read of the
 * buckets it touches and one bulk write.
 */
public final class ReportRecorder {

  private final ContactState contacts;
  private final ReportBuckets buckets;
  private final ConversationStore conversations;
  /** Events up to this cursor are in the buckets already (rebuilt from the store). */
  private volatile long skipUpTo;

  ReportRecorder(ContactState contacts, ReportBuckets buckets, ConversationStore conversations) {
    this.contacts = contacts;
    this.buckets = buckets;
    this.conversations = conversations;
  }

  public Reaction reaction() {
    return new Reaction() {
      @Override
      public String name() {
        return "reports";
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        if (event.cursor() <= skipUpTo) {
          return false;
        }
        return switch (event.event()) {
          case ConversationCreated created -> true;
          case ConversationUpdated updated -> updated.changes().contains("status");
          case CsatReceived answered -> true;
          case MessageCreated created -> created.message().direction() == Direction.INBOUND
              || created.message().direction() == Direction.OUTBOUND;
          case null, default -> false;
        };
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        return reactAll(List.of(event), null);
      }

      @Override
      public List<HubEvent> reactAll(List<EventLog.Logged> events, LogWrite write) {
        List<ReportFact> facts = new ArrayList<>();
        events.forEach(event -> facts.addAll(factsOf(event)));
        buckets.add(facts);
        return List.of();
      }
    };
  }

  void skipUpTo(long cursor) {
    skipUpTo = cursor;
  }

  /** The facts an event makes (again, when it is taken again: the buckets then ignore them). */
  List<ReportFact> factsOf(EventLog.Logged logged) {
    long cursor = logged.cursor();
    return switch (logged.event()) {
      case ConversationCreated created -> started(created.conversation(), cursor);
      case ConversationUpdated updated -> statusChanged(updated.conversation(), cursor);
      case MessageCreated created -> message(created, cursor);
      case CsatReceived answered -> List.of(ReportFact.of(Kind.CSAT, cursor, Instant.parse(answered.csat().getString("at")),
          answered.csat().getString("channel"), answered.agentId(), answered.queueId()).valued(answered.score()));
      case null, default -> List.of();
    };
  }

  private List<ReportFact> started(Conversation conversation, long cursor) {
    Optional<Contact> known = contacts.find(conversation.id());
    if (known.isEmpty()) {
      contacts.save(new Contact(conversation.id(), conversation.createdAt(), cursor, null, null));
    } else if (known.get().startCursor() != cursor) {
      return List.of();
    }
    return List.of(fact(Kind.CONVERSATION, cursor, conversation.createdAt(), conversation));
  }

  private List<ReportFact> statusChanged(Conversation conversation, long cursor) {
    // A conversation from before the reports were kept: its contact began when it did; its first response is not known.
    Contact contact = contacts.find(conversation.id()).orElse(new Contact(conversation.id(), conversation.createdAt(), 0, 0L, null));
    Instant at = conversation.updatedAt();
    boolean ends = conversation.status() == ConversationStatus.RESOLVED || conversation.status() == ConversationStatus.CLOSED;
    if (ends) {
      if (!contact.ended()) {
        contacts.save(new Contact(contact.conversationId(), contact.start(), contact.startCursor(), contact.responseCursor(), cursor));
      } else if (contact.endCursor() != cursor) {
        return List.of();
      }
      if (conversation.status() != ConversationStatus.RESOLVED) {
        return List.of();
      }
      List<ReportFact> facts = new ArrayList<>();
      facts.add(fact(Kind.RESOLVED, cursor, at, conversation).valued(seconds(contact.start(), at)));
      SlaSummary sla = conversation.sla();
      if (sla != null && sla.resolutionDueAt() != null) {
        facts.add(fact(Kind.SLA, cursor, at, conversation).valued(at.isAfter(sla.resolutionDueAt()) ? 0 : 1));
      }
      return facts;
    }
    if (contact.ended()) {
      contacts.save(new Contact(contact.conversationId(), at, cursor, null, null));
    } else if (contact.startCursor() != cursor) {
      return List.of();
    }
    return List.of(fact(Kind.CONVERSATION, cursor, at, conversation), fact(Kind.REOPENED, cursor, at, conversation));
  }

  private List<ReportFact> message(MessageCreated created, long cursor) {
    Message message = created.message();
    if (message.direction() == Direction.INBOUND) {
      return List.of(ReportFact.of(Kind.MESSAGE_IN, cursor, message.createdAt(), message.channel(), created.assigneeId(), created.queueId()));
    }
    boolean human = Author.AGENT.equals(message.author().type());
    String agent = human ? message.author().id() : created.assigneeId();
    List<ReportFact> facts = new ArrayList<>();
    facts.add(ReportFact.of(Kind.MESSAGE_OUT, cursor, message.createdAt(), message.channel(), agent, created.queueId()));
    if (human) {
      facts.addAll(firstResponse(created, cursor));
    }
    return facts;
  }

  private List<ReportFact> firstResponse(MessageCreated created, long cursor) {
    Message message = created.message();
    Optional<Contact> known = contacts.find(message.conversationId());
    if (known.isEmpty()) {
      return List.of();
    }
    Contact contact = known.get();
    if (!contact.responded()) {
      contacts.save(new Contact(contact.conversationId(), contact.start(), contact.startCursor(), cursor, contact.endCursor()));
    } else if (contact.responseCursor() != cursor) {
      return List.of();
    }
    ReportFact response = ReportFact.of(Kind.FIRST_RESPONSE, cursor, message.createdAt(), message.channel(), message.author().id(),
        created.queueId());
    List<ReportFact> facts = new ArrayList<>();
    facts.add(response.valued(seconds(contact.start(), message.createdAt())));
    conversations.find(message.conversationId()).map(Conversation::sla).filter(sla -> sla.firstResponseDueAt() != null)
        .ifPresent(sla -> facts.add(ReportFact.of(Kind.SLA, cursor, message.createdAt(), message.channel(), message.author().id(),
            created.queueId()).valued(message.createdAt().isAfter(sla.firstResponseDueAt()) ? 0 : 1)));
    return facts;
  }

  private static ReportFact fact(Kind kind, long cursor, Instant at, Conversation conversation) {
    return ReportFact.of(kind, cursor, at, conversation.lastChannelType() != null ? conversation.lastChannelType()
        : conversation.channels().isEmpty() ? null : conversation.channels().get(conversation.channels().size() - 1),
        conversation.assigneeId(), conversation.queueId());
  }

  /** Seconds between two instants, to the millisecond; never negative. */
  static double seconds(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis()) / 1000.0;
  }
}
