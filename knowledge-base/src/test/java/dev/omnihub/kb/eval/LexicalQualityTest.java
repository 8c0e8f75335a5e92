package dev.omnihub.kb.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.kb.Article;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.Suggestion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lexical (BM25) ranking on the evaluation set, per language: floors below today's figures (English
 * 0.59, Chinese 0.91 recall@3) that catch a broken analysis path, such as a Chinese question (or one
 * mixing in English words) searched in the English fields, which finds nothing. The figures
 * themselves are printed by {@link RetrievalQualityBench}, with the vector and hybrid rankings.
 */
class LexicalQualityTest {

  @TempDir
  Path dir;

  @Test
  void bm25FindsTheRightArticleInTheFirstThreeForMostQuestionsInBothLanguages() {
    EvaluationSet set = EvaluationSet.load();
    assertThat(set.articles()).hasSizeGreaterThanOrEqualTo(50);
    assertThat(set.questions()).hasSizeGreaterThanOrEqualTo(80);
    RankingScores english = new RankingScores();
    RankingScores chinese = new RankingScores();
    try (KnowledgeIndex index = KnowledgeIndex.open(dir)) {
      for (Article article : set.articles()) {
        index.put(article);
      }
      for (EvaluationSet.Question question : set.questions()) {
        List<String> ranked = index.search(question.text(), question.locale(), 10).stream().map(Suggestion::id).toList();
        ("zh".equals(question.locale()) ? chinese : english).add(ranked, question.expected());
      }
    }
    assertThat(english.recallAt3()).as("English recall@3").isGreaterThanOrEqualTo(0.5);
    assertThat(chinese.recallAt3()).as("Chinese recall@3").isGreaterThanOrEqualTo(0.8);
  }
}
