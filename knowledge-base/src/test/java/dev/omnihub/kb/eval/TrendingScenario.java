package dev.omnihub.kb.eval;

import dev.omnihub.kb.TrendDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A generated day of customer questions with known answers about what should trend: groups of
 * questions that match one article or form one problem no article covers, asked by three customers or
 * more within the window (should trend), and groups that must not: two customers only, one customer
 * asking three times, three customers spread over three days, and noise (single questions, off-topic
 * chatter). The eval set's questions give the article groups; the no-article problems are written here.
 */
record TrendingScenario(List<TrendDetector.Question> questions, Map<String, String> groupOf, Map<String, Boolean> shouldTrend) {

  static final Duration WINDOW = Duration.ofHours(24);

  /** Problems the eval set's articles do not cover, each asked four ways. */
  private static final List<List<String>> NO_ARTICLE_PROBLEMS = List.of(
      List.of("All my loyalty points disappeared from my account overnight", "where did my reward points go? the balance shows 0",
          "my points balance was reset to zero for no reason", "I had 500 bonus points and now they're gone"),
      List.of("the checkout page shows 'something went wrong' when I click pay", "I get an error at checkout every time and can't place the order",
          "the place order button does nothing, checkout seems broken", "error 500 on the checkout page"),
      List.of("product images are not loading on your website", "all the product photos show as broken images",
          "pictures on the site won't load, just grey boxes", "I can't see any product pictures today"),
      List.of("我的积分怎么突然清零了", "账户里的积分全没了", "积分余额变成0了是怎么回事", "我攒的积分不见了"),
      List.of("结算页面一直报错，下不了单", "点提交订单按钮没反应", "付款页面显示系统错误", "下单的时候一直提示出错了"));
  private static final List<String> OFF_TOPIC = List.of("What's the weather like in Lisbon tomorrow?", "Who won the football match last night?",
      "ok thanks bye", "hello?", "Can you recommend a good pasta recipe?", "my cat keeps sneezing, is that normal", "谢谢，再见", "明天会下雨吗");

  static TrendingScenario generate(EvaluationSet set, long seed) {
    Random random = new Random(seed);
    Instant day = Instant.parse("2026-12-01T00:00:00Z");
    Map<String, List<EvaluationSet.Question>> byArticle = set.questions().stream()
        .collect(Collectors.groupingBy(EvaluationSet.Question::expected, LinkedHashMap::new, Collectors.toList()));
    List<String> articles = new ArrayList<>(byArticle.keySet());
    Collections.shuffle(articles, random);
    List<TrendDetector.Question> questions = new ArrayList<>();
    Map<String, String> groupOf = new LinkedHashMap<>();
    Map<String, Boolean> shouldTrend = new LinkedHashMap<>();
    int[] ids = {0};
    int[] customers = {0};
    class Add {
      void question(String group, String customer, EvaluationSet.Question question, Instant at) {
        text(group, customer, question.text(), question.locale(), at);
      }

      void text(String group, String customer, String text, String locale, Instant at) {
        String id = "q" + (++ids[0]);
        questions.add(new TrendDetector.Question(id, customer, "conv-" + customer, text, locale, at));
        groupOf.put(id, group);
      }

      String customer() {
        return "cust" + (++customers[0]);
      }

      Instant within(int hours) {
        return day.plusSeconds(random.nextInt(hours * 3600));
      }
    }
    Add add = new Add();
    int next = 0;
    // Ten articles asked about by three customers each within the day: these trend.
    for (int i = 0; i < 10; next++) {
      List<EvaluationSet.Question> asked = byArticle.get(articles.get(next));
      if (asked.size() < 3) {
        continue;
      }
      String group = "article-trend-" + articles.get(next);
      shouldTrend.put(group, true);
      for (EvaluationSet.Question question : asked.subList(0, 3)) {
        add.question(group, add.customer(), question, add.within(20));
      }
      i++;
    }
    // Problems without an article, four customers each: these trend too.
    for (int p = 0; p < NO_ARTICLE_PROBLEMS.size(); p++) {
      String group = "problem-" + p;
      shouldTrend.put(group, true);
      String locale = p < 3 ? "en" : "zh";
      for (String text : NO_ARTICLE_PROBLEMS.get(p)) {
        add.text(group, add.customer(), text, locale, add.within(20));
      }
    }
    // Two customers only: no trend.
    for (int i = 0; i < 8; i++, next++) {
      String group = "two-customers-" + articles.get(next);
      shouldTrend.put(group, false);
      for (EvaluationSet.Question question : byArticle.get(articles.get(next)).subList(0, 2)) {
        add.question(group, add.customer(), question, add.within(20));
      }
    }
    // One customer asking three times: no trend.
    for (int i = 0; i < 3; i++, next++) {
      String group = "one-customer-" + articles.get(next);
      shouldTrend.put(group, false);
      String customer = add.customer();
      for (EvaluationSet.Question question : byArticle.get(articles.get(next))) {
        add.question(group, customer, question, add.within(20));
      }
    }
    // Three customers, a day and more apart: no trend within any window.
    for (int i = 0; i < 2; next++) {
      List<EvaluationSet.Question> asked = byArticle.get(articles.get(next));
      if (asked.size() < 3) {
        continue;
      }
      String group = "spread-" + articles.get(next);
      shouldTrend.put(group, false);
      for (int k = 0; k < 3; k++) {
        add.question(group, add.customer(), asked.get(k), day.plus(Duration.ofHours(30L * k)));
      }
      i++;
    }
    // Noise: one question about each of the other articles, and chatter.
    for (; next < articles.size(); next++) {
      String group = "single-" + articles.get(next);
      shouldTrend.put(group, false);
      add.question(group, add.customer(), byArticle.get(articles.get(next)).get(0), add.within(20));
    }
    for (int i = 0; i < OFF_TOPIC.size(); i++) {
      String group = "chatter-" + i;
      shouldTrend.put(group, false);
      add.text(group, add.customer(), OFF_TOPIC.get(i), "en", add.within(20));
    }
    questions.sort(Comparator.comparing(TrendDetector.Question::at).thenComparing(TrendDetector.Question::id));
    return new TrendingScenario(questions, groupOf, shouldTrend);
  }

  /** Precision and recall of a run's trends against the scenario's truth. */
  record Score(int trends, int correct, int shouldTrend, int found, List<String> falseAlarms, List<String> missed) {
    double precision() {
      return trends == 0 ? 1 : (double) correct / trends;
    }

    double recall() {
      return shouldTrend == 0 ? 1 : (double) found / shouldTrend;
    }
  }

  /** A trend counts as correct when most of its examples belong to one group that should trend and was not found already. */
  Score score(List<TrendDetector.Trend> trends) {
    List<String> found = new ArrayList<>();
    List<String> falseAlarms = new ArrayList<>();
    int correct = 0;
    for (TrendDetector.Trend trend : trends) {
      Map<String, Long> groups = trend.examples().stream().collect(Collectors.groupingBy(q -> groupOf.get(q.id()), Collectors.counting()));
      String group = groups.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      if (shouldTrend.get(group) && !found.contains(group)) {
        found.add(group);
        correct++;
      } else {
        falseAlarms.add(trend.title() + " " + groups.keySet());
      }
    }
    List<String> missed = shouldTrend.entrySet().stream().filter(e -> e.getValue() && !found.contains(e.getKey())).map(Map.Entry::getKey)
        .toList();
    int trending = (int) shouldTrend.values().stream().filter(Boolean::booleanValue).count();
    return new Score(trends.size(), correct, trending, found.size(), falseAlarms, missed);
  }
}
