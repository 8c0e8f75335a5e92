package dev.omnihub.kb;

import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * Picks the analyzer for a language: English gets stemming and stop words ("refunds" finds
 * "refund"); Chinese is cut into words by SmartCN's dictionary model (Latin words in it stay words,
 * so "我的order没到" finds both); other languages get the standard tokenizer.
 */
public final class Analyzers {

  private Analyzers() {
  }

  public static Analyzer forLocale(String locale) {
    String language = locale == null ? "" : Locale.forLanguageTag(locale).getLanguage();
    return switch (language) {
      case "en", "" -> new EnglishAnalyzer();
      case "zh" -> new SmartChineseAnalyzer();
      default -> new StandardAnalyzer();
    };
  }

  /**
   * The language to analyze a query in: Chinese when it has Han characters (a customer mixing in
   * English words still writes Chinese), else the locale asked for, else English.
   */
  public static String queryLanguage(String text, String locale) {
    if (text != null && text.codePoints().anyMatch(point -> Character.UnicodeScript.of(point) == Character.UnicodeScript.HAN)) {
      return "zh";
    }
    String language = locale == null ? "" : Locale.forLanguageTag(locale).getLanguage();
    return language.isEmpty() ? "en" : language;
  }
}
