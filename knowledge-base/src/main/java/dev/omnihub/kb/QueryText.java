package dev.omnihub.kb;

import java.io.IOException;
import org.apache.lucene.index.IndexReader;

/**
 * A customer's text as the index searches it: slang and variants in the articles' words
 * ({@link Synonyms}), then typos corrected ({@link Spelling}); both the words and the embedding read
 * the result. Synonyms come first, so that a known variant ("nicked") is never "corrected" into
 * another word.
 */
final class QueryText {

  private final Synonyms synonyms;
  private final Spelling spelling;

  QueryText(Synonyms synonyms, Spelling spelling) {
    this.synonyms = synonyms;
    this.spelling = spelling;
  }

  String rewrite(IndexReader reader, String text, String language) throws IOException {
    return spelling.correct(reader, synonyms.rewrite(text), language);
  }
}
