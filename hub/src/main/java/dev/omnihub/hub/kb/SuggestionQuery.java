package dev.omnihub.hub.kb;

import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the customer is asking now, as a search text: their latest turn (the messages since the last
 * reply to them; if they have not written since, the turn before it). Email text is already without
 * its quoted history; a call transcript contributes its customer's turns, not the agent's.
 */
public final class SuggestionQuery {

  /** The messages of one turn read at most; longer turns are cut at the oldest. */
  static final int MAX_MESSAGES = 3;
  static final int MAX_CHARS = 1_500;
  /** Speakers a transcript names for the customer; any other named speaker is staff. */
  private static final Set<String> CUSTOMER_SPEAKERS = Set.of("customer", "caller", "client", "visitor", "user");
  private static final Set<String> STAFF_SPEAKERS = Set.of("agent", "supervisor", "operator", "representative", "rep", "staff", "bot");

  private SuggestionQuery() {
  }

  /** The search text from a conversation's messages, newest first; empty when the customer said nothing. */
  public static String of(List<Message> newestFirst) {
    List<String> turn = new ArrayList<>();
    for (Message message : newestFirst) {
      if (message.direction() == Direction.OUTBOUND && !turn.isEmpty()) {
        break;
      }
      if (message.direction() == Direction.INBOUND) {
        String text = customerText(message);
        if (!text.isBlank()) {
          turn.add(text.strip());
        }
        if (turn.size() == MAX_MESSAGES) {
          break;
        }
      }
    }
    Collections.reverse(turn);
    String text = String.join("\n", turn);
    return text.length() <= MAX_CHARS ? text : text.substring(text.length() - MAX_CHARS);
  }

  /** A message's words from the customer: a transcript's customer turns, else the text. */
  static String customerText(Message message) {
    return customerText(message.text(), message.call());
  }

  /** The customer's words of a message's text and its call facts ({@code null} for no call). */
  static String customerText(String messageText, Map<?, ?> call) {
    if (call != null && call.get("segments") instanceof List<?> segments) {
      String from = call.get("from") instanceof String caller ? caller : null;
      List<String> spoken = new ArrayList<>();
      List<String> unlabelled = new ArrayList<>();
      for (Object item : segments) {
        if (!(item instanceof Map<?, ?> segment) || !(segment.get("text") instanceof String text)) {
          continue;
        }
        String speaker = String.valueOf(segment.get("speaker")).toLowerCase(Locale.ROOT);
        if (CUSTOMER_SPEAKERS.contains(speaker) || speaker.equals(from)) {
          spoken.add(text);
        } else if (!STAFF_SPEAKERS.contains(speaker)) {
          unlabelled.add(text);
        }
      }
      // Diarized transcripts (spk_0, spk_1) do not say who is who: then every non-staff turn counts.
      List<String> words = spoken.isEmpty() ? unlabelled : spoken;
      if (!words.isEmpty()) {
        return String.join("\n", words);
      }
    }
    return messageText == null ? "" : messageText;
  }
}
