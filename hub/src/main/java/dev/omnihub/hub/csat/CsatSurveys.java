package dev.omnihub.hub.csat;

import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.adapters.spi.OutboundPolicy;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.CsatRef;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.conversation.Preview;
import dev.omnihub.hub.conversation.WrittenMessage;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.OptOuts;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.events.CsatReceived;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.LogWrite;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.events.Reaction;
import dev.omnihub.hub.ingest.InboundAnswers;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.outbound.ReplyAddress;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.timers.TimerHandler;
import dev.omnihub.hub.timers.TimerKind;
import dev.omnihub.hub.timers.TimerStore;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * Satisfaction surveys: when a conversation a human agent answered is resolved on a channel whose
 * {@code csat} is enabled, its customer is asked once for that resolution — after the channel's delay,
 * on the channel of their last message, unless they were asked within its {@code quietDays} — and the
 * first answer counts: on the conversation, as a system line, and as {@code csat.received}.
 */
public final class CsatSurveys implements InboundAnswers {

  /** A survey waiting for its delay: one timer per survey. */
  public static final TimerKind KIND = new TimerKind("csat.ask", 10);
  /** The metadata of a survey's message naming its survey (the widget shows it as the survey's frame). */
  public static final String SURVEY_ID = "csatSurveyId";
  /** How long a digit sent by SMS answers the survey sent there. */
  static final Duration SMS_ANSWER_WINDOW = Duration.ofHours(24);
  private static final Pattern DIGIT = Pattern.compile("[1-5]");
  /** The longest comment an answer keeps. */
  public static final int MAX_COMMENT = 2_000;

  /** What surveys read and write through. */
  public record Parts(PublishingStore store, ChannelStore channels, ChannelAdapters adapters, ConversationStore conversations,
      MessageStore messages, CustomerStore customers, OptOuts optOuts, Outbox outbox, TimerStore timers, Supplier<String> publicUrl) {
  }

  private final Parts parts;
  private final CsatStore surveys;
  private final CsatTokens tokens;
  private final Clock clock;

  public CsatSurveys(MongoStore mongo, Parts parts, Clock clock) {
    this.parts = parts;
    this.surveys = new CsatStore(mongo);
    this.tokens = new CsatTokens(mongo);
    this.clock = clock;
  }

  /** The reaction that schedules a survey when a conversation is resolved. */
  public Reaction reaction() {
    return Reaction.onResolved("csat", this::resolved);
  }

  /** Schedules the resolution's survey when the channel asks for one and the customer may be asked. */
  void resolved(Conversation conversation) {
    if (conversation.lastChannelId() == null) {
      return;
    }
    Optional<Channel> channel = parts.channels().find(conversation.lastChannelId());
    CsatSettings settings = channel.map(found -> CsatSettings.of(found.options())).orElse(CsatSettings.OFF);
    Instant resolvedAt = conversation.updatedAt();
    if (!settings.enabled()) {
      return;
    }
    // Not a bot alone, not a conversation nobody answered: a human agent replied since it began or reopened.
    Instant start = parts.conversations().lastStart(conversation.id()).orElse(conversation.createdAt());
    if (!parts.messages().hasAgentReplySince(conversation.id(), start)) {
      return;
    }
    String id = conversation.id() + ":" + resolvedAt.toEpochMilli();
    if (surveys.find(id).isPresent()
        || surveys.askedSince(conversation.customerId(), clock.instant().minus(Duration.ofDays(settings.quietDays())))) {
      return;
    }
    Instant due = resolvedAt.plus(settings.delay());
    if (surveys.schedule(new CsatSurvey(id, conversation.id(), conversation.customerId(), channel.get().id(), channel.get().type().wireName(),
        conversation.assigneeId(), conversation.queueId(), settings.question(), CsatSurvey.SCHEDULED, due, null, null, null, null, null),
        clock.instant())) {
      parts.timers().schedule(KIND.name() + ":" + id, KIND, id, due, clock.instant());
    }
  }

