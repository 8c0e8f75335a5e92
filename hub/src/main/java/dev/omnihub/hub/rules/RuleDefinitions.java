package dev.omnihub.hub.rules;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.canned.Placeholders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Rules as the API writes them ({@code POST /api/v1/rules}), checked field by field into the typed
 * model: an unknown event, field, operator or action, a value of the wrong kind, or a regular
 * expression that is slow on a hostile text is a 400 naming it. Which queues, agents, canned responses
 * and business hours it names exist is checked by the caller ({@link #references}). Runs off the event
 * loop (the regular expression is timed).
 */
public final class RuleDefinitions {

  /** What a rule's definition says, before it has an id. */
  public record Definition(String name, boolean enabled, Integer position, List<String> on, Duration idleFor, List<Condition> all,
      List<Condition> any, List<RuleAction> actions, boolean stop) {
  }

  /** Ids a rule names, for the caller to check ({@code field} is where, for the 400). */
  public record Reference(String kind, String id, String field) {
  }

  public static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
  private static final List<String> STATUSES = List.of("open", "pending", "resolved", "closed");
  private static final List<String> LANGUAGES = List.of("en", "zh");
  private static final List<String> ACTIONS = List.of("assign", "requireSkills", "setPriority", "addTags", "removeTags", "escalate",
      "reply", "note", "setStatus", "notify", "webhook");
  private static final int MAX_CONDITIONS = 50;
  private static final int MAX_ACTIONS = 20;
  private static final int MAX_TEXT = 10_000;
  private static final Pattern TAG = Pattern.compile("[^\\s,]{1,64}");

  private RuleDefinitions() {
  }

  /** Parses a definition given to the API (its regular expressions timed on hostile texts). */
  public static Definition parse(JsonInput body) {
    return parse(body, true);
  }

  /** Parses a stored definition, checked when it was saved (its regular expressions only compiled). */
  static Definition parseStored(JsonObject stored) {
    return parse(JsonInput.of(stored), false);
  }

  private static Definition parse(JsonInput body, boolean timePatterns) {
    String name = body.requiredString("name", 200).strip();
    if (name.isEmpty()) {
      throw InputRejectedException.invalid("name", "name must not be blank");
    }
    Boolean enabled = body.optionalBoolean("enabled");
    Integer position = body.optionalInt("position", 0, 1_000_000);
    List<String> on = body.optionalStringList("on", Rule.EVENTS.size(), 64);
    if (on == null || on.isEmpty()) {
      throw InputRejectedException.invalid("on", "on is required: the events the rule runs on, some of " + Rule.EVENTS);
    }
    for (int i = 0; i < on.size(); i++) {
      if (!Rule.EVENTS.contains(on.get(i))) {
        throw InputRejectedException.invalid("on[" + i + "]", "unknown event '" + on.get(i) + "'; events are " + Rule.EVENTS);
      }
    }
    Duration idleFor = idleFor(body, on.contains(Rule.IDLE));
    JsonInput conditions = body.optionalObject("conditions");
    List<Condition> all = List.of();
    List<Condition> any = List.of();
    if (conditions != null) {
      for (String key : conditions.raw().fieldNames()) {
        if (!key.equals("all") && !key.equals("any")) {
          throw InputRejectedException.invalid("conditions." + key, "conditions has all and any, not '" + key + "'");
        }
      }
      all = conditions(conditions, "all", timePatterns);
      any = conditions(conditions, "any", timePatterns);
    }
    List<JsonInput> given = body.optionalObjectList("actions");
    if (given == null || given.isEmpty()) {
      throw InputRejectedException.invalid("actions", "actions is required: what the rule does, one or more of " + ACTIONS);
    }
    if (given.size() > MAX_ACTIONS) {
      throw InputRejectedException.invalid("actions", "a rule has at most " + MAX_ACTIONS + " actions");
    }
    List<RuleAction> actions = new ArrayList<>();
    for (JsonInput action : given) {
      actions.add(action(action));
    }
    return new Definition(name, enabled == null || enabled, position, List.copyOf(on), idleFor, all, any, List.copyOf(actions),
        Boolean.TRUE.equals(body.optionalBoolean("stop")));
  }

  private static Duration idleFor(JsonInput body, boolean idle) {
    String text = body.optionalString("idleFor", 64);
    if (text == null) {
      if (idle) {
        throw InputRejectedException.invalid("idleFor", "a rule on conversation.idle needs idleFor, such as \"PT48H\"");
      }
      return null;
    }
    if (!idle) {
      throw InputRejectedException.invalid("idleFor", "idleFor is for rules on conversation.idle");
    }
    try {
      Duration duration = Duration.parse(text);
      if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
        throw InputRejectedException.invalid("idleFor", "idleFor must be at least a second");
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw InputRejectedException.invalid("idleFor", "idleFor must be an ISO-8601 duration such as PT48H, not '" + text + "'");
    }
  }

  private static List<Condition> conditions(JsonInput conditions, String list, boolean timePatterns) {
    List<JsonInput> given = conditions.optionalObjectList(list);
    if (given == null) {
      return List.of();
    }
    if (given.size() > MAX_CONDITIONS) {
      throw InputRejectedException.invalid(conditions.pathOf(list), "at most " + MAX_CONDITIONS + " conditions");
    }
    List<Condition> parsed = new ArrayList<>();
    for (JsonInput condition : given) {
      parsed.add(condition(condition, timePatterns));
    }
    return List.copyOf(parsed);
  }

  static Condition condition(JsonInput input, boolean timePatterns) {
    String field = input.requiredString("field", 200);
    if (!Condition.knownField(field)) {
      throw InputRejectedException.invalid(input.pathOf("field"), "unknown field '" + field + "'; fields are " + Condition.FIELDS
          + " and customer.attributes.<name>");
    }
    String opName = input.requiredString("op", 32);
    Condition.Op op = Condition.Op.parse(opName);
    if (op == null) {
      throw InputRejectedException.invalid(input.pathOf("op"), "unknown op '" + opName + "'; ops are " + Condition.Op.names());
    }
    Object value = input.raw().getValue("value");
    String where = input.pathOf("value");
    if (field.equals("businessHours.open")) {
      if ((op != Condition.Op.EQ && op != Condition.Op.NEQ) || !(value instanceof String)) {
        throw InputRejectedException.invalid(where, "businessHours.open takes eq (open now) or neq (closed now) with a business-hours id");
      }
      return new Condition(field, op, value, null);
    }
    return switch (op) {
      case EXISTS -> {
        if (value != null && !(value instanceof Boolean)) {
          throw InputRejectedException.invalid(where, "exists takes true (present) or false (absent)");
        }
        yield new Condition(field, op, value == null ? Boolean.TRUE : value, null);
      }
      case MATCHES -> {
        if (!(value instanceof String regex) || regex.isEmpty()) {
          throw InputRejectedException.invalid(where, "matches takes a regular expression");
        }
        try {
          yield new Condition(field, op, regex, timePatterns ? SafeRegex.compileChecked(regex) : SafeRegex.compile(regex));
        } catch (SafeRegex.Refused refused) {
          throw InputRejectedException.invalid("slow_pattern", where, refused.getMessage());
        }
      }
      case IN -> {
        if (!(value instanceof JsonArray values) || values.isEmpty() || values.size() > 500
            || values.stream().anyMatch(item -> !(item instanceof String || item instanceof Number || item instanceof Boolean))) {
          throw InputRejectedException.invalid(where, "in takes a list of 1 to 500 values (text, numbers, true or false)");
        }
        yield new Condition(field, op, List.copyOf(values.getList()), null);
      }
      case GTE, LTE -> {
        boolean byPriority = field.endsWith(".priority");
        if (byPriority ? !(value instanceof String priority && PRIORITIES.contains(priority)) : !(value instanceof Number)) {
          throw InputRejectedException.invalid(where, op.wireName() + " takes " + (byPriority ? "a priority " + PRIORITIES : "a number"));
        }
        yield new Condition(field, op, value, null);
      }
      case CONTAINS, NOT_CONTAINS -> {
        if (!(value instanceof String text) || text.isEmpty()) {
          throw InputRejectedException.invalid(where, op.wireName() + " takes a text");
        }
        yield new Condition(field, op, value, null);
      }
      case EQ, NEQ -> {
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
          throw InputRejectedException.invalid(where, op.wireName() + " takes a text, a number, true or false");
        }
        if (field.equals("message.language") && !LANGUAGES.contains(value)) {
          throw InputRejectedException.invalid(where, "message.language is one of " + LANGUAGES);
        }
        yield new Condition(field, op, value, null);
      }
    };
  }

  static RuleAction action(JsonInput action) {
    String type = action.requiredString("type", 32);
    return switch (type) {
      case "assign" -> {
        String queueId = action.optionalString("queueId", 64);
        String agentId = action.optionalString("agentId", 64);
        if (queueId == null && agentId == null) {
          throw InputRejectedException.invalid(action.pathOf("queueId"), "assign takes a queueId, an agentId or both");
        }
        yield new RuleAction.Assign(queueId, agentId);
      }
      case "requireSkills" -> new RuleAction.RequireSkills(requiredList(action, "skills"));
      case "setPriority" -> new RuleAction.SetPriority(requiredChoice(action, "priority", PRIORITIES));
      case "addTags", "removeTags" -> {
        List<String> tags = requiredList(action, "tags");
        for (int i = 0; i < tags.size(); i++) {
          if (!TAG.matcher(tags.get(i)).matches()) {
            throw InputRejectedException.invalid(action.pathOf("tags") + "[" + i + "]", "a tag is 1 to 64 characters without spaces or commas");
          }
        }
        yield new RuleAction.Tags(type.equals("addTags"), tags);
      }
      case "escalate" -> new RuleAction.Escalate(action.optionalString("reason", 1_000), action.optionalChoice("priority", PRIORITIES));
      case "reply" -> {
        String text = action.optionalString("text", MAX_TEXT);
        String canned = action.optionalString("cannedResponseId", 64);
        if ((text == null) == (canned == null)) {
          throw InputRejectedException.invalid(action.pathOf("text"), "reply takes a text or a cannedResponseId (one of them)");
        }
        yield new RuleAction.Reply(text == null ? null : text(action, text), canned);
      }
      case "note" -> new RuleAction.Note(text(action, action.requiredString("text", MAX_TEXT)));
      case "setStatus" -> new RuleAction.SetStatus(requiredChoice(action, "status", STATUSES));
      case "notify" -> new RuleAction.Notify(text(action, action.requiredString("text", 1_000)));
      case "webhook" -> new RuleAction.Webhook(url(action));
      default -> throw InputRejectedException.invalid(action.pathOf("type"), "unknown action '" + type + "'; actions are " + ACTIONS);
    };
  }

  private static List<String> requiredList(JsonInput action, String field) {
    List<String> values = action.optionalStringList(field, 50, 64);
    if (values == null || values.isEmpty()) {
      throw InputRejectedException.invalid(action.pathOf(field), action.pathOf(field) + " is required: a list of one or more");
    }
    return List.copyOf(values);
  }

  private static String requiredChoice(JsonInput action, String field, List<String> allowed) {
    String value = action.optionalChoice(field, allowed);
    if (value == null) {
      throw InputRejectedException.invalid(action.pathOf(field), action.pathOf(field) + " is required: one of " + allowed);
    }
    return value;
  }

  private static String text(JsonInput action, String text) {
    if (text.isBlank()) {
      throw InputRejectedException.invalid(action.pathOf("text"), action.pathOf("text") + " must not be blank");
    }
    String unknown = Placeholders.firstUnknown(text);
    if (unknown != null) {
      throw InputRejectedException.invalid(action.pathOf("text"), "unknown placeholder " + unknown);
    }
    return text.strip();
  }

  private static String url(JsonInput action) {
    String url = action.requiredString("url", 2_048).strip();
    try {
      URI uri = URI.create(url);
      if ((!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw InputRejectedException.invalid(action.pathOf("url"), action.pathOf("url") + " must be an http(s) URL");
    }
    return url;
  }

  /** The ids the definition names, each with the field to name in a 400 when it does not exist. */
  public static List<Reference> references(Definition definition) {
    List<Reference> references = new ArrayList<>();
    for (int i = 0; i < definition.actions().size(); i++) {
      String at = "actions[" + i + "].";
      switch (definition.actions().get(i)) {
        case RuleAction.Assign assign -> {
          if (assign.queueId() != null) {
            references.add(new Reference("queue", assign.queueId(), at + "queueId"));
          }
          if (assign.agentId() != null) {
            references.add(new Reference("agent", assign.agentId(), at + "agentId"));
          }
        }
        case RuleAction.Reply reply when reply.cannedResponseId() != null ->
            references.add(new Reference("canned response", reply.cannedResponseId(), at + "cannedResponseId"));
        default -> {
        }
      }
    }
    addHours(references, definition.all(), "conditions.all");
    addHours(references, definition.any(), "conditions.any");
    return references;
  }

  private static void addHours(List<Reference> references, List<Condition> conditions, String list) {
    for (int i = 0; i < conditions.size(); i++) {
      if (conditions.get(i).field().equals("businessHours.open")) {
        references.add(new Reference("business hours", (String) conditions.get(i).value(), list + "[" + i + "].value"));
      }
    }
  }

  /** A rule as the API shows it (its webhook secret only when asked: to its creator). */
  public static JsonObject view(Rule rule, boolean withSecret) {
    JsonObject conditions = new JsonObject().put("all", new JsonArray(rule.all().stream().map(Condition::toJson).toList()))
        .put("any", new JsonArray(rule.any().stream().map(Condition::toJson).toList()));
    JsonObject view = new JsonObject().put("id", rule.id()).put("name", rule.name()).put("enabled", rule.enabled())
        .put("position", rule.position()).put("on", new JsonArray(rule.on()))
        .put("idleFor", rule.idleFor() == null ? null : rule.idleFor().toString()).put("conditions", conditions)
        .put("actions", new JsonArray(rule.actions().stream().map(RuleAction::toJson).toList())).put("stop", rule.stop())
        .put("createdAt", rule.createdAt().toString()).put("updatedAt", rule.updatedAt().toString());
    if (withSecret) {
      view.put("secret", rule.secret());
    }
    return view;
  }
}
