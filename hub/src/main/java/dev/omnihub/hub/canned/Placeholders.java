package dev.omnihub.hub.canned;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{customer.name}}}-style placeholders in canned responses and rules' replies: the known ones
 * are checked when the text is saved (an unknown one is a typo that would reach a customer), and
 * filled in when it is sent. A value that is not known (a customer without a name) fills in as
 * nothing, and the spaces around it close up.
 */
public final class Placeholders {

  public static final List<String> KNOWN = List.of("customer.name", "customer.firstName", "agent.name", "ticket.number");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

  private Placeholders() {
  }

  /** The first placeholder that is not known, or {@code null} when all are. */
  public static String firstUnknown(String text) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      if (!KNOWN.contains(matcher.group(1))) {
        return matcher.group(0);
      }
    }
    return null;
  }

  /**
   * The text with each placeholder replaced by its value.
   *
   * @param values by placeholder name; a missing or {@code null} value fills in as nothing
   */
  public static String fill(String text, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      matcher.appendReplacement(filled, Matcher.quoteReplacement(value == null ? "" : value));
    }
    matcher.appendTail(filled);
    // "Hi {{customer.firstName}}, ..." for a customer without a name: "Hi, ...", not "Hi , ...".
    return filled.toString().replaceAll("[ \\t]+([,.!?;:])", "$1").replaceAll("[ \\t]{2,}", " ").strip();
  }

  /** The values a text can use: the customer's name, its first word, the agent's name, the ticket's number. */
  public static Map<String, String> values(String customerName, String agentName, Long ticketNumber) {
    String name = customerName == null || customerName.isBlank() ? null : customerName.strip();
    java.util.HashMap<String, String> values = new java.util.HashMap<>();
    values.put("customer.name", name);
    values.put("customer.firstName", name == null ? null : name.split("\\s+")[0]);
    values.put("agent.name", agentName);
    values.put("ticket.number", ticketNumber == null ? null : ticketNumber.toString());
    return values;
  }
}
