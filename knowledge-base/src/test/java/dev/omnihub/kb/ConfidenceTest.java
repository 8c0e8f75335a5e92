package dev.omnihub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores that mean confidence: customer-facing scopes say nothing when nothing fits, agents see weak
 * matches with honest low scores, and slang, typos and near neighbours land on the right article.
 */
class ConfidenceTest {

  private static final SentenceEmbedder EMBEDDER = new SentenceEmbedder();

  @TempDir
  Path dir;
  private KnowledgeIndex index;

  @BeforeEach
  void fill() {
    index = KnowledgeIndex.open(dir, EMBEDDER);
    put("card", "Refunds to your card", "Refunds go back to the card you paid with within 5 business days of the return being checked.");
    put("credit", "Refunds as store credit", "Choose store credit when you start a return: it lands in your wallet within an hour.");
    put("pw", "Forgotten password", "Tap Forgot password and we email you a reset link valid for an hour.");
    put("sim", "Lost or stolen SIM card", "Block a lost or stolen SIM card in the app at once, then order a replacement.");
    put("gift", "Gift cards", "Redeem a gift card at checkout with its 16-digit number and PIN, or check its balance.");
    put("promo", "Discount codes", "A promo code may have expired, or the basket may be under its minimum order value.");
    put("hours", "Opening hours", "Chat and phone are open Monday to Saturday from 8:00 to 22:00.");
    put("wuliu", "物流查询", "发货后可以在订单详情页查看快递单号和配送进度。", "zh");
    index.commit();
  }

  @AfterEach
  void close() {
    index.close();
  }

  private void put(String id, String title, String body) {
    put(id, title, body, "en");
  }

  private void put(String id, String title, String body, String locale) {
    index.put(new Article(id, title, body, locale, List.of()), 1, true);
  }

  @Test
  void customerFacingSearchesSayNothingOffTopicWhileAgentsSeeAtMostWeakHitsWithLowScores() {
    for (String offTopic : List.of("tell me a joke", "who won the football match last night", "给我讲个笑话")) {
      assertThat(index.search(offTopic, "en", 5, SearchScope.PUBLISHED_ARTICLES)).as(offTopic).isEmpty();
      assertThat(index.search(offTopic, "en", 5, SearchScope.SUGGESTIONS)).as(offTopic).isEmpty();
      assertThat(index.search(offTopic, "en", 5, SearchScope.ALL_ARTICLES)).as(offTopic)
          .allSatisfy(hit -> assertThat(hit.score()).isBetween((float) Confidence.RELATED_FLOOR, (float) Confidence.CUSTOMER_FLOOR));
    }
  }

  @Test
  void scoresAreConfidencesBestFirst() {
    List<Suggestion> hits = index.search("I returned my shoes, when does the money come back on my visa?", "en", 5, SearchScope.ALL_ARTICLES);
    assertThat(hits).first().extracting(Suggestion::id).isEqualTo("card");
    assertThat(hits.getFirst().score()).isGreaterThan(0.7f);
    assertThat(hits).extracting(Suggestion::score).allSatisfy(score -> assertThat(score).isBetween(0f, 1f))
        .isSortedAccordingTo((a, b) -> Float.compare(b, a));
  }

  @Test
  void nearNeighboursAreToldApart() {
    assertThat(index.search("can i get the refund as credit on my account instead, heard its quicker", "en", 1, SearchScope.SUGGESTIONS))
        .extracting(Suggestion::id).containsExactly("credit");
    assertThat(index.search("refund not on my credit card yet", "en", 1, SearchScope.SUGGESTIONS)).extracting(Suggestion::id)
        .containsExactly("card");
    assertThat(index.search("the 20% off code from your newsletter isn't working", "en", 1, SearchScope.SUGGESTIONS))
        .extracting(Suggestion::id).containsExactly("promo");
  }

  @Test
  void slangAndTyposStillFindTheirArticle() {
    assertThat(index.search("forgot pasword", "en", 3, SearchScope.PUBLISHED_ARTICLES)).extracting(Suggestion::id).first().isEqualTo("pw");
    assertThat(index.search("my phone got nicked on the bus, stop them using my sim", "en", 3, SearchScope.SUGGESTIONS))
        .extracting(Suggestion::id).first().isEqualTo("sim");
    assertThat(index.search("how do i use my gift voucher from grandma", "en", 3, SearchScope.PUBLISHED_ARTICLES))
        .extracting(Suggestion::id).first().isEqualTo("gift");
    assertThat(index.search("我的快递到哪了", "en", 3, SearchScope.PUBLISHED_ARTICLES)).extracting(Suggestion::id).first().isEqualTo("wuliu");
  }
}
