package dev.omnihub.adapters.voice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text of one WebVTT cue, split by its voice tags ({@code <v Name>}, {@code <v.class Name>}) into
 * what each speaker said. Other tags are dropped and the WebVTT character references decoded.
 */
final class VttCueText {

  /** Who said what in a cue; the text is never empty. */
  record Spoken(String speaker, String text) {
  }

  /** The references WebVTT defines; anything else after {@code &} is kept as written. */
  private static final Map<String, String> REFERENCES = Map.of(
      "amp", "&", "lt", "<", "gt", ">", "nbsp", "\u00A0", "lrm", "\u200E", "rlm", "\u200F");
  private static final Pattern WHITESPACE = Pattern.compile("[ \t\n\f\r]+");

  private VttCueText() {
  }

  /**
   * Splits a cue's text (its lines joined by {@code \n}). Text before the first voice tag, or in a cue
   * without one, is said by {@code speaker}: the speaker of the cue before. A voice tag without a name
   * ({@code <v>}) changes no one.
   */
  static List<Spoken> read(String cueText, String speaker) {
    List<Spoken> spoken = new ArrayList<>(1);
    StringBuilder text = new StringBuilder();
    String current = speaker;
    int position = 0;
    while (position < cueText.length()) {
      char c = cueText.charAt(position);
      if (c != '<') {
        text.append(c);
        position++;
        continue;
      }
      int close = cueText.indexOf('>', position);
      int end = close < 0 ? cueText.length() : close; // an unclosed tag runs to the end of the cue
      String voice = voiceOf(cueText.substring(position + 1, end));
      position = end + 1;
      if (voice != null && !voice.isEmpty()) {
        addIfSaid(spoken, current, text);
        text.setLength(0);
        current = voice;
      }
    }
    addIfSaid(spoken, current, text);
    return spoken;
  }

  /** The name in a voice start tag ({@code v Name}, {@code v.loud Name}), empty when it names no one; null for other tags. */
  private static String voiceOf(String tag) {
    if (tag.isEmpty() || tag.charAt(0) != 'v' || tag.length() > 1 && !isTagNameEnd(tag.charAt(1))) {
      return null;
    }
    int space = 1;
    while (space < tag.length() && !isWhitespace(tag.charAt(space))) {
      space++;
    }
    return clean(tag.substring(space));
  }

  private static boolean isTagNameEnd(char c) {
    return c == '.' || isWhitespace(c);
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }

  private static void addIfSaid(List<Spoken> spoken, String speaker, StringBuilder text) {
    String said = clean(text.toString());
    if (!said.isEmpty()) {
      spoken.add(new Spoken(speaker, said));
    }
  }

  /** Decoded, with line breaks and runs of whitespace made single spaces. */
  private static String clean(String raw) {
    return WHITESPACE.matcher(decodeReferences(raw)).replaceAll(" ").strip();
  }

  private static String decodeReferences(String raw) {
    if (raw.indexOf('&') < 0) {
      return raw;
    }
    StringBuilder decoded = new StringBuilder(raw.length());
    int position = 0;
    while (position < raw.length()) {
      char c = raw.charAt(position);
      int semicolon = c == '&' ? raw.indexOf(';', position) : -1;
      String replacement = semicolon > position && semicolon - position <= 5
          ? REFERENCES.get(raw.substring(position + 1, semicolon))
          : null;
      if (replacement == null) {
        decoded.append(c);
        position++;
      } else {
        decoded.append(replacement);
        position = semicolon + 1;
      }
    }
    return decoded.toString();
  }
}
