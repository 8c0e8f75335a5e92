package dev.omnihub.hub.api;

import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.Entities;

/**
 * The survey's page at {@code /csat/{token}}: the question, five choices and a comment box, a plain
 * form (no script, no login), readable on a phone, in English or Chinese. Every text on it is
 * escaped; the customer's own words are never shown back.
 */
final class CsatPage {

  /** What the page says, per language. */
  private record Words(String title, String[] scores, String comment, String send, String thanks, String answered, String unknown) {
  }

  private static final Map<String, Words> WORDS = Map.of(
      "en", new Words("How did we do?", new String[] {"1 – Very poor", "2 – Poor", "3 – Okay", "4 – Good", "5 – Excellent"},
          "Anything you want to tell us? (optional)", "Send", "Thank you! Your answer helps us help you better.",
          "This survey was answered already. Thank you!", "This survey link is not valid."),
      "zh", new Words("我们的服务怎么样？", new String[] {"1 – 很差", "2 – 较差", "3 – 一般", "4 – 好", "5 – 非常好"},
          "还有什么想告诉我们的吗？（可选）", "提交", "谢谢！您的反馈帮助我们做得更好。", "此调查已经回答过了。谢谢！", "此调查链接无效。"));

  private CsatPage() {
  }

  /** {@code zh} when asked for ({@code ?lang=zh}) or preferred by the browser, else {@code en}. */
  static String language(String lang, String acceptLanguage) {
    if (lang != null) {
      return lang.toLowerCase(Locale.ROOT).startsWith("zh") ? "zh" : "en";
    }
    return acceptLanguage != null && acceptLanguage.toLowerCase(Locale.ROOT).startsWith("zh") ? "zh" : "en";
  }

  static String form(String language, String question, String action) {
    Words words = WORDS.get(language);
    StringBuilder choices = new StringBuilder();
    for (int score = 1; score <= 5; score++) {
      choices.append("<label class=\"choice\"><input type=\"radio\" name=\"score\" value=\"").append(score).append("\" required> ")
          .append(escape(words.scores()[score - 1])).append("</label>\n");
    }
    return page(language, words.title(), "<form method=\"post\" action=\"" + escape(action) + "\">\n<fieldset>\n<legend>" + escape(question)
        + "</legend>\n" + choices + "</fieldset>\n<label for=\"comment\">" + escape(words.comment()) + "</label>\n"
        + "<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"2000\"></textarea>\n<button type=\"submit\">" + escape(words.send())
        + "</button>\n</form>");
  }

  static String thanks(String language) {
    return message(language, WORDS.get(language).thanks());
  }

  static String answered(String language) {
    return message(language, WORDS.get(language).answered());
  }

  static String unknown(String language) {
    return message(language, WORDS.get(language).unknown());
  }

  private static String message(String language, String text) {
    return page(language, WORDS.get(language).title(), "<p role=\"status\">" + escape(text) + "</p>");
  }

  private static String page(String language, String title, String body) {
    return "<!doctype html>\n<html lang=\"" + language + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + escape(title) + "</title>\n<style>"
        + "body{font-family:system-ui,sans-serif;max-width:32rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1a1a1a}"
        + "fieldset{border:0;padding:0;margin:0 0 1rem}legend{font-size:1.2rem;font-weight:600;margin-bottom:.5rem}"
        + ".choice{display:block;padding:.6rem;margin:.3rem 0;border:1px solid #767676;border-radius:.4rem;font-size:1.1rem}"
        + "textarea{width:100%;box-sizing:border-box;font:inherit;margin:.3rem 0 1rem}"
        + "button{font:inherit;font-size:1.1rem;padding:.6rem 1.5rem;background:#0b57d0;color:#fff;border:0;border-radius:.4rem}"
        + "</style>\n</head>\n<body>\n<main>\n<h1>" + escape(title) + "</h1>\n" + body + "\n</main>\n</body>\n</html>\n";
  }

  private static String escape(String text) {
    return Entities.escape(text);
  }
}
