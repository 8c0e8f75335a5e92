package dev.omnihub.kb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * Analyzes each text field with the analyzer of the language its name ends in ({@code title_en},
 * {@code body_de}), so one index holds articles in many languages.
 */
final class LanguageFieldAnalyzer extends DelegatingAnalyzerWrapper {

  private final Map<String, Analyzer> byLanguage = new ConcurrentHashMap<>();
  private final Analyzer fallback = new StandardAnalyzer();
  /** Words as written, lower-cased, no stop words removed: what typos are corrected to ({@link Spelling}). */
  private final Analyzer plain = new StandardAnalyzer(CharArraySet.EMPTY_SET);

  LanguageFieldAnalyzer() {
    super(PER_FIELD_REUSE_STRATEGY);
  }

  static String field(String name, String language) {
    return name + "_" + language;
  }

  @Override
  protected Analyzer getWrappedAnalyzer(String fieldName) {
    if (fieldName.startsWith("spell_")) {
      return plain;
    }
    int underscore = fieldName.lastIndexOf('_');
    if (underscore < 0) {
      return fallback;
    }
    return byLanguage.computeIfAbsent(fieldName.substring(underscore + 1), Analyzers::forLocale);
  }
}
