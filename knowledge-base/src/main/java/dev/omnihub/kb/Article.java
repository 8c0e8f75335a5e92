package dev.omnihub.kb;

import java.util.List;
import java.util.Objects;

/**
 * A help article as the index sees it.
 *
 * @param locale a BCP 47 language tag such as {@code en} or {@code zh-CN}; decides the analyzer
 */
public record Article(String id, String title, String body, String locale, List<String> tags) {
  public Article {
    Objects.requireNonNull(id, "id");
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("article " + id + " needs a title");
    }
    body = body == null ? "" : body;
    locale = locale == null || locale.isBlank() ? "en" : locale;
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
