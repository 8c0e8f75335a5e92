package dev.omnihub.kb;

/** One ranked search hit: the article, a snippet of its body and Lucene's score. */
public record Suggestion(String articleId, String title, String snippet, float score) {
}
