package dev.omnihub.kb;

import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * Picks the analyzer for a language: English gets stemming and stop words ("refunds" finds
 * "refund"); other languages the standard tokenizer until they get their own.
 */
public final class Analyzers {

  private Analyzers() {
  }

  public static Analyzer forLocale(String locale) {
    String language = locale == null ? "" : Locale.forLanguageTag(locale).getLanguage();
    return switch (language) {
      case "en", "" -> new EnglishAnalyzer();
      default -> new StandardAnalyzer();
    };
  }
}
