package dev.omnihub.kb;

/**
 * Turns a text into a sentence embedding, so that "money back" lands near "refund". Implementations
 * are thread-safe and blocking (call off any event loop).
 */
public interface TextEmbedder {

  /** No embeddings: the index ranks by words alone. */
  TextEmbedder NONE = new TextEmbedder() {
    @Override
    public String id() {
      return "none";
    }

    @Override
    public float[] embed(String text, String language) {
      return null;
    }
  };

  /**
   * Names the models: the index records it, and vectors of another model are not comparable, so an
   * index written with another one is indexed again.
   */
  String id();

  /**
   * The embedding of a text in a language ({@code en}, {@code zh}), or {@code null} when there is no
   * model for that language (its articles are then found by words alone).
   */
  float[] embed(String text, String language);

  /**
   * The least similarity (same scale) at which two questions ask the same thing ("where are my reward
   * points?", "my points balance was reset"), on Lucene's cosine scale, (1 + cos) / 2: well above
   * what merely shares a topic. Calibrated per model; above 1 when there is no model for the language.
   */
  default float sameQuestionFloor(String language) {
    return 2f;
  }
}
