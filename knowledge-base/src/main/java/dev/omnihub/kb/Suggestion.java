package dev.omnihub.kb;

/**
 * An article, or an earlier answer, found for a text.
 *
 * @param id      the article's id, or for an answer the conversation's
 * @param title   the article's title, or the question that was answered
 * @param snippet HTML: the body's (or answer's) best passages with the matched words in {@code <mark>},
 *                everything else escaped (safe to show as it is)
 * @param score   the {@link Confidence} that this is the answer, 0 to 1, on one scale for every query and
 *                language: a first result's score is the share of first results with that score that
 *                were right on the evaluation sets (0.7: right seven times in ten)
 */
public record Suggestion(Kind kind, String id, String title, String snippet, float score) {

  /** What was found. */
  public enum Kind {
    ARTICLE, ANSWER;

    /** As the API spells it. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One entry's key across kinds ({@code article:<id>}, {@code answer:<id>}). */
    public String key(String id) {
      return wire() + ":" + id;
    }
  }
}
