package dev.omnihub.kb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites what customers write into the words articles use ("my phone got nicked" becomes "my
 * phone got stolen", "gift voucher" becomes "gift card"), from a curated list kept as a resource
 * ({@code synonyms.txt}, lines of {@code variant, variant => canonical}). The text is rewritten, not
 * only its terms, so that the embedding reads the canonical words too: the sentence models know
 * "stolen" far better than "nicked". Latin-script variants match as whole words in any case; Chinese
 * ones anywhere in the text.
 */
final class Synonyms {

  private final Pattern variants;
  private final Map<String, String> canonical;

  Synonyms(Map<String, String> canonical) {
    this.canonical = Map.copyOf(canonical);
    List<String> longestFirst = new ArrayList<>(canonical.keySet());
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    StringBuilder alternatives = new StringBuilder();
    for (String variant : longestFirst) {
      if (!alternatives.isEmpty()) {
        alternatives.append('|');
      }
      String quoted = Pattern.quote(variant);
      alternatives.append(isHan(variant) ? quoted : "(?<![\\p{L}\\p{N}])" + quoted + "(?![\\p{L}\\p{N}])");
    }
    this.variants = alternatives.isEmpty() ? null : Pattern.compile(alternatives.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** The list shipped with the library. */
  static Synonyms standard() {
    try (InputStream in = Synonyms.class.getResourceAsStream("synonyms.txt")) {
      if (in == null) {
        throw new IllegalStateException("synonyms.txt is missing from the knowledge-base jar");
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read synonyms.txt", e);
    }
  }

  /** Lines of {@code a, b => c}; blank lines and {@code #} comments skipped. */
  static Synonyms parse(List<String> lines) {
    Map<String, String> canonical = new HashMap<>();
    for (String line : lines) {
      String rule = line.strip();
      if (rule.isEmpty() || rule.startsWith("#")) {
        continue;
      }
      int arrow = rule.indexOf("=>");
      if (arrow < 0 || rule.substring(arrow + 2).isBlank()) {
        throw new IllegalArgumentException("a synonym rule is 'variant, variant => canonical', not: " + line);
      }
      String target = rule.substring(arrow + 2).strip();
      for (String variant : rule.substring(0, arrow).split(",")) {
        if (!variant.isBlank()) {
          canonical.put(variant.strip().toLowerCase(Locale.ROOT), target);
        }
      }
    }
    return new Synonyms(canonical);
  }

  /** The text with every variant replaced by its canonical words. */
  String rewrite(String text) {
    if (variants == null) {
      return text;
    }
    Matcher found = variants.matcher(text);
    if (!found.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    do {
      found.appendReplacement(out, Matcher.quoteReplacement(canonical.get(found.group().toLowerCase(Locale.ROOT))));
    } while (found.find());
    return found.appendTail(out).toString();
  }

  private static boolean isHan(String text) {
    return text.codePoints().anyMatch(point -> Character.UnicodeScript.of(point) == Character.UnicodeScript.HAN);
  }
}
