package dev.omnihub.kb.eval;

import dev.omnihub.kb.Analyzers;
import dev.omnihub.kb.Article;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.SearchScope;
import dev.omnihub.kb.SentenceEmbedder;
import dev.omnihub.kb.Suggestion;
import dev.omnihub.kb.Vectors;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks the evaluation set's questions three ways and prints recall@1, recall@3 and MRR per language:
 * lexical (the Lucene index without embeddings), vector (cosine alone over the product's sentence
 * embeddings: all-MiniLM-L6-v2 for English, bge-small-zh-v1.5 for Chinese, both quantized, by the question's script)
 * and hybrid (the product's index with embeddings: both rankings fused by reciprocal rank), and
 * suggest (the hybrid as suggestions use it: only entries related in meaning). Then off-topic
 * messages show whether suggestions keep quiet when no article fits. Run:
 * {@code ./omnihub bench --kb-quality}.
 */
public final class RetrievalQualityBench {

  private static final int CANDIDATES = 20;
  /** Messages no article of the set answers: a suggestion for them is noise. */
  private static final List<String> OFF_TOPIC = List.of("What's the weather like in Lisbon tomorrow?",
      "Who won the football match last night?", "Can you recommend a good pasta recipe?", "my cat keeps sneezing, is that normal",
      "明天北京会下雨吗？", "推荐一部好看的电影吧");

  public static void main(String[] args) throws Exception {
    EvaluationSet set = EvaluationSet.load();
    long started = System.nanoTime();
    SentenceEmbedder embedder = new SentenceEmbedder().warmUp();
    System.out.printf("models loaded in %.1f s%n", (System.nanoTime() - started) / 1e9);
    Map<String, float[]> articleVectors = new HashMap<>();
    Map<String, String> articleLanguage = new HashMap<>();
    for (Article article : set.articles()) {
      String language = article.locale().startsWith("zh") ? "zh" : "en";
      articleLanguage.put(article.id(), language);
      articleVectors.put(article.id(), embedder.embed(article.title() + "\n" + article.body(), language));
    }
    Map<String, RankingScores[]> scores = new LinkedHashMap<>();
    for (String mode : List.of("lexical", "vector", "hybrid", "suggest")) {
      scores.put(mode, new RankingScores[] {new RankingScores(), new RankingScores()});
    }
    long hybridNanos = 0;
    try (KnowledgeIndex words = KnowledgeIndex.open(Files.createTempDirectory("kb-eval-lexical"));
        KnowledgeIndex hybrid = KnowledgeIndex.open(Files.createTempDirectory("kb-eval-hybrid"), embedder)) {
      set.articles().forEach(words::put);
      set.articles().forEach(hybrid::put);
      for (EvaluationSet.Question question : set.questions()) {
        List<String> lexical = words.search(question.text(), question.locale(), CANDIDATES).stream().map(Suggestion::id).toList();
        String language = Analyzers.queryLanguage(question.text(), question.locale());
        float[] query = embedder.embed(question.text(), language);
        List<String> vector = articleVectors.entrySet().stream().filter(entry -> language.equals(articleLanguage.get(entry.getKey())))
            .sorted(Comparator.comparingDouble((Map.Entry<String, float[]> entry) -> -Vectors.cosine(query, entry.getValue())))
            .limit(CANDIDATES).map(Map.Entry::getKey).toList();
        long start = System.nanoTime();
        List<String> fused = hybrid.search(question.text(), question.locale(), CANDIDATES, SearchScope.PUBLISHED_ARTICLES).stream()
            .map(Suggestion::id).toList();
        hybridNanos += System.nanoTime() - start;
        List<String> suggested = hybrid.search(question.text(), question.locale(), 3, SearchScope.SUGGESTIONS).stream()
            .map(Suggestion::id).toList();
        int side = "zh".equals(question.locale()) ? 1 : 0;
        scores.get("lexical")[side].add(lexical, question.expected());
        scores.get("vector")[side].add(vector, question.expected());
        scores.get("hybrid")[side].add(fused, question.expected());
        scores.get("suggest")[side].add(suggested, question.expected());
      }
      System.out.printf("%d articles, %d questions (%d English, %d Chinese); mean hybrid search %.1f ms (embedding, both rankings, fusion,"
          + " highlighting)%n", set.articles().size(), set.questions().size(), scores.get("lexical")[0].questions(),
          scores.get("lexical")[1].questions(), hybridNanos / 1e6 / set.questions().size());
      System.out.println();
      System.out.println("mode    | en R@1  R@3   MRR  | zh R@1  R@3   MRR  | all R@3  MRR");
      for (Map.Entry<String, RankingScores[]> mode : scores.entrySet()) {
        RankingScores en = mode.getValue()[0];
        RankingScores zh = mode.getValue()[1];
        int total = en.questions() + zh.questions();
        double allRecall = (en.recallAt3() * en.questions() + zh.recallAt3() * zh.questions()) / total;
        double allMrr = (en.meanReciprocalRank() * en.questions() + zh.meanReciprocalRank() * zh.questions()) / total;
        System.out.printf("%-7s |  %.2f  %.2f  %.2f |  %.2f  %.2f  %.2f |  %.2f  %.2f%n", mode.getKey(), en.recallAt1(), en.recallAt3(),
            en.meanReciprocalRank(), zh.recallAt1(), zh.recallAt3(), zh.meanReciprocalRank(), allRecall, allMrr);
      }
      System.out.println();
      for (String offTopic : OFF_TOPIC) {
        List<Suggestion> hits = hybrid.search(offTopic, "en", 3, SearchScope.SUGGESTIONS);
        System.out.printf("off topic: %-45s -> %s%n", offTopic, hits.isEmpty() ? "nothing"
            : hits.stream().map(hit -> String.format("%s %.2f", hit.id(), hit.score())).toList());
      }
    }
  }

  private RetrievalQualityBench() {
  }
}
