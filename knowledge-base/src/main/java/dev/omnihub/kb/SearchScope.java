package dev.omnihub.kb;

/** Which entries a search may return, and whether it may answer with a guess. */
public enum SearchScope {
  /** Customers' self-service: published articles, nothing when none fits. */
  PUBLISHED_ARTICLES,
  /** Agents' search: every article, drafts too (they may be writing one), weak matches too with their low confidence. */
  ALL_ARTICLES,
  /** Suggestions while an agent replies: published articles and earlier answers, nothing when none fits. */
  SUGGESTIONS,
  /** What a customer's message is about: published articles, nothing when none fits. */
  MATCHING_ARTICLES;

  /**
   * The least {@link Confidence} a first result needs for this scope to answer at all: the {@link
   * Confidence#CUSTOMER_FLOOR} where the results are offered unasked or to customers (off-topic text
   * gets an empty list), the {@link Confidence#RELATED_FLOOR} for agents' search, which shows weak
   * matches with honest low scores.
   */
  public double floor() {
    return this == ALL_ARTICLES ? Confidence.RELATED_FLOOR : Confidence.CUSTOMER_FLOOR;
  }

  /**
   * The least {@link Confidence} of any result after the first: customers see only confident
   * articles; agents (suggestions, search) also see related ones, since the right article is often
   * second or third among near neighbours.
   */
  public double hitFloor() {
    return this == PUBLISHED_ARTICLES ? Confidence.CUSTOMER_FLOOR : Confidence.RELATED_FLOOR;
  }
}
