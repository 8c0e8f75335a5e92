package dev.omnihub.hub.bots;

import dev.omnihub.adapters.webhook.SignedWebhookClient;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.auth.ApiTokenStore;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.events.Reaction;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.outbound.QueuedDelivery;
import dev.omnihub.hub.service.SystemLines;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.timers.TimerHandler;
import dev.omnihub.hub.timers.TimerKind;
import dev.omnihub.hub.timers.TimerStore;
import dev.omnihub.hub.views.Views;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Bots that answer first (API.md "Bots"). A conversation that starts on a channel with a bot is the
 * bot's until it hands off: each customer message (and the conversation's start) is queued in the
 * same write as a signed event for the bot, delivered through the delivery queue in the
 * conversation's order with retries. The bot answers through the conversation API with its token. A
 * bot that cannot be reached after its retries, or stays silent after a customer message longer than
 * its timeout, is handed off by the hub: the conversation waits for a human, and the bot gets nothing
 * more of it.
 */
public final class BotService implements TimerHandler {

  /** Hands a conversation off when its bot stays silent; store work only, so failures mean the store is down. */
  public static final TimerKind SILENCE = new TimerKind("bot.silence", 10);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A bot as created: its secret and API token are shown once. */
  public record Created(Bot bot, String apiToken) {
  }

  private final PublishingStore store;
  private final BotStore bots;
  private final ApiTokenStore tokens;
  private final ConversationStore conversations;
  private final SystemLines systemLines;
  private final Outbox outbox;
  private final TimerStore timers;
  private final SignedWebhookClient webhooks;
  private final Clock clock;

  public BotService(PublishingStore store, BotStore bots, ApiTokenStore tokens, ConversationStore conversations,
      SystemLines systemLines, Outbox outbox, TimerStore timers, SignedWebhookClient webhooks, Clock clock) {
    this.store = store;
    this.bots = bots;
    this.tokens = tokens;
    this.conversations = conversations;
    this.systemLines = systemLines;
    this.outbox = outbox;
    this.timers = timers;
    this.webhooks = webhooks;
    this.clock = clock;
  }

  /** Blocking. The bot's token is an API token with the agent role: its messages are authored {@code bot}. */
  public Created create(String name, String webhookUrl, List<String> channelIds, Duration timeout, Actor createdBy) {
    ApiTokenStore.IssuedToken token = tokens.create("bot: " + name, List.of(Role.AGENT), createdBy.id());
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    Bot bot = new Bot(Ids.newId(), name, webhookUrl, List.copyOf(channelIds), HexFormat.of().formatHex(secret), token.token().id(), timeout,
        clock.instant());
    bots.insert(bot);
    return new Created(bot, token.secret());
  }

  public List<Bot> list() {
    return bots.list();
  }

  /**
   * A customer's message was stored (inside that write): a new conversation on a bot's channel becomes
   * the bot's, and a bot's conversation queues the event for it. Blocking.
   *
   * @return the conversation as it is now
   */
  public Conversation customerWrote(Conversation conversation, boolean created, Message message, Instant now) {
    Conversation current = conversation;
    if (created && current.botId() == null && message.channelId() != null) {
      Optional<Bot> first = bots.forChannel(message.channelId());
      if (first.isPresent()) {
        current = conversations.handToBot(current.id(), first.get().id());
      }
    }
    if (current.botId() == null) {
      return current;
    }
    Optional<Bot> bot = bots.find(current.botId());
    if (bot.isEmpty()) {
      return current;
    }
    JsonObject view = Views.conversation(current);
    if (created) {
      outbox.enqueueBotEvent("bot-conversation-" + current.id(), current.id(), bot.get().id(), "conversation.created",
          new JsonObject().put("event", "conversation.created").put("conversation", view), now);
    }
    outbox.enqueueBotEvent("bot-message-" + message.id(), current.id(), bot.get().id(), "message.created",
        new JsonObject().put("event", "message.created").put("conversation", view).put("message", Views.message(message)), now);
    // Silent longer than its timeout after this message: the hub hands off (the timer keeps the first unanswered message's time).
    timers.schedule(silenceTimer(current.id()), SILENCE, current.id(), now.plus(bot.get().timeout()), now);
    return current;
  }

