package dev.omnihub.kb;

import java.util.Map;

/**
 * How likely a candidate is the article that answers a query: a logistic model of its {@link Evidence}
 * (cosine to the whole entry and to its best section, share of the query's words it holds, relative BM25),
 * fitted per language on the evaluation sets (the project's first set and the customer-style set's
 * dev part; {@code ./omnihub bench --kb-fit} fits it again). Its weights were fitted in two steps: the
 * ranking (which candidate is the answer, fitted over each query's candidates together) and then the
 * scale (Platt scaling of the first result against whether it was right, off-topic messages counted
 * as wrong). So a first result's confidence is the share of first results with that confidence that
 * were right (a 0.7 is right about seven times in ten), the same scale for every query and language;
 * a lower result carries the confidence it would have as first. Ranking by it is ranking by the
 * model.
 */
public final class Confidence {

  /**
   * Below this a first result is a guess, and customer-facing searches (the help center's
   * self-service search, suggestions while an agent replies, trending questions' articles) say
   * nothing: on the customer-style dev set every English and 7 of 8 Chinese off-topic messages come
   * out below it, while 94 % of English and 95 % of Chinese answerable messages keep their right first
   * result (README, "Knowledge base").
   */
  public static final double CUSTOMER_FLOOR = 0.3;
  /**
   * Below this a candidate is not related at all (a nearest neighbour of an unrelated text, or one
   * shared common word): no search shows it. On the dev set it keeps every right article that was in
   * the first three, and leaves 9 of 14 English off-topic messages with nothing even in agents' search.
   */
  public static final double RELATED_FLOOR = 0.05;

  /** Weights of bias, cosine, best section's cosine, word coverage, relative BM25 score. */
  private record Weights(double bias, double cosine, double section, double coverage, double lexical) {
    double logit(Evidence evidence) {
      return bias + cosine * evidence.cosine() + section * evidence.section() + coverage * evidence.coverage()
          + lexical * evidence.lexical();
    }
  }

  /** With embeddings, per language; English's serve languages without a fit of their own. */
  private static final Map<String, Weights> MEANING = Map.of(
      "en", new Weights(-4.48, 4.46, 6.08, 3.05, 0.09),
      "zh", new Weights(-8.00, 8.39, 6.70, 2.44, 0.54));
  /** Without embeddings (none configured, or no model for the language): words only. */
  private static final Map<String, Weights> WORDS = Map.of(
      "en", new Weights(-4.81, 0, 0, 7.72, 2.58),
      "zh", new Weights(-4.03, 0, 0, 6.02, 2.82));

  private Confidence() {
  }

  /**
   * The chance, from 0 to 1, that a candidate is the answer.
   *
   * @param embedded whether the cosine is known (the query and the entry have embeddings)
   */
  static double of(Evidence evidence, String language, boolean embedded) {
    Map<String, Weights> model = embedded ? MEANING : WORDS;
    Weights weights = model.getOrDefault(language, model.get("en"));
    return 1 / (1 + Math.exp(-weights.logit(evidence)));
  }
}
