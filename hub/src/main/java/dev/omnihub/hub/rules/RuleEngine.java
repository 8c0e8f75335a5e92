package dev.omnihub.hub.rules;

import dev.omnihub.hub.businesstime.BusinessCalendar;
import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.events.ConversationCreated;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.CsatReceived;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.LogWrite;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.events.Reaction;
import dev.omnihub.hub.events.SlaAlarmRaised;
import dev.omnihub.hub.events.TicketChanged;
import dev.omnihub.hub.ticket.SlaDefinitions;
import dev.omnihub.hub.ticket.SlaSettings;
import dev.omnihub.hub.timers.TimerHandler;
import dev.omnihub.hub.timers.TimerKind;
import dev.omnihub.hub.timers.TimerStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Runs the rules on the hub's events, once each is durable (a reaction): the rules listening to the
 * event, in order, each whose conditions hold applying its actions and, with {@code stop}, ending the
 * round. A rule applies once per event: its run is claimed in the store before it acts, so a reaction
 * run again after a crash does not act twice. What its actions cause (a status change, a ticket) is an
 * event the rules see in turn, down to {@value #MAX_DEPTH} levels; what the third level causes starts
 * no rules. {@code conversation.idle} comes from a durable timer per conversation, set on each message.
 */
public final class RuleEngine {

  /** A conversation without a message for a rule's {@code idleFor}. */
  public static final TimerKind IDLE = new TimerKind("rules.idle", 10);
  /** Levels of rules one outside event can set off: its own, and two more started by their actions. */
  static final int MAX_DEPTH = 3;
  private static final int DEPTHS_KEPT = 10_000;

  private final RuleBook book;
  private final RuleStore ruleStore;
  private final RuleActions actions;
  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final SlaSettings settings;
  private final TimerStore timers;
  private final PublishingStore store;
  private final Clock clock;
  private final Duration repeatContactWindow;
  private final MeterRegistry metrics;
  /** The rules' time per event, by the event's type ({@code omnihub_rules_evaluation_seconds{event}}). */
  private final Map<String, Timer> evaluation = new ConcurrentHashMap<>();
  /** The level of rules whose actions caused an event, until the event comes back through the log. */
  private final Map<HubEvent, Integer> causedAt = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<HubEvent, Integer> eldest) {
      return size() > DEPTHS_KEPT;
    }
  });
  private final Map<String, BusinessCalendar> calendars = new ConcurrentHashMap<>();

  /** What the engine reads and writes through. */
  public record Parts(RuleStore rules, ConversationStore conversations, CustomerStore customers, SlaSettings settings, TimerStore timers,
      PublishingStore store, Duration repeatContactWindow) {
  }

  RuleEngine(Parts parts, RuleActions actions, Clock clock, MeterRegistry metrics) {
    this.book = new RuleBook(parts.rules(), clock);
    this.ruleStore = parts.rules();
    this.repeatContactWindow = parts.repeatContactWindow();
    this.actions = actions;
    this.conversations = parts.conversations();
    this.customers = parts.customers();
    this.settings = parts.settings();
    this.timers = parts.timers();
    this.store = parts.store();
    this.clock = clock;
    this.metrics = metrics;
  }

  /** A rule was saved or deleted here. */
  public void rulesChanged() {
    book.changed();
  }

  /** The rule event an event is, or {@code null} when rules do not run on it. */
  static String ruleEvent(HubEvent event) {
    return switch (event) {
      case MessageCreated created -> isCustomers(created.message()) ? "message.created" : null;
      case ConversationCreated created -> "conversation.created";
      // An agent's read is no change of the conversation a rule could act on.
      case ConversationUpdated updated -> updated.onlyRead() ? null : "conversation.updated";
      // Due times a message moved are no change of the ticket a rule could act on (the message itself is the event).
      case TicketChanged changed -> changed.clocksOnly() ? null : changed.type();
      case SlaAlarmRaised alarm -> alarm.type();
      case CsatReceived answered -> answered.type();
      case null, default -> null;
    };
  }

  private static boolean isCustomers(Message message) {
    return message.direction() == Direction.INBOUND && Author.CUSTOMER.equals(message.author().type());
  }

  /** A message to or from the customer: it restarts the idle clock. */
  private static boolean isExchanged(HubEvent event) {
    return event instanceof MessageCreated created
        && (created.message().direction() == Direction.INBOUND || created.message().direction() == Direction.OUTBOUND);
  }

  public Reaction reaction() {
    return new Reaction() {
      @Override
      public String name() {
        return "rules";
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        String type = ruleEvent(event.event());
        if (type == null && !isExchanged(event.event())) {
          return false;
        }
        List<Rule> known = book.lastRead();
        return known == null || known.stream().anyMatch(rule -> rule.listensTo(type == null ? Rule.IDLE : type)
            || (isExchanged(event.event()) && rule.listensTo(Rule.IDLE)));
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        throw new IllegalStateException("rules write messages: they run with the write's log");
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event, LogWrite write) {
        return RuleEngine.this.react(event, write);
      }
    };
  }

  private List<HubEvent> react(EventLog.Logged logged, LogWrite write) {
    long started = System.nanoTime();
    String measured = ruleEvent(logged.event());
    try {
      HubEvent event = logged.event();
      Integer caused = causedAt.remove(event);
      int depth = caused == null ? 0 : caused;
      List<Rule> rules = book.current();
      if (isExchanged(event)) {
        scheduleIdle((MessageCreated) event, rules);
      }
      String type = ruleEvent(event);
      if (type == null || depth >= MAX_DEPTH || rules.stream().noneMatch(rule -> rule.listensTo(type))) {
        return List.of();
      }
      Optional<Conversation> conversation = conversations.find(logged.conversationId());
      if (conversation.isEmpty()) {
        return List.of();
      }
      Message message = event instanceof MessageCreated created ? created.message() : null;
      List<HubEvent> events = run(rules, type, logged.token(), conversation.get(), message, write, rule -> true);
      events.forEach(result -> causedAt.put(result, depth + 1));
      return events;
    } finally {
      timer(measured == null ? "message.exchanged" : measured).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /** The timer of one kind of event ({@code message.exchanged}: a message that only restarts the idle clock). */
  private Timer timer(String event) {
    return evaluation.computeIfAbsent(event, type -> Timer.builder("omnihub.rules.evaluation").tag("event", type)
        .description("Time the rules take for one event, actions included").publishPercentiles(0.5, 0.99).register(metrics));
  }

  /** The rules on the event, in order: each that holds acts (once for this event), and one with {@code stop} ends the round. */
  private List<HubEvent> run(List<Rule> rules, String type, String eventKey, Conversation conversation, Message message, LogWrite write,
      Predicate<Rule> also) {
    RuleFacts facts = facts(type, conversation, message);
    List<HubEvent> events = new ArrayList<>();
    for (Rule rule : rules) {
      if (!rule.listensTo(type) || !also.test(rule) || !holds(rule, facts)) {
        continue;
      }
      if (ruleStore.claimRun(rule.id(), eventKey, clock.instant())) {
        events.addAll(actions.apply(rule, facts, rule.id() + "|" + eventKey, write));
      }
      if (rule.stop()) {
        break;
      }
    }
    return events;
  }

  /** Whether all of {@code all} and, if there are any, one of {@code any} hold. */
  static boolean holds(Rule rule, RuleFacts facts) {
    return rule.all().stream().allMatch(facts::holds) && (rule.any().isEmpty() || rule.any().stream().anyMatch(facts::holds));
  }

  private RuleFacts facts(String type, Conversation conversation, Message message) {
    return new RuleFacts(type, conversation, message, () -> customers.find(conversation.customerId()),
        customerId -> conversations.contactsSince(customerId, clock.instant().minus(repeatContactWindow)), this::hoursOpen);
  }

  private boolean hoursOpen(String hoursId) {
    BusinessCalendar calendar = calendars.computeIfAbsent(hoursId, id -> settings.businessHours(id).map(SlaDefinitions::calendar)
        .orElse(null));
    return calendar != null && calendar.isOpen(clock.instant());
  }

  /** The conversation's idle clock starts again from this message, for the shortest idleFor of the rules. */
  private void scheduleIdle(MessageCreated created, List<Rule> rules) {
    rules.stream().filter(rule -> rule.listensTo(Rule.IDLE)).map(Rule::idleFor).min(Duration::compareTo).ifPresent(shortest ->
        timers.schedule(idleTimer(created.message().conversationId()), IDLE, created.message().conversationId(),
            created.message().createdAt().plus(shortest), clock.instant()));
  }

  static String idleTimer(String conversationId) {
    return IDLE.name() + ":" + conversationId;
  }

  /**
   * The idle timer: runs the idle rules whose {@code idleFor} has passed since the conversation's last
   * message (once for that quiet spell: the run is keyed by the last message's time), and waits for the
   * next rule's, if any.
   */
  public TimerHandler idleTimer() {
    return timer -> store.writeAndPublish(write -> {
      Instant now = clock.instant();
      Optional<Conversation> found = conversations.find(timer.subjectId());
      List<Rule> idleRules = book.current().stream().filter(rule -> rule.listensTo(Rule.IDLE)).toList();
      if (found.isEmpty() || idleRules.isEmpty()
          || (found.get().status() != ConversationStatus.OPEN && found.get().status() != ConversationStatus.PENDING)) {
        return Outcome.of(TimerHandler.Rerun.ifChanged(now));
      }
      Conversation conversation = found.get();
      Instant last = conversation.lastMessageAt() != null ? conversation.lastMessageAt() : conversation.createdAt();
      Duration quiet = Duration.between(last, now);
      List<HubEvent> events = run(idleRules, Rule.IDLE, "idle:" + last.toEpochMilli(), conversation, null, write,
          rule -> rule.idleFor().compareTo(quiet) <= 0);
      events.forEach(result -> causedAt.put(result, 1));
      Instant next = idleRules.stream().map(rule -> last.plus(rule.idleFor())).filter(at -> at.isAfter(now)).min(Instant::compareTo)
          .orElse(null);
      return new Outcome<>(next == null ? TimerHandler.Rerun.ifChanged(now) : TimerHandler.Rerun.at(next), events);
    });
  }

  /**
   * What the rule would do to the conversation now, changing nothing: whether it holds (each condition
   * with the value it saw) and its actions, texts filled in.
   */
  public JsonObject dryRun(Rule rule, Conversation conversation, Message lastCustomerMessage) {
    RuleFacts facts = facts(rule.on().get(0), conversation, lastCustomerMessage);
    JsonArray conditions = new JsonArray();
    for (Condition condition : rule.all()) {
      conditions.add(explain(condition, facts, "all"));
    }
    for (Condition condition : rule.any()) {
      conditions.add(explain(condition, facts, "any"));
    }
    boolean matches = rule.enabled() && holds(rule, facts);
    JsonArray planned = new JsonArray();
    if (matches) {
      rule.actions().forEach(action -> planned.add(action.toJson()));
    }
    return new JsonObject().put("matches", matches).put("enabled", rule.enabled()).put("conditions", conditions).put("actions", planned);
  }

  private static JsonObject explain(Condition condition, RuleFacts facts, String list) {
    Object actual = condition.field().equals("businessHours.open") ? null : facts.value(condition.field());
    Object shown = actual instanceof List<?> values ? new JsonArray(List.copyOf(values)) : actual;
    return condition.toJson().put("in", list).put("actual", shown).put("holds", facts.holds(condition));
  }
}
