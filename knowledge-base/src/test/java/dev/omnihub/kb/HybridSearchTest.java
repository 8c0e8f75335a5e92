package dev.omnihub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index with the product's sentence embeddings: meaning found where the words differ. */
class HybridSearchTest {

  private static final SentenceEmbedder EMBEDDER = new SentenceEmbedder();

  @TempDir
  Path dir;

  @Test
  void findsTheArticleWhoseWordsTheCustomerDidNotUse() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, EMBEDDER)) {
      index.put(new Article("refund", "Refund policy", "Refunds are paid to the original payment method within 5 days.", "en", List.of()));
      index.put(new Article("track", "Tracking a delivery", "Use the tracking number in your shipping confirmation.", "en", List.of()));
      index.put(new Article("tuikuan", "退款说明", "退货签收后3个工作日内退款到原支付账户。", "zh", List.of()));
      index.put(new Article("wuliu", "物流查询", "发货后可以在订单详情页查看快递单号和配送进度，一般3到5天送达；超过7天未送达请联系客服。", "zh", List.of()));

      assertThat(index.search("can I get my money back", "en", 1, SearchScope.SUGGESTIONS)).extracting(Suggestion::id)
          .containsExactly("refund");
      assertThat(index.search("where is my parcel", "en", 1, SearchScope.SUGGESTIONS)).extracting(Suggestion::id).containsExactly("track");
      assertThat(index.search("我想退钱", "en", 1, SearchScope.SUGGESTIONS)).extracting(Suggestion::id).containsExactly("tuikuan");
      assertThat(index.search("买的东西一个星期了怎么还没到", "en", 1, SearchScope.SUGGESTIONS)).extracting(Suggestion::id).containsExactly("wuliu");
    }
  }

  @Test
  void suggestionsKeepQuietWhenNothingFitsWhileASearchShowsWordMatches() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, EMBEDDER)) {
      index.put(new Article("hours", "Opening hours", "We answer tomorrow morning if you write at night.", "en", List.of()));
      assertThat(index.search("who won the football match last night", "en", 3, SearchScope.SUGGESTIONS)).isEmpty();
      assertThat(index.search("who won the football match last night", "en", 3, SearchScope.ALL_ARTICLES)).extracting(Suggestion::id)
          .containsExactly("hours");
    }
  }

  @Test
  void anAgentsExactKeywordOutranksArticlesCloserInMeaning() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, EMBEDDER)) {
      for (int i = 0; i < 30; i++) {
        index.put(new Article("e" + i, "Checkout error " + (1000 + i), "The payment page shows an error while paying; clear the cache and try"
            + " again.", "en", List.of()), 1, true);
      }
      index.put(new Article("e500", "Payments", "Error E-4471 means the card issuer declined the payment.", "en", List.of()), 1, true);
      assertThat(index.search("E-4471", "en", 5, SearchScope.ALL_ARTICLES)).first().extracting(Suggestion::id).isEqualTo("e500");
    }
  }

  @Test
  void earlierAnswersAreSuggestedButNeverSearchedBySelfService() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, EMBEDDER)) {
      index.put(new Article("hours", "Opening hours", "We are open 9 to 5 on weekdays.", "en", List.of()), 1, true);
      index.put(new AnsweredQuestion("c-1", "My discount code [code] says it has expired but the email said it is valid until Friday",
          "Sorry about that: the code was switched off early by mistake. I have applied the discount to your order by hand."), 1);

      List<Suggestion> suggested = index.search("the promo code is not working, it says expired", "en", 3, SearchScope.SUGGESTIONS);
      assertThat(suggested).first().satisfies(hit -> {
        assertThat(hit.kind()).isEqualTo(Suggestion.Kind.ANSWER);
        assertThat(hit.id()).isEqualTo("c-1");
        assertThat(hit.snippet()).contains("applied the discount");
      });
      assertThat(index.search("promo code expired", "en", 3, SearchScope.PUBLISHED_ARTICLES)).isEmpty();
      assertThat(index.search("promo code expired", "en", 3, SearchScope.ALL_ARTICLES)).as("agents' search: articles only, a weak one honestly low")
          .allSatisfy(hit -> {
            assertThat(hit.kind()).isEqualTo(Suggestion.Kind.ARTICLE);
            assertThat(hit.score()).isLessThan((float) Confidence.CUSTOMER_FLOOR);
          });
      assertThat(index.indexedVersions(Suggestion.Kind.ANSWER)).containsOnlyKeys("c-1");
      assertThat(index.indexedVersions()).containsOnlyKeys("hours");
      index.remove(Suggestion.Kind.ANSWER, "c-1");
      assertThat(index.search("the promo code is not working, it says expired", "en", 3, SearchScope.SUGGESTIONS))
          .extracting(Suggestion::kind).doesNotContain(Suggestion.Kind.ANSWER);
    }
  }

  @Test
  void anIndexEmbeddedByAnotherModelIsStartedAgain() {
    try (KnowledgeIndex words = KnowledgeIndex.open(dir)) {
      words.put(new Article("refund", "Refund policy", "Money back within 30 days.", "en", List.of()));
    }
    try (KnowledgeIndex embedded = KnowledgeIndex.open(dir, EMBEDDER)) {
      assertThat(embedded.indexedVersions()).as("vectors missing: everything is indexed again").isEmpty();
      embedded.put(new Article("refund", "Refund policy", "Money back within 30 days.", "en", List.of()));
    }
    try (KnowledgeIndex again = KnowledgeIndex.open(dir, EMBEDDER)) {
      assertThat(again.indexedVersions()).as("same model: kept").containsOnlyKeys("refund");
    }
  }
}
