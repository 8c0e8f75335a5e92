package dev.omnihub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeIndexTest {

  @TempDir
  Path dir;

  @Test
  void findsArticlesThroughEnglishStemmingAndRanksTitleMatchesFirst() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir)) {
      index.put(new Article("a1", "Refund policy", "You can return items within 30 days.", "en", List.of("billing")));
      index.put(new Article("a2", "Shipping times", "Parcels arrive in 3 days; refund of shipping fees is possible.", "en", List.of()));
      index.put(new Article("a3", "Passwort ändern", "So ändern Sie Ihr Passwort.", "de", List.of()));

      List<Suggestion> hits = index.search("how do refunds work?", "en", 5);

      assertThat(hits).extracting(Suggestion::articleId).containsExactly("a1", "a2");
      assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }
  }

  @Test
  void keepsArticlesAcrossReopenAndReplacesById() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir)) {
      index.put(new Article("a1", "Old title", "old body", "en", List.of()));
      index.put(new Article("a1", "Opening hours", "We are open 9 to 5.", "en", List.of()));
    }
    try (KnowledgeIndex index = KnowledgeIndex.open(dir)) {
      assertThat(index.size()).isEqualTo(1);
      assertThat(index.search("open", "en", 5)).singleElement().satisfies(hit -> assertThat(hit.title()).isEqualTo("Opening hours"));
      index.remove("a1");
      assertThat(index.search("open", "en", 5)).isEmpty();
    }
  }

  @Test
  void treatsQuerySyntaxAsPlainText() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir)) {
      index.put(new Article("a1", "Login problems", "Reset your password", "en", List.of()));
      assertThat(index.search("password AND (\"unbalanced", "en", 5)).extracting(Suggestion::articleId).containsExactly("a1");
      assertThat(index.search("   ", "en", 5)).isEmpty();
    }
  }
}
