package dev.omnihub.hub.kb;

import java.time.Instant;
import java.util.List;

/**
 * A knowledge-base article as the store keeps it.
 *
 * @param status  {@code draft} or {@code published}: only published articles reach customers
 * @param version raised by every change; the Lucene index records the version it indexed
 */
public record KbArticle(String id, String title, String body, String locale, List<String> tags, String status, long version,
    Instant createdAt, Instant updatedAt) {

  public static final String DRAFT = "draft";
  public static final String PUBLISHED = "published";

  public boolean published() {
    return PUBLISHED.equals(status);
  }

  /** The article as the index library takes it: the words of its Markdown, not its marks. */
  public dev.omnihub.kb.Article forIndex() {
    return new dev.omnihub.kb.Article(id, title, ArticleMarkdown.text(body), locale, tags);
  }
}
