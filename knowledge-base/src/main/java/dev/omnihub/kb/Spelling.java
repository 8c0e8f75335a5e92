package dev.omnihub.kb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;

/**
 * Corrects a customer's English typos ("forgot pasword", "retrun") against the index's own words: a
 * word that is neither English (the whole words of the sentence model's vocabulary, {@code
 * english-words.txt}) nor in any article, close to a word the articles use, is replaced by it before
 * the query is analyzed and embedded. The articles' words, unstemmed, are in {@link #field} (Lucene's
 * {@link DirectSpellChecker} reads the terms dictionary, so there is no dictionary of corrections to
 * build or keep). Measured on the evaluation sets, the index's words alone are no dictionary: they
 * "corrected" pink to pick and office to officer. Only English: Chinese typos are wrong characters of
 * the same sound, not misspelt words, and other languages have no word list here.
 */
final class Spelling {

  /**
   * Words of at least four letters, alone (not in "PA4482913" or "e-4471x"): shorter ones ("lol",
   * "pls") have too many neighbours one edit away.
   */
  private static final Pattern WORD = Pattern.compile("(?<![\\p{L}\\p{N}])\\p{IsAlphabetic}{4,}(?![\\p{L}\\p{N}])");
  /** Up to five letters one typo is corrected, longer words two ("notifcations", "refnud" are two). */
  private static final int LONG_WORD = 6;
  /**
   * The least similarity (1 - edits / length) of a correction: "pasword" to "password" is 0.88; two edits
   * in a six-letter word (0.67) are allowed only for longer words.
   */
  private static final float ACCURACY = 0.7f;

  private static final Set<String> ENGLISH = words("english-words.txt");

  private final DirectSpellChecker oneEdit = checker(1);
  private final DirectSpellChecker twoEdits = checker(2);

  /** The field holding an article's words unstemmed, in a language other than Chinese. */
  static String field(String language) {
    return "spell_" + language;
  }

  /** Whether the index keeps words to correct against for a language. */
  static boolean corrects(String language) {
    return "en".equals(language);
  }

  /** The text with each unknown word replaced by the index's closest word, if one is close enough. */
  String correct(IndexReader reader, String text, String language) throws IOException {
    if (!corrects(language)) {
      return text;
    }
    String field = field(language);
    Matcher words = WORD.matcher(text);
    StringBuilder corrected = null;
    int copied = 0;
    while (words.find()) {
      String word = words.group().toLowerCase(Locale.ROOT);
      if (ENGLISH.contains(word)) {
        continue;
      }
      Term term = new Term(field, word);
      if (reader.docFreq(term) > 0) {
        continue;
      }
      DirectSpellChecker checker = word.length() < LONG_WORD ? oneEdit : twoEdits;
      SuggestWord[] suggestions = checker.suggestSimilar(term, 1, reader, SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX);
      if (suggestions.length == 0) {
        continue;
      }
      if (corrected == null) {
        corrected = new StringBuilder(text.length() + 16);
      }
      corrected.append(text, copied, words.start()).append(suggestions[0].string);
      copied = words.end();
    }
    return corrected == null ? text : corrected.append(text, copied, text.length()).toString();
  }

  private static Set<String> words(String resource) {
    try (InputStream in = Spelling.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the knowledge-base jar");
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().filter(line -> !line.startsWith("#"))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static DirectSpellChecker checker(int edits) {
    DirectSpellChecker checker = new DirectSpellChecker();
    checker.setMaxEdits(edits);
    checker.setMinPrefix(1);
    checker.setMinQueryLength(4);
    checker.setAccuracy(ACCURACY);
    return checker;
  }
}
