package dev.omnihub.kb;

/** Which entries a search may return. */
public enum SearchScope {
  /** Customers' self-service: published articles. */
  PUBLISHED_ARTICLES,
  /** Agents' search: every article, drafts too (they may be writing one). */
  ALL_ARTICLES,
  /** Suggestions while an agent replies: published articles and earlier answers. */
  SUGGESTIONS,
  /** What a customer's message is about: published articles related in meaning, not just sharing a word. */
  MATCHING_ARTICLES;

  /** Whether entries must be related in meaning (the vector ranking found them), where vectors exist. */
  boolean needsMeaning() {
    return this == SUGGESTIONS || this == MATCHING_ARTICLES;
  }
}
