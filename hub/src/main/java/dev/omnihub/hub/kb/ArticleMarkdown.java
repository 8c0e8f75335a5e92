package dev.omnihub.hub.kb;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

/**
 * An article body is Markdown (CommonMark). For display it is rendered to HTML and then cleaned with
 * jsoup's relaxed safelist (raw HTML in the Markdown is escaped, links get {@code rel=nofollow}), so an
 * article can never carry a script into the console or the widget. The index reads its text.
 */
public final class ArticleMarkdown {

  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
  private static final Safelist SAFE = Safelist.relaxed().addEnforcedAttribute("a", "rel", "nofollow noopener");

  private ArticleMarkdown() {
  }

  /** Safe HTML for display. */
  public static String html(String markdown) {
    return Jsoup.clean(RENDERER.render(PARSER.parse(markdown == null ? "" : markdown)), SAFE);
  }

  /** The words a reader sees, without Markdown's marks: what the index reads. */
  public static String text(String markdown) {
    return Jsoup.parse(html(markdown)).text();
  }
}
