package dev.omnihub.kb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.BytesRef;

/**
 * An article's sections, each embedded on its own: a customer usually asks about one part of an
 * article ("do Plus members get anything for a late parcel?" is the compensation paragraph of "My
 * delivery is late"), which the whole article's embedding, an average of every part, blurs. Measured on
 * the evaluation sets (English): adding the best section's cosine to the confidence took the first
 * set's first hit from 0.74 to 0.81 and the customer dev set's from 0.94 to 0.95. The vectors are kept
 * packed in a binary doc value, read only for a query's candidates.
 */
final class Sections {

  /** A paragraph shorter than this ("Thanks!") says too little to be matched on its own. */
  private static final int MIN_CHARS = 20;
  /** At most this many sections per article: they cost an embedding each when it is indexed. */
  static final int MAX = 8;

  private Sections() {
  }

  /**
   * The body's paragraphs (split at blank lines), a heading joined to the paragraph under it, short
   * ones left out, each led by the title; none when the body is a single section (the article's own
   * vector says it all).
   */
  static List<String> of(String title, String body) {
    List<String> sections = new ArrayList<>();
    String heading = "";
    for (String paragraph : body.split("\\n\\s*\\n")) {
      String text = paragraph.strip();
      if (text.startsWith("#") && !text.contains("\n")) {
        heading = heading + text.replaceFirst("^#+\\s*", "") + "\n";
        continue;
      }
      if (heading.length() + text.length() >= MIN_CHARS && sections.size() < MAX) {
        sections.add(title + "\n" + heading + text);
      }
      heading = "";
    }
    return sections.size() < 2 ? List.of() : sections;
  }

  /** Vectors of one dimension packed into bytes (little-endian floats). */
  static BytesRef pack(List<float[]> vectors) {
    int dimension = vectors.getFirst().length;
    ByteBuffer bytes = ByteBuffer.allocate(vectors.size() * dimension * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] vector : vectors) {
      for (float value : vector) {
        bytes.putFloat(value);
      }
    }
    return new BytesRef(bytes.array());
  }

  /** The highest cosine between a vector and the packed ones (of its dimension); {@code fallback} when none fit. */
  static double bestCosine(float[] vector, BytesRef packed, double fallback) {
    int size = vector.length * Float.BYTES;
    if (packed.length < size || packed.length % size != 0) {
      return fallback;
    }
    ByteBuffer bytes = ByteBuffer.wrap(packed.bytes, packed.offset, packed.length).order(ByteOrder.LITTLE_ENDIAN);
    float[] section = new float[vector.length];
    double best = fallback;
    for (int start = 0; start < packed.length; start += size) {
      for (int i = 0; i < section.length; i++) {
        section[i] = bytes.getFloat(packed.offset + start + i * Float.BYTES);
      }
      best = Math.max(best, Vectors.cosine(vector, section));
    }
    return best;
  }
}
