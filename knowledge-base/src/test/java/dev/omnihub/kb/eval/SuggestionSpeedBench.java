package dev.omnihub.kb.eval;

import dev.omnihub.kb.Analyzers;
import dev.omnihub.kb.Article;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.SearchScope;
import dev.omnihub.kb.SentenceEmbedder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Suggestion speed at scale: builds an index of generated articles (default 50,000; four in five
 * English, one in five Chinese, each a variation of an evaluation-set article on a product line) with
 * their embeddings, then times suggestion searches (query embedding, both rankings, fusion,
 * highlighting) for the evaluation set's questions on one thread, top 5 and as the hub asks (15
 * candidates). Prints build time, p50/p99 latency per language, the embedding's share, heap and index
 * size. A build cut short (commits every 5,000 articles) resumes in the same folder. Run:
 * {@code ./omnihub bench --kb-speed [articles [index folder to keep and reuse]]}.
 */
public final class SuggestionSpeedBench {

  private static final String[] PRODUCTS = {"Aero", "Bolt", "Cirrus", "Delta", "Ember", "Flux", "Glide", "Halo", "Ion", "Jade", "Kite",
      "Lumen", "Mesa", "Nova", "Orbit", "Pulse", "Quill", "Rally", "Sierra", "Tempo"};
  private static final String[] PRODUCTS_ZH = {"星辰", "极光", "云帆", "青松", "海豚", "飞鸟", "晨曦", "银河", "竹影", "山岚"};
  private static final int WARM_UP = 300;
  private static final int MEASURED = 2_000;

  public static void main(String[] args) throws IOException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    // An index folder given as the second argument is kept, and reused when it already holds the articles.
    Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("kb-speed");
    EvaluationSet set = EvaluationSet.load();
    SentenceEmbedder embedder = new SentenceEmbedder().warmUp();
    Random random = new Random(7);
    List<Article> english = set.articles().stream().filter(article -> !article.locale().startsWith("zh")).toList();
    List<Article> chinese = set.articles().stream().filter(article -> article.locale().startsWith("zh")).toList();
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, embedder)) {
      long started = System.nanoTime();
      // A build cut short resumes after its last commit: the articles are the same, drawn from the same seed.
      int done = index.size() <= count ? index.size() : 0;
      if (done > 0 && done < count) {
        System.out.printf(Locale.ROOT, "  resuming after %,d articles%n", done);
      }
      for (int i = 0; i < count; i++) {
        boolean zh = i % 5 == 4;
        Article base = zh ? chinese.get(random.nextInt(chinese.size())) : english.get(random.nextInt(english.size()));
        String product = zh ? PRODUCTS_ZH[random.nextInt(PRODUCTS_ZH.length)] : PRODUCTS[random.nextInt(PRODUCTS.length)];
        if (i < done) {
          continue;
        }
        String title = zh ? product + "系列：" + base.title() : base.title() + " (" + product + " " + (100 + i % 900) + ")";
        String body = zh ? "本文适用于" + product + "系列产品（型号" + i + "）。" + base.body()
            : "This applies to the " + product + " " + (100 + i % 900) + " line. " + base.body() + " Model reference " + i + ".";
        index.put(new Article("g" + i, title, body, base.locale(), base.tags()), 1, true);
        if ((i + 1) % 5_000 == 0) {
          index.commit();
          System.out.printf(Locale.ROOT, "  %,d articles indexed, %.0f s%n", i + 1, (System.nanoTime() - started) / 1e9);
        }
      }
      index.commit();
      double buildSeconds = (System.nanoTime() - started) / 1e9;
      if (done < count) {
        System.out.printf(Locale.ROOT, "built %,d articles (embedded) in %.0f s (%.1f ms per article)%n", count - done, buildSeconds,
            buildSeconds * 1000 / (count - done));
      }

      List<EvaluationSet.Question> questions = set.questions();
      for (int i = 0; i < WARM_UP; i++) {
        EvaluationSet.Question question = questions.get(i % questions.size());
        index.search(question.text(), question.locale(), 5, SearchScope.SUGGESTIONS);
      }
      List<Long> en = new ArrayList<>();
      List<Long> zh = new ArrayList<>();
      List<Long> embedding = new ArrayList<>();
      for (int i = 0; i < MEASURED; i++) {
        EvaluationSet.Question question = questions.get(i % questions.size());
        long start = System.nanoTime();
        index.search(question.text(), question.locale(), 5, SearchScope.SUGGESTIONS);
        long took = System.nanoTime() - start;
        ("zh".equals(Analyzers.queryLanguage(question.text(), question.locale())) ? zh : en).add(took);
        long embedStart = System.nanoTime();
        index.embed(question.text(), question.locale());
        embedding.add(System.nanoTime() - embedStart);
      }
      List<Long> all = new ArrayList<>(en);
      all.addAll(zh);
      System.out.printf(Locale.ROOT, "suggestions (top 5, one thread, %,d searches): p50 %.1f ms, p99 %.1f ms%n", all.size(), ms(all, 50),
          ms(all, 99));
      System.out.printf(Locale.ROOT, "  English: p50 %.1f ms, p99 %.1f ms; Chinese: p50 %.1f ms, p99 %.1f ms%n", ms(en, 50), ms(en, 99),
          ms(zh, 50), ms(zh, 99));
      System.out.printf(Locale.ROOT, "  of which the query embedding: p50 %.1f ms, p99 %.1f ms%n", ms(embedding, 50), ms(embedding, 99));
      // What the hub asks for: 15 candidates, which agents' feedback reorders before the 5 highlighted are shown.
      List<Long> hub = new ArrayList<>();
      for (int i = 0; i < MEASURED; i++) {
        EvaluationSet.Question question = questions.get(i % questions.size());
        long start = System.nanoTime();
        index.search(question.text(), question.locale(), 15, SearchScope.SUGGESTIONS, 5);
        hub.add(System.nanoTime() - start);
      }
      System.out.printf(Locale.ROOT, "suggestions as the hub asks (15 candidates, 5 highlighted): p50 %.1f ms, p99 %.1f ms%n", ms(hub, 50),
          ms(hub, 99));
      System.gc();
      var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      System.out.printf(Locale.ROOT, "heap after a GC: %d MB used of %d MB; process resident: %s (models and index maps are off the"
          + " heap); index on disk: %d MB (%d available processors)%n", heap.getUsed() >> 20, heap.getCommitted() >> 20, resident(),
          size(dir) >> 20, Runtime.getRuntime().availableProcessors());
    }
  }

  private static double ms(List<Long> nanos, int percentile) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
  }

  /** The process's resident memory, from Linux's /proc; "unknown" elsewhere. */
  private static String resident() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
          .map(line -> (Long.parseLong(line.replaceAll("\\D", "")) >> 10) + " MB").findFirst().orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private SuggestionSpeedBench() {
  }
}
