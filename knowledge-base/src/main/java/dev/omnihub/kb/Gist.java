package dev.omnihub.kb;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What of a long customer message is embedded: its first sentences and its last one (customers tell
 * the story first and ask last: "... It's now the 20th and I still haven't seen a cent. How long is
 * this supposed to take?"), up to a length. An embedding costs time in proportion to its text, and a
 * long message's middle adds little to what it asks.
 */
final class Gist {

  private Gist() {
  }

  /** The text itself when short enough, else its first sentences and its last within {@code maxChars}. */
  static String of(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ROOT);
    boundaries.setText(text);
    List<String> sentences = new ArrayList<>();
    for (int start = boundaries.first(), end = boundaries.next(); end != BreakIterator.DONE; start = end, end = boundaries.next()) {
      String sentence = text.substring(start, end).strip();
      if (!sentence.isEmpty()) {
        sentences.add(sentence);
      }
    }
    String last = sentences.getLast();
    if (sentences.size() == 1 || last.length() >= maxChars) {
      return text.substring(0, maxChars);
    }
    StringBuilder gist = new StringBuilder();
    for (String sentence : sentences.subList(0, sentences.size() - 1)) {
      if (gist.length() + sentence.length() + last.length() + 2 > maxChars) {
        break;
      }
      gist.append(sentence).append(' ');
    }
    return gist.append(last).toString();
  }
}
