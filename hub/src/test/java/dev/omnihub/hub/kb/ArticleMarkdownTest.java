package dev.omnihub.hub.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnihub.adapters.spi.InputRejectedException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArticleMarkdownTest {

  @Test
  void rendersMarkdownToHtmlWithoutAnythingThatRuns() {
    String html = ArticleMarkdown.html("# Refunds\n\nMoney back in **5 days**. [Form](https://shop.test/form) "
        + "[bad](javascript:alert(1))\n\n<script>alert(1)</script><img src=x onerror=alert(1)>\n\n- card\n- store credit");
    assertThat(html).contains("<h1>Refunds</h1>", "<strong>5 days</strong>", "<li>card</li>")
        .contains("href=\"https://shop.test/form\"").contains("rel=\"nofollow noopener\"")
        .doesNotContain("<script", "<img", "javascript:");
    assertThat(ArticleMarkdown.text("# Refunds\n\nMoney back in **5 days**.")).isEqualTo("Refunds Money back in 5 days.");
  }

  @Test
  void aMarkdownFileWithFrontMatterRoundTrips() {
    KbArticle article = new KbArticle("6b0febe8cad1e08b86bc46b3", "Refunds: how long?", "Money back in *5 days*.\n", "en",
        List.of("billing", "returns"), "published", 3, Instant.EPOCH, Instant.EPOCH);
    ArticleArchive.Entry read = ArticleArchive.parse("refunds.md", ArticleArchive.markdown(article));
    assertThat(read).isEqualTo(new ArticleArchive.Entry("6b0febe8cad1e08b86bc46b3", "Refunds: how long?", "Money back in *5 days*.\n", "en",
        List.of("billing", "returns"), "published"));
    assertThat(ArticleArchive.unzip(ArticleArchive.zip(List.of(article)))).containsExactly(read);
  }

  @Test
  void aFileWithoutFrontMatterTakesItsFirstHeadingAsTitleAndBadFrontMatterIsNamed() {
    assertThat(ArticleArchive.parse("docs/hours.md", "# Opening hours\n\nWe are open 9 to 5.").title()).isEqualTo("Opening hours");
    assertThat(ArticleArchive.parse("docs/hours.md", "We are open 9 to 5.").title()).isEqualTo("hours");
    assertThatThrownBy(() -> ArticleArchive.parse("bad.md", "---\ntitle: [unclosed\n---\nbody")).isInstanceOf(InputRejectedException.class)
        .hasMessageContaining("bad.md");
    assertThatThrownBy(() -> ArticleArchive.parse("open.md", "---\ntitle: x\nbody")).hasMessageContaining("no closing");
    assertThatThrownBy(() -> ArticleArchive.unzip("not a zip".getBytes())).isInstanceOf(InputRejectedException.class);
  }
}
