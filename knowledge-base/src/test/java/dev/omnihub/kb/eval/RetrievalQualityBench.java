package dev.omnihub.kb.eval;

import dev.omnihub.kb.Analyzers;
import dev.omnihub.kb.Article;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.SearchScope;
import dev.omnihub.kb.SentenceEmbedder;
import dev.omnihub.kb.Suggestion;
import dev.omnihub.kb.Vectors;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ranks evaluation sets' messages and prints, per language, recall@1 (first hit), recall@3 and MRR
 * for: lexical (the index without embeddings), vector (cosine alone over the product's sentence
 * embeddings), and the product's three scopes with embeddings: widget (the help center's self-service
 * search, published articles, top 5), agents (agents' search, top 10) and suggest (suggestions, top
 * 5). Then how often widget and suggest keep quiet on off-topic messages, recall per kind of message,
 * and how the first result's score matches being right (calibration). Run:
 * {@code ./omnihub bench --kb-quality [first] [dev] [heldout]} (all three by default; tune on dev,
 * look at heldout only to report).
 */
public final class RetrievalQualityBench {

  private static final int CANDIDATES = 20;
  /** For the first set, which has no off-topic messages of its own: a suggestion for them is noise. */
  private static final List<EvaluationSet.Question> FIRST_OFF_TOPIC = List.of(
      new EvaluationSet.Question("What's the weather like in Lisbon tomorrow?", "en", null, "off-topic"),
      new EvaluationSet.Question("Who won the football match last night?", "en", null, "off-topic"),
      new EvaluationSet.Question("Can you recommend a good pasta recipe?", "en", null, "off-topic"),
      new EvaluationSet.Question("my cat keeps sneezing, is that normal", "en", null, "off-topic"),
      new EvaluationSet.Question("明天北京会下雨吗？", "zh", null, "off-topic"),
      new EvaluationSet.Question("推荐一部好看的电影吧", "zh", null, "off-topic"));

  public static void main(String[] args) throws Exception {
    List<String> names = args.length == 0 ? List.of("first", "dev", "heldout") : List.of(args);
    long started = System.nanoTime();
    SentenceEmbedder embedder = new SentenceEmbedder().warmUp();
    System.out.printf(Locale.ROOT, "models loaded in %.1f s%n", (System.nanoTime() - started) / 1e9);
    for (String name : names) {
      EvaluationSet set = switch (name) {
        case "first" -> {
          EvaluationSet first = EvaluationSet.load();
          List<EvaluationSet.Question> questions = new ArrayList<>(first.questions());
          questions.addAll(FIRST_OFF_TOPIC);
          yield new EvaluationSet(first.name(), first.articles(), questions);
        }
        case "dev", "heldout" -> EvaluationSet.customer(name);
        default -> throw new IllegalArgumentException("sets are first, dev and heldout, not " + name);
      };
      report(set, embedder);
    }
  }

  private static void report(EvaluationSet set, SentenceEmbedder embedder) throws Exception {
    Map<String, QualityRun> runs = new LinkedHashMap<>();
    RankingScores[] vector = vectorRanking(set, embedder);
    try (KnowledgeIndex words = KnowledgeIndex.open(Files.createTempDirectory("kb-eval-lexical"));
        KnowledgeIndex hybrid = KnowledgeIndex.open(Files.createTempDirectory("kb-eval-hybrid"), embedder)) {
      set.articles().forEach(article -> words.put(article, 1, true));
      set.articles().forEach(article -> hybrid.put(article, 1, true));
      words.commit();
      hybrid.commit();
      runs.put("lexical", QualityRun.of(words, set, SearchScope.ALL_ARTICLES, CANDIDATES));
      runs.put("widget", QualityRun.of(hybrid, set, SearchScope.PUBLISHED_ARTICLES, 5));
      runs.put("agents", QualityRun.of(hybrid, set, SearchScope.ALL_ARTICLES, 10));
      runs.put("suggest", QualityRun.of(hybrid, set, SearchScope.SUGGESTIONS, 5));
    }
    System.out.printf(Locale.ROOT, "%n== %s: %d articles, %d messages (%d English, %d Chinese, %d off topic); mean suggestion search %.1f ms%n",
        set.name(), set.articles().size(), set.questions().size(), runs.get("suggest").english().questions(),
        runs.get("suggest").chinese().questions(), runs.get("suggest").offTopicCount(), runs.get("suggest").meanMillis());
    System.out.println("mode    | en R@1  R@3   MRR  | zh R@1  R@3   MRR  | all R@1  R@3  | off-topic silent");
    line("lexical", runs.get("lexical").english(), runs.get("lexical").chinese(), "");
    line("vector", vector[0], vector[1], "");
    for (String mode : List.of("widget", "agents", "suggest")) {
      QualityRun run = runs.get(mode);
      line(mode, run.english(), run.chinese(), String.format(Locale.ROOT, "%d / %d", Math.round(run.silenceRate() * run.offTopicCount()),
          run.offTopicCount()));
    }
    System.out.println("suggest by kind of message (R@1 / R@3, messages):");
    runs.get("suggest").byKind().forEach((kind, scores) -> System.out.printf(Locale.ROOT, "  %-10s %.2f / %.2f  (%d)%n", kind,
        scores.recallAt1(), scores.recallAt3(), scores.questions()));
    for (String mode : List.of("widget", "suggest")) {
      System.out.println(mode + ": off-topic messages answered: " + runs.get(mode).spoken());
    }
    for (String mode : List.of("agents", "suggest")) {
      System.out.println(mode + ": first result's score against being right");
      System.out.print(runs.get(mode).calibration().table());
    }
  }

  private static void line(String mode, RankingScores en, RankingScores zh, String silence) {
    int total = en.questions() + zh.questions();
    double all1 = (en.recallAt1() * en.questions() + zh.recallAt1() * zh.questions()) / total;
    double all3 = (en.recallAt3() * en.questions() + zh.recallAt3() * zh.questions()) / total;
    System.out.printf(Locale.ROOT, "%-7s |  %.2f  %.2f  %.2f |  %.2f  %.2f  %.2f |  %.2f  %.2f  | %s%n", mode, en.recallAt1(),
        en.recallAt3(), en.meanReciprocalRank(), zh.recallAt1(), zh.recallAt3(), zh.meanReciprocalRank(), all1, all3, silence);
  }

  /** Cosine alone, every article of the message's language ranked: what the embeddings know without words. */
  private static RankingScores[] vectorRanking(EvaluationSet set, SentenceEmbedder embedder) {
    Map<String, float[]> vectors = new HashMap<>();
    Map<String, String> languages = new HashMap<>();
    for (Article article : set.articles()) {
      String language = article.locale().startsWith("zh") ? "zh" : "en";
      languages.put(article.id(), language);
      vectors.put(article.id(), embedder.embed(article.title() + "\n" + article.body(), language));
    }
    RankingScores[] scores = {new RankingScores(), new RankingScores()};
    for (EvaluationSet.Question question : set.answerable()) {
      String language = Analyzers.queryLanguage(question.text(), question.locale());
      float[] query = embedder.embed(question.text(), language);
      List<String> ranked = vectors.entrySet().stream().filter(entry -> language.equals(languages.get(entry.getKey())))
          .sorted(Comparator.comparingDouble((Map.Entry<String, float[]> entry) -> -Vectors.cosine(query, entry.getValue())))
          .limit(CANDIDATES).map(Map.Entry::getKey).toList();
      scores["zh".equals(question.locale()) ? 1 : 0].add(ranked, question.expected());
    }
    return scores;
  }

  private RetrievalQualityBench() {
  }
}