  /** The timer: sends the survey, unless the conversation was reopened meanwhile. */
  public TimerHandler asker() {
    return timer -> parts.store().writeAndPublish(write -> new Outcome<>(TimerHandler.Rerun.ifChanged(clock.instant()), ask(timer.subjectId(), write)));
  }

  private List<HubEvent> ask(String surveyId, LogWrite write) {
    Optional<CsatSurvey> found = surveys.find(surveyId);
    if (found.isEmpty() || !CsatSurvey.SCHEDULED.equals(found.get().status())) {
      return List.of();
    }
    CsatSurvey survey = found.get();
    Optional<Conversation> conversation = parts.conversations().find(survey.conversationId());
    Optional<Channel> channel = parts.channels().find(survey.channelId());
    if (conversation.isEmpty() || conversation.get().active() || channel.isEmpty()) {
      surveys.cancel(surveyId, conversation.isEmpty() || channel.isEmpty() ? "gone" : "reopened before it was asked");
      return List.of();
    }
    String smsKey = null;
    String text;
    if (CsatChannels.asksByDigit(survey.channelType())) {
      Optional<String> number = number(conversation.get(), channel.get());
      if (number.isEmpty()) {
        surveys.cancel(surveyId, "no number to ask, or it opted out");
        return List.of();
      }
      smsKey = channel.get().id() + "|" + number.get();
      text = survey.question() + " Reply with a number from 1 (poor) to 5 (excellent).";
    } else if (CsatChannels.asksInWidget(survey.channelType())) {
      // The widget shows the question with five choices and a comment box, answered on its socket.
      text = survey.question();
    } else {
      text = survey.question() + "\n\n" + link(surveyId);
    }
    Instant now = clock.instant();
    String messageId = Ids.newId();
    Message message;
    try {
      // Keyed by the survey: a run taken over by another node after its lease ran out finds it sent.
      message = parts.messages().insertWritten(new WrittenMessage(messageId, conversation.get(), Direction.OUTBOUND,
              new Author(Author.SYSTEM, null, "Satisfaction survey"), text, channel.get().type().wireName(), channel.get().id(), now),
          write.cursorForNewMessage(messageId), new Document("dedupeKey", "csat:" + surveyId).append("metadata", new Document(SURVEY_ID, surveyId)));
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        Optional<Message> sent = parts.messages().findByDedupeKey("csat:" + surveyId);
        if (sent.isPresent()) {
          surveys.sent(surveyId, sent.get().createdAt(), sent.get().id(), smsKey);
        }
        return List.of();
      }
      throw e;
    }
    parts.outbox().enqueue(message, now);
    Conversation after = parts.conversations().recordAutomaticSend(conversation.get(), now, Preview.of(text, 0));
    surveys.sent(surveyId, now, messageId, smsKey);
    return List.of(new MessageCreated(message, after.assigneeId(), after.queueId()));
  }

  /** The survey page's address for a survey. */
  public String link(String surveyId) {
    return parts.publicUrl().get() + "/csat/" + tokens.tokenFor(surveyId);
  }

  /** The customer's number on an SMS channel, unless it opted out there. */
  private Optional<String> number(Conversation conversation, Channel channel) {
    OutboundPolicy policy = parts.adapters().adapter(channel.type()).outboundPolicy();
    Optional<String> number = ReplyAddress.inConversation(parts.customers(), parts.messages(), conversation.customerId(), conversation.id(),
        channel.id(), policy.addressedBy()).map(ContactIdentity::value);
    return number.filter(found -> !parts.optOuts().optedOut(channel.id(), found));
  }

  /** What a survey's page shows: its question and whether it was answered; empty for a token that names none. */
  public Optional<CsatSurvey> surveyOf(String token) {
    return tokens.surveyOf(token).flatMap(surveys::find).filter(survey -> !CsatSurvey.SCHEDULED.equals(survey.status())
        && !CsatSurvey.CANCELLED.equals(survey.status()));
  }

  /**
   * An answer through the survey's link (the page or {@code POST /api/v1/csat/{token}}).
   *
   * @throws NotFoundException for a token that names no survey that was sent
   * @throws ConflictException {@code already_answered}
   */
  public Outcome<CsatSurvey> answer(String token, int score, String comment) {
    CsatSurvey survey = surveyOf(token).orElseThrow(() -> new NotFoundException("survey", "(token)"));
    return answer(survey, score, comment, "link", null, null);
  }

  /**
   * An answer from the customer's own chat: the survey must have been put to them (their profile, or
   * the one it was merged into, is the conversation's customer).
   *
   * @return empty for a survey that is not theirs
   * @throws ConflictException {@code already_answered}
   */
  public Optional<Outcome<CsatSurvey>> answerAsCustomer(String surveyId, String customerId, int score, String comment) {
    Optional<CsatSurvey> survey = surveys.find(surveyId).filter(found -> CsatSurvey.SENT.equals(found.status())
        || CsatSurvey.ANSWERED.equals(found.status()));
    boolean theirs = survey.flatMap(found -> parts.conversations().find(found.conversationId()))
        .map(conversation -> conversation.customerId().equals(customerId)).orElse(false);
    if (!theirs) {
      return Optional.empty();
    }
    return Optional.of(answer(survey.get(), score, comment, "chat", null, null));
  }

  /** A survey sent by SMS answered by a digit within 24 hours: a system line, never a new message or a reopening. */
  @Override
  public Optional<Outcome<IngestAck>> answer(InboundMessage message, String dedupeKey, LogWrite write) {
    if (!CsatChannels.asksByDigit(message.channel().type().wireName()) || message.text() == null || !DIGIT.matcher(message.text().strip()).matches()
        || message.address() == null) {
      return Optional.empty();
    }
    Optional<CsatSurvey> survey = surveys.awaitingSmsAnswer(message.channel().id() + "|" + message.address().value(),
        clock.instant().minus(SMS_ANSWER_WINDOW));
    if (survey.isEmpty()) {
      return Optional.empty();
    }
    Outcome<CsatSurvey> answered = answer(survey.get(), Integer.parseInt(message.text().strip()), null, "sms", dedupeKey, write);
    Message line = answered.events().stream().filter(MessageCreated.class::isInstance).map(event -> ((MessageCreated) event).message())
        .findFirst().orElseThrow();
    return Optional.of(new Outcome<>(new IngestAck(line.id(), line.conversationId(), line.customerId(), false), answered.events()));
  }

  private Outcome<CsatSurvey> answer(CsatSurvey survey, int score, String comment, String via, String dedupeKey, LogWrite write) {
    Instant now = clock.instant();
    String kept = comment == null || comment.isBlank() ? null : comment.strip();
    if (!surveys.answer(survey.id(), score, kept, via, now)) {
      throw new ConflictException("already_answered", "this survey was answered already");
    }
    Conversation conversation = parts.conversations().require(survey.conversationId());
    parts.conversations().showCsat(conversation.id(), new CsatRef(score, kept, now));
    String text = "The customer rated this conversation " + score + " of 5" + (kept == null ? "" : ": " + kept);
    String lineId = Ids.newId();
    Document extra = dedupeKey == null ? new Document() : new Document("dedupeKey", dedupeKey);
    Message line = parts.messages().insertWritten(new WrittenMessage(lineId, conversation, Direction.SYSTEM,
        new Author(Author.SYSTEM, null, "Satisfaction survey"), text, null, null, now), write == null ? null : write.cursorForNewMessage(lineId),
        extra);
    List<HubEvent> events = new ArrayList<>();
    events.add(new MessageCreated(line, conversation.assigneeId(), conversation.queueId()));
    events.add(new CsatReceived(new JsonObject().put("surveyId", survey.id()).put("conversationId", conversation.id()).put("score", score)
        .put("comment", kept).put("at", now.toString()).put("via", via).put("channel", survey.channelType()), survey.agentId(),
        survey.queueId()));
    return new Outcome<>(surveys.find(survey.id()).orElseThrow(), events);
  }
}
