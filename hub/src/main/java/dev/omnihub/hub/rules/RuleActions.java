package dev.omnihub.hub.rules;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.audit.AuditLog;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.canned.CannedReplies;
import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.events.AlertRaised;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.LogWrite;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.kb.AlertStore;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.routing.ManualAssignments;
import dev.omnihub.hub.routing.RoutedConversations;
import dev.omnihub.hub.service.AssignmentChange;
import dev.omnihub.hub.service.ConversationService;
import dev.omnihub.hub.service.SystemLines;
import dev.omnihub.hub.ticket.TicketDesk;
import dev.omnihub.hub.ticket.TicketStore;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Does what a rule's actions say, each through the service a person's action goes through (so routing,
 * tickets and deliveries behave the same), in the rule's name: every action taken leaves a system line
 * naming the rule and an audit entry. A reply is never sent to an automatic reply or a bot, and at most
 * once a day per rule and conversation. An action that cannot be done (its queue was deleted, the
 * customer opted out) says so in a system line and the others go on. Blocking: inside the rules' write.
 */
public final class RuleActions {

  /** Delivery kind of a rule's webhook calls ({@link RuleWebhooks}). */
  static final String WEBHOOK_KIND = "rule.webhook";
  private static final int ATTEMPTS = 5;

  /** What the services a rule's actions go through. */
  public record Services(ManualAssignments manual, RoutedConversations routed, ConversationStore conversations, TicketDesk desk,
      ConversationService conversationService, CannedReplies canned, AlertStore alerts, Outbox outbox, SystemLines lines, AuditLog audit,
      RuleStore rules) {
  }

  private final Services services;
  private final Clock clock;

  RuleActions(Services services, Clock clock) {
    this.services = services;
    this.clock = clock;
  }

  /** The principal a rule acts as: its lines and messages are the system's, named after it. */
  static Principal actor(Rule rule) {
    return new Principal(Principal.SYSTEM, "rule:" + rule.id(), "Rule '" + rule.name() + "'", List.of(Role.ADMIN));
  }

  /**
   * Does the rule's actions for the event, in order.
   *
   * @param runKey the rule's run for this event, which keys its audit entries and webhook calls
   */
  List<HubEvent> apply(Rule rule, RuleFacts facts, String runKey, LogWrite write) {
    List<HubEvent> events = new ArrayList<>();
    Principal actor = actor(rule);
    for (int i = 0; i < rule.actions().size(); i++) {
      RuleAction action = rule.actions().get(i);
      Outcome<String> done;
      try {
        done = apply(rule, action, facts, actor, runKey + ":" + i, write);
      } catch (NotFoundException | ConflictException | InputRejectedException refused) {
        done = new Outcome<>(null, line(facts, actor, actor.name() + " could not " + verb(action) + ": " + refused.getMessage()));
      }
      events.addAll(done.events());
      if (done.value() != null) {
        // Under the customer, as the audit trail files what concerns a person (and erasure finds it).
        services.audit().record(runKey + ":" + i, "rule.action", facts.conversation().customerId(), actor.actor(),
            new Document("ruleId", rule.id()).append("rule", rule.name()).append("event", facts.event())
                .append("conversationId", facts.conversation().id()).append("action", Document.parse(action.toJson().encode()))
                .append("did", done.value()));
      }
      services.conversations().find(facts.conversation().id()).ifPresent(facts::changed);
    }
    return events;
  }

