package dev.omnihub.kb;

import dev.omnihub.kb.eval.EvaluationSet;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits {@link Confidence}'s weights on the project's first evaluation set and the customer-style set's
 * dev part (never its held-out part), per language, with embeddings and without, and prints them. Two
 * steps: the ranking (a softmax over each answerable message's candidates, maximising the right one's
 * share: which evidence tells the answer from its neighbours) and the scale (Platt scaling: a logistic
 * regression of whether the first result is right on its ranking score, off-topic messages counted
 * wrong). Deterministic: plain gradient steps from zero. Run: {@code ./omnihub bench --kb-fit}.
 */
public final class ConfidenceFit {

  private static final int CANDIDATES = 20;
  /** Keeps the ranking weights finite when a feature separates the training set. */
  private static final double L2 = 0.01;

  /** One message's candidates (cosine, best section's cosine, coverage, lexical) and which one is right (-1: none). */
  private record Query(double[][] features, int right) {
  }

  public static void main(String[] args) throws Exception {
    SentenceEmbedder embedder = new SentenceEmbedder().warmUp();
    List<EvaluationSet> sets = List.of(EvaluationSet.load(), EvaluationSet.customer("dev"));
    for (boolean embedded : List.of(true, false)) {
      for (String language : List.of("en", "zh")) {
        List<Query> queries = new ArrayList<>();
        for (EvaluationSet set : sets) {
          queries.addAll(queries(set, language, embedded ? embedder : TextEmbedder.NONE));
        }
        double[] ranking = fitRanking(queries, embedded);
        double[] scale = fitScale(queries, ranking);
        System.out.printf(Locale.ROOT, "%s %s (%d messages): new Weights(%.2f, %.2f, %.2f, %.2f, %.2f)%n", embedded ? "meaning" : "words  ",
            language, queries.size(), scale[0], scale[1] * ranking[0], scale[1] * ranking[1], scale[1] * ranking[2], scale[1] * ranking[3]);
      }
    }
  }

  private static List<Query> queries(EvaluationSet set, String language, TextEmbedder embedder) throws Exception {
    List<Query> queries = new ArrayList<>();
    try (KnowledgeIndex index = KnowledgeIndex.open(Files.createTempDirectory("kb-fit"), embedder)) {
      set.articles().forEach(article -> index.put(article, 1, true));
      index.commit();
      for (EvaluationSet.Question question : set.questions()) {
        if (!language.equals(Analyzers.queryLanguage(question.text(), question.locale()))) {
          continue;
        }
        Map<String, Evidence> candidates = index.evidence(question.text(), question.locale(), SearchScope.ALL_ARTICLES, CANDIDATES,
            embedder != TextEmbedder.NONE);
        double[][] features = new double[candidates.size()][];
        int right = -1;
        int i = 0;
        for (Map.Entry<String, Evidence> candidate : candidates.entrySet()) {
          Evidence evidence = candidate.getValue();
          features[i] = new double[] {evidence.cosine(), evidence.section(), evidence.coverage(), evidence.lexical()};
          if (candidate.getKey().equals(question.expected())) {
            right = i;
          }
          i++;
        }
        queries.add(new Query(features, right));
      }
    }
    return queries;
  }

  /** Softmax ranking weights over the messages whose answer is among the candidates. */
  private static double[] fitRanking(List<Query> queries, boolean embedded) {
    double[] weights = {embedded ? 1 : 0, embedded ? 1 : 0, 1, 1};
    for (int step = 0; step < 20_000; step++) {
      double[] gradient = new double[4];
      for (Query query : queries) {
        if (query.right() < 0) {
          continue;
        }
        double[] shares = softmax(query.features(), weights);
        for (int c = 0; c < shares.length; c++) {
          double target = c == query.right() ? 1 : 0;
          for (int f = 0; f < 4; f++) {
            gradient[f] += (target - shares[c]) * query.features()[c][f];
          }
        }
      }
      for (int f = embedded ? 0 : 2; f < 4; f++) {
        weights[f] += 0.002 * (gradient[f] - 2 * L2 * weights[f]);
      }
    }
    return weights;
  }

  /** Platt scaling of the first result's ranking score: bias and slope. */
  private static double[] fitScale(List<Query> queries, double[] ranking) {
    List<double[]> firsts = new ArrayList<>();
    for (Query query : queries) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < query.features().length; c++) {
        double score = dot(ranking, query.features()[c]);
        if (score > bestScore) {
          best = c;
          bestScore = score;
        }
      }
      firsts.add(new double[] {best < 0 ? 0 : bestScore, best >= 0 && best == query.right() ? 1 : 0});
    }
    double bias = 0;
    double slope = 0;
    for (int step = 0; step < 50; step++) { // Newton's method on the logistic log-likelihood
      double gb = 0;
      double gs = 0;
      double hbb = 0;
      double hbs = 0;
      double hss = 0;
      for (double[] first : firsts) {
        double p = 1 / (1 + Math.exp(-(bias + slope * first[0])));
        double w = p * (1 - p);
        gb += first[1] - p;
        gs += (first[1] - p) * first[0];
        hbb += w;
        hbs += w * first[0];
        hss += w * first[0] * first[0];
      }
      double determinant = hbb * hss - hbs * hbs;
      bias += (hss * gb - hbs * gs) / determinant;
      slope += (hbb * gs - hbs * gb) / determinant;
    }
    return new double[] {bias, slope};
  }

  private static double[] softmax(double[][] features, double[] weights) {
    double[] shares = new double[features.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < features.length; c++) {
      shares[c] = dot(weights, features[c]);
      max = Math.max(max, shares[c]);
    }
    double sum = 0;
    for (int c = 0; c < shares.length; c++) {
      shares[c] = Math.exp(shares[c] - max);
      sum += shares[c];
    }
    for (int c = 0; c < shares.length; c++) {
      shares[c] /= sum;
    }
    return shares;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private ConfidenceFit() {
  }
}