  /**
   * The conversation goes to humans: no more events for the bot, a system line for agents, and the
   * conversation waits for an agent. Blocking.
   *
   * @throws ConflictException {@code not_with_bot} when no bot has it
   */
  public Outcome<Conversation> handOff(String conversationId, String reason) {
    var change = conversations.handOff(conversationId, clock.instant())
        .orElseThrow(() -> new ConflictException("not_with_bot", "no bot handles conversation " + conversationId));
    timers.cancel(silenceTimer(conversationId));
    String botName = bots.find(change.before().botId()).map(Bot::name).orElse("The bot");
    List<HubEvent> events = new ArrayList<>();
    events.add(new ConversationUpdated(change.after(), List.of("handler", "status"), change.before().assigneeId()));
    events.addAll(systemLines.write(conversationId, botName + " handed the conversation to a human"
        + (reason == null || reason.isBlank() ? "" : ": " + reason)).events());
    return new Outcome<>(change.after(), events);
  }

  /**
   * The silence timer fired. The conversation says whether the customer still waits, and since when
   * (an answer clears it, the next message sets it again), so the timer need not have been cancelled
   * in time: the customer waited the bot's timeout, and the bot is handed off; waits less, and the
   * timer runs again when the timeout is up; waits no more, and nothing happens.
   */
  @Override
  public Future<TimerHandler.Rerun> fire(TimerStore.Timer timer) {
    return store.writeAndPublish(() -> {
      Instant now = clock.instant();
      Optional<Conversation> conversation = conversations.find(timer.subjectId());
      if (conversation.isEmpty() || conversation.get().botId() == null || conversation.get().waitingSince() == null) {
        return Outcome.of(now.plusSeconds(1));
      }
      Duration timeout = bots.find(conversation.get().botId()).map(Bot::timeout).orElse(Duration.ZERO);
      Instant due = conversation.get().waitingSince().plus(timeout);
      if (due.isAfter(now)) {
        // Scheduled again (changed), so that completing this run leaves it due then.
        timers.schedule(timer.id(), SILENCE, timer.subjectId(), due, now);
        return Outcome.of(due);
      }
      return new Outcome<>(now.plusSeconds(1), handOff(timer.subjectId(), "no answer within " + timeout.toSeconds() + " s").events());
    }).map(TimerHandler.Rerun::ifChanged);
  }

  /** Someone answered: the bot's silence clock for what the customer wrote before stops (once durable). */
  public Reaction answeredReaction() {
    return new Reaction() {
      @Override
      public String name() {
        return "bot.answered";
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        return event.event() instanceof MessageCreated created && created.message().direction() == Direction.OUTBOUND;
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        Message message = ((MessageCreated) event.event()).message();
        timers.cancelIfUnchangedSince(silenceTimer(message.conversationId()), message.createdAt());
        return List.of();
      }
    };
  }

  /**
   * Bot events as the delivery queue sends them: in the conversation's order, retried and given up
   * by the queue's one policy. A conversation handed off meanwhile drops its events; a bot that cannot
   * be reached (the queue gave up) or refuses an event for good is handed off.
   */
  public QueuedDelivery events() {
    return new QueuedDelivery() {
      @Override
      public Future<Done> send(Outbox.Entry entry) {
        return store.read(() -> pending(entry)).compose(pending -> pending.isEmpty() ? Future.succeededFuture(NOTHING)
            : webhooks.post(pending.get().bot().webhookUrl(), pending.get().bot().secret(), pending.get().event(), entry.id(),
                pending.get().payload()).map(NOTHING));
      }

      @Override
      public List<HubEvent> gaveUp(Outbox.Entry entry, String reason) {
        try {
          return handOff(entry.conversationId(), "the bot could not be reached: " + reason).events();
        } catch (ConflictException alreadyHandedOff) {
          return List.of();
        }
      }
    };
  }

  /** The event still to send: its bot still has the conversation. */
  private Optional<Pending> pending(Outbox.Entry entry) {
    return outbox.botEvent(entry.id()).flatMap(event -> bots.find(event.getString("botId"))
        .filter(bot -> conversations.find(entry.conversationId()).map(c -> bot.id().equals(c.botId())).orElse(false))
        .map(bot -> new Pending(bot, event.getString("event"), new JsonObject(event.getString("payload")))));
  }

  private record Pending(Bot bot, String event, JsonObject payload) {
  }

  /** The timer that hands a conversation off when its bot stays silent. */
  public static String silenceTimer(String conversationId) {
    return SILENCE.name() + ":" + conversationId;
  }
}