  /** @return what it did (for the audit; {@code null} when it did nothing) and its events */
  private Outcome<String> apply(Rule rule, RuleAction action, RuleFacts facts, Principal actor, String key, LogWrite write) {
    Conversation conversation = facts.conversation();
    return switch (action) {
      case RuleAction.Assign assign -> {
        Outcome<Conversation> assigned = services.manual().assign(conversation.id(), new AssignmentChange(assign.agentId() != null,
            assign.agentId(), assign.queueId() != null, assign.queueId()), actor, rule.id());
        yield new Outcome<>("assigned" + (assign.agentId() != null ? " to agent " + assign.agentId() : "")
            + (assign.queueId() != null ? " in queue " + assign.queueId() : ""), assigned.events());
      }
      case RuleAction.SetPriority priority -> routed(facts, actor, priority.priority(), null, "set the priority to " + priority.priority());
      case RuleAction.RequireSkills skills -> routed(facts, actor, null, skills.skills(), "required the skills " + String.join(", ",
          skills.skills()));
      case RuleAction.Tags tags -> {
        Optional<Conversation> retagged = services.conversations().retag(conversation.id(), tags.add() ? tags.tags() : List.of(),
            tags.add() ? List.of() : tags.tags());
        if (retagged.isEmpty()) {
          yield Outcome.of(null);
        }
        String did = (tags.add() ? "added the tags " : "removed the tags ") + String.join(", ", tags.tags());
        List<HubEvent> events = new ArrayList<>(List.of(new ConversationUpdated(retagged.get(), List.of("tags"), conversation.assigneeId())));
        events.addAll(line(retagged.get(), actor, actor.name() + " " + did));
        yield new Outcome<>(did, events);
      }
      case RuleAction.Escalate escalate -> {
        Outcome<TicketStore.Escalated> escalated = services.desk().escalate(conversation, new TicketStore.Escalation(escalate.priority(),
            escalate.reason(), null, null), actor.actor());
        String did = (escalated.value().created() ? "escalated the conversation to ticket #" : "raised ticket #")
            + escalated.value().ticket().number();
        List<HubEvent> events = new ArrayList<>(escalated.events());
        events.addAll(line(facts, actor, actor.name() + " " + did));
        yield new Outcome<>(did, events);
      }
      case RuleAction.Reply reply -> reply(rule, reply, facts, actor, write);
      case RuleAction.Note note -> {
        String text = services.canned().fill(note.text(), conversation, actor.name());
        List<HubEvent> events = new ArrayList<>(services.conversationService().note(conversation.id(), text, actor, write).events());
        events.addAll(line(facts, actor, actor.name() + " wrote a note"));
        yield new Outcome<>("wrote a note", events);
      }
      case RuleAction.SetStatus status -> {
        ConversationStatus wanted = ConversationStatus.parse(status.status(), "status");
        if (conversation.status() == wanted) {
          yield Outcome.of(null);
        }
        yield new Outcome<>("set the status to " + status.status(),
            services.conversationService().changeStatus(conversation.id(), wanted, null, actor).events());
      }
      case RuleAction.Notify notify -> {
        String text = services.canned().fill(notify.text(), conversation, actor.name());
        JsonObject alert = services.alerts().ruleNotice(text, rule.id(), conversation.id(), conversation.customerId(), clock.instant());
        List<HubEvent> events = new ArrayList<>(List.of(new AlertRaised(alert)));
        events.addAll(line(facts, actor, actor.name() + " notified the supervisors: " + text));
        yield new Outcome<>("notified the supervisors", events);
      }
      case RuleAction.Webhook webhook -> {
        JsonObject payload = new JsonObject().put("event", facts.event()).put("rule", new JsonObject().put("id", rule.id()).put("name", rule.name()))
            .put("conversation", Views.conversation(conversation)).put("message", facts.message() == null ? null : Views.message(facts.message()));
        services.outbox().enqueue(key, WEBHOOK_KIND, conversation.id(), new Document("ruleId", rule.id()).append("url", webhook.url())
            .append("event", "rule." + facts.event()).append("payload", payload.encode()), clock.instant());
        yield new Outcome<>("called " + webhook.url(), line(facts, actor, actor.name() + " called its webhook " + host(webhook.url())));
      }
    };
  }

  /**
   * A reply to the customer, unless what started the round was an automatic reply or a bot's, a bot
   * has the conversation, or the rule replied there within the last day: each of those would start
   * (or feed) a loop of automatic messages.
   */
  private Outcome<String> reply(Rule rule, RuleAction.Reply reply, RuleFacts facts, Principal actor, LogWrite write) {
    Conversation conversation = facts.conversation();
    Message trigger = facts.message();
    boolean automatic = trigger != null && ("true".equals(trigger.fact("automated")) || !Author.CUSTOMER.equals(trigger.author().type()));
    if (automatic || conversation.botId() != null || !services.rules().claimReply(rule.id(), conversation.id(), clock.instant())) {
      return Outcome.of(null);
    }
    String text = reply.text() != null ? services.canned().fill(reply.text(), conversation, actor.name())
        : services.canned().filled(reply.cannedResponseId(), conversation, actor.name(), "cannedResponseId");
    List<HubEvent> events = new ArrayList<>(services.conversationService().reply(conversation.id(), text, null, actor, write).events());
    events.addAll(line(facts, actor, actor.name() + " replied to the customer"));
    return new Outcome<>("replied to the customer", events);
  }

  private Outcome<String> routed(RuleFacts facts, Principal actor, String priority, List<String> skills, String did) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Conversation read = services.routed().find(facts.conversation().id())
          .orElseThrow(() -> new NotFoundException("conversation", facts.conversation().id()));
      if ((priority == null || priority.equals(read.priority())) && (skills == null || skills.equals(read.routing().requiredSkills()))) {
        return Outcome.of(null);
      }
      Optional<Conversation> after = services.routed().require(read, priority, skills, clock.instant());
      if (after.isPresent()) {
        List<HubEvent> events = new ArrayList<>(List.of(new ConversationUpdated(after.get(), List.of(priority != null ? "priority" : "skills"),
            read.assigneeId())));
        events.addAll(line(after.get(), actor, actor.name() + " " + did));
        return new Outcome<>(did, events);
      }
    }
    throw new ConflictException("busy", "the conversation kept changing");
  }

  private List<HubEvent> line(RuleFacts facts, Principal actor, String text) {
    return line(services.conversations().find(facts.conversation().id()).orElse(facts.conversation()), actor, text);
  }

  private List<HubEvent> line(Conversation conversation, Principal actor, String text) {
    return services.lines().write(conversation, text, actor).events();
  }

  private static String verb(RuleAction action) {
    return switch (action) {
      case RuleAction.Assign assign -> "assign the conversation";
      case RuleAction.SetPriority priority -> "set the priority";
      case RuleAction.RequireSkills skills -> "require skills";
      case RuleAction.Tags tags -> "change the tags";
      case RuleAction.Escalate escalate -> "escalate";
      case RuleAction.Reply reply -> "reply";
      case RuleAction.Note note -> "write a note";
      case RuleAction.SetStatus status -> "change the status";
      case RuleAction.Notify notify -> "notify the supervisors";
      case RuleAction.Webhook webhook -> "call its webhook";
    };
  }

  private static String host(String url) {
    try {
      return java.net.URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return url;
    }
  }
}
