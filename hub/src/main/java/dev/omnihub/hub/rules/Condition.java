package dev.omnihub.hub.rules;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code {field, op, value}}: one test of a rule, parsed and checked when the rule is saved.
 *
 * @param pattern the compiled expression of a {@code matches}, else {@code null}
 */
public record Condition(String field, Op op, Object value, Pattern pattern) {

  /** The fields a condition can test (and {@code customer.attributes.<name>}). */
  public static final List<String> FIELDS = List.of("message.text", "message.language", "conversation.channel", "conversation.channelId",
      "conversation.status", "conversation.priority", "conversation.tags", "conversation.queueId", "customer.tags",
      "customer.recentContacts", "ticket.priority", "ticket.escalationLevel", "businessHours.open",
      "csat.score");
  public static final String ATTRIBUTES = "customer.attributes.";

  public static boolean knownField(String field) {
    return FIELDS.contains(field) || (field.startsWith(ATTRIBUTES) && field.length() > ATTRIBUTES.length());
  }

  /** The operators, by their names in the API. */
  public enum Op {
    EQ("eq"), NEQ("neq"), CONTAINS("contains"), NOT_CONTAINS("notContains"), MATCHES("matches"), IN("in"), GTE("gte"), LTE("lte"),
    EXISTS("exists");

    private final String wireName;

    Op(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Op parse(String name) {
      for (Op op : values()) {
        if (op.wireName.equals(name)) {
          return op;
        }
      }
      return null;
    }

    public static List<String> names() {
      return java.util.Arrays.stream(values()).map(Op::wireName).toList();
    }
  }

  /** The condition as the API shows it. */
  public io.vertx.core.json.JsonObject toJson() {
    Object shown = value instanceof List<?> list ? new io.vertx.core.json.JsonArray(List.copyOf(list)) : value;
    return new io.vertx.core.json.JsonObject().put("field", field).put("op", op.wireName()).put("value", shown);
  }

  static String lower(Object value) {
    return String.valueOf(value).toLowerCase(Locale.ROOT);
  }
}
