package dev.omnihub.hub.rules;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.kb.Analyzers;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a rule's conditions look at for one event: the conversation as it is now, the customer's
 * message that started the round (if any), and, read only when a condition asks, the customer, their
 * recent contacts and whether business hours are open.
 */
final class RuleFacts {

  private final String event;
  private Conversation conversation;
  private final Message message;
  private final Supplier<Optional<Customer>> customerSource;
  private final Function<String, Integer> contactsOfCustomer;
  private final Function<String, Boolean> hoursOpen;
  private Optional<Customer> customer;
  private Integer recentContacts;

  RuleFacts(String event, Conversation conversation, Message message, Supplier<Optional<Customer>> customer,
      Function<String, Integer> contactsOfCustomer, Function<String, Boolean> hoursOpen) {
    this.event = event;
    this.conversation = conversation;
    this.message = message;
    this.customerSource = customer;
    this.contactsOfCustomer = contactsOfCustomer;
    this.hoursOpen = hoursOpen;
  }

  String event() {
    return event;
  }

  Conversation conversation() {
    return conversation;
  }

  Message message() {
    return message;
  }

  /** The conversation after a rule changed it, for the rules after it. */
  void changed(Conversation after) {
    this.conversation = after;
  }

  Optional<Customer> customer() {
    if (customer == null) {
      customer = customerSource.get();
    }
    return customer;
  }

  /** Whether the condition holds for these facts. */
  boolean holds(Condition condition) {
    if (condition.field().equals("businessHours.open")) {
      boolean open = hoursOpen.apply((String) condition.value());
      return condition.op() == Condition.Op.EQ ? open : !open;
    }
    Object actual = value(condition.field());
    Object wanted = condition.value();
    return switch (condition.op()) {
      case EXISTS -> present(actual) == Boolean.TRUE.equals(wanted);
      case EQ -> equal(actual, wanted);
      case NEQ -> !equal(actual, wanted);
      case CONTAINS -> contains(actual, (String) wanted);
      case NOT_CONTAINS -> !contains(actual, (String) wanted);
      case MATCHES -> actual instanceof List<?> list ? list.stream().anyMatch(item -> SafeRegex.finds(condition.pattern(), String.valueOf(item)))
          : actual != null && SafeRegex.finds(condition.pattern(), String.valueOf(actual));
      case IN -> ((List<?>) wanted).stream().anyMatch(option -> equal(actual, option));
      case GTE -> compare(condition.field(), actual, wanted) >= 0;
      case LTE -> {
        int compared = compare(condition.field(), actual, wanted);
        yield compared != Integer.MIN_VALUE && compared <= 0;
      }
    };
  }

  /** The value a field has now; {@code null} when it has none. */
  Object value(String field) {
    if (field.startsWith(Condition.ATTRIBUTES)) {
      return customer().map(found -> found.attributes().get(field.substring(Condition.ATTRIBUTES.length()))).orElse(null);
    }
    return switch (field) {
      case "message.text" -> message == null ? null : message.text();
      case "message.language" -> message == null || message.text() == null ? null : Analyzers.queryLanguage(message.text(), null);
      case "conversation.channel" -> conversation.capacityType();
      case "conversation.channelId" -> conversation.lastChannelId();
      case "conversation.status" -> conversation.status().wireName();
      case "conversation.priority" -> conversation.priority();
      case "conversation.tags" -> conversation.tags();
      case "conversation.queueId" -> conversation.queueId();
      case "customer.tags" -> customer().map(Customer::tags).orElse(List.of());
      case "customer.recentContacts" -> recentContacts();
      case "ticket.priority" -> conversation.ticket() == null ? null : conversation.ticket().priority();
      case "ticket.escalationLevel" -> conversation.ticket() == null ? null : conversation.ticket().escalationLevel();
      case "csat.score" -> conversation.csat() == null ? null : conversation.csat().score();
      default -> null;
    };
  }

  private int recentContacts() {
    if (recentContacts == null) {
      recentContacts = contactsOfCustomer.apply(conversation.customerId());
    }
    return recentContacts;
  }

  private static boolean present(Object value) {
    return value != null && !(value instanceof String text && text.isEmpty()) && !(value instanceof List<?> list && list.isEmpty())
        && !(value instanceof Map<?, ?> map && map.isEmpty());
  }

  private static boolean equal(Object actual, Object wanted) {
    if (actual instanceof List<?> list) {
      return list.stream().anyMatch(item -> equal(item, wanted));
    }
    if (actual instanceof Number number && wanted instanceof Number other) {
      return Double.compare(number.doubleValue(), other.doubleValue()) == 0;
    }
    if (actual instanceof String text && wanted instanceof String other) {
      return text.equalsIgnoreCase(other);
    }
    return actual != null && String.valueOf(actual).equalsIgnoreCase(String.valueOf(wanted));
  }

  private static boolean contains(Object actual, String wanted) {
    if (actual instanceof List<?> list) {
      return list.stream().anyMatch(item -> equal(item, wanted));
    }
    return actual != null && Condition.lower(actual).contains(wanted.toLowerCase(Locale.ROOT));
  }

  /** The order of the field's value against the wanted one; {@link Integer#MIN_VALUE} when it has none (neither gte nor lte). */
  private static int compare(String field, Object actual, Object wanted) {
    if (field.endsWith(".priority")) {
      int rank = RuleDefinitions.PRIORITIES.indexOf(actual);
      return rank < 0 ? Integer.MIN_VALUE : Integer.compare(rank, RuleDefinitions.PRIORITIES.indexOf(wanted));
    }
    if (!(actual instanceof Number number)) {
      return Integer.MIN_VALUE;
    }
    return Double.compare(number.doubleValue(), ((Number) wanted).doubleValue());
  }
}
