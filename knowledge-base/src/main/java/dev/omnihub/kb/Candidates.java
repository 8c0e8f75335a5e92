package dev.omnihub.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Gathers a query's candidates, the best of the BM25 ranking and of the vector ranking, and the
 * {@link Evidence} of each: its exact cosine (read from the index for those only words found), its
 * BM25 score relative to the best, and which of the query's words it contains.
 */
final class Candidates {

  private Candidates() {
  }

  /**
   * @param matching the words of the query, per field
   * @param filter   which entries the scope allows
   * @param vector   the query's embedding, or {@code null} (then every cosine is 0)
   * @param count    how many each ranking offers
   */
  static List<Evidence> collect(IndexSearcher searcher, Query matching, Query filter, String vectorField, String sectionsField,
      float[] vector, int count) throws IOException {
    TopDocs lexical = searcher.search(new BooleanQuery.Builder().add(matching, BooleanClause.Occur.MUST)
        .add(filter, BooleanClause.Occur.FILTER).build(), count);
    Map<Integer, Double> cosines = new HashMap<>();
    Map<Integer, Double> lexicalScores = new LinkedHashMap<>();
    double bestLexical = lexical.scoreDocs.length == 0 ? 0 : lexical.scoreDocs[0].score;
    for (ScoreDoc hit : lexical.scoreDocs) {
      lexicalScores.put(hit.doc, bestLexical == 0 ? 0 : hit.score / bestLexical);
    }
    if (vector != null) {
      for (ScoreDoc hit : searcher.search(new KnnFloatVectorQuery(vectorField, vector, count, filter), count).scoreDocs) {
        cosines.put(hit.doc, 2.0 * hit.score - 1); // Lucene's cosine score is (1 + cos) / 2
      }
    }
    Set<Integer> union = new HashSet<>(cosines.keySet());
    union.addAll(lexicalScores.keySet());
    int[] docs = union.stream().mapToInt(Integer::intValue).sorted().toArray();
    if (vector != null) {
      readCosines(searcher.getIndexReader(), vectorField, vector, docs, cosines);
    }
    double[] coverage = coverage(searcher, matching, docs);
    double[] sections = new double[docs.length];
    for (int i = 0; i < docs.length; i++) {
      sections[i] = cosines.getOrDefault(docs[i], 0.0);
    }
    if (vector != null) {
      readSections(searcher.getIndexReader(), sectionsField, vector, docs, sections);
    }
    double bestCosine = cosines.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    List<Evidence> evidence = new ArrayList<>(docs.length);
    for (int i = 0; i < docs.length; i++) {
      evidence.add(new Evidence(docs[i], cosines.getOrDefault(docs[i], 0.0), bestCosine, sections[i],
          lexicalScores.getOrDefault(docs[i], 0.0), coverage[i]));
    }
    return evidence;
  }

  /** The exact cosines of the candidates the vector ranking did not offer. */
  private static void readCosines(IndexReader reader, String field, float[] vector, int[] docs, Map<Integer, Double> cosines)
      throws IOException {
    List<LeafReaderContext> leaves = reader.leaves();
    for (int doc : docs) {
      if (cosines.containsKey(doc)) {
        continue;
      }
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
      FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
      if (values == null) {
        continue;
      }
      KnnVectorValues.DocIndexIterator iterator = values.iterator();
      int local = doc - leaf.docBase;
      if (iterator.advance(local) == local) {
        cosines.put(doc, Vectors.cosine(vector, values.vectorValue(iterator.index())));
      }
    }
  }

  /** For each doc (ascending), its best section's cosine where it has sections (else left as its own cosine). */
  private static void readSections(IndexReader reader, String field, float[] vector, int[] docs, double[] best) throws IOException {
    List<LeafReaderContext> leaves = reader.leaves();
    int next = 0;
    for (LeafReaderContext leaf : leaves) {
      int end = leaf.docBase + leaf.reader().maxDoc();
      int first = next;
      while (next < docs.length && docs[next] < end) {
        next++;
      }
      BinaryDocValues packed = first == next ? null : leaf.reader().getBinaryDocValues(field);
      if (packed == null) {
        continue;
      }
      for (int i = first; i < next; i++) {
        if (packed.advanceExact(docs[i] - leaf.docBase)) {
          best[i] = Sections.bestCosine(vector, packed.binaryValue(), best[i]);
        }
      }
    }
  }

  /**
   * For each doc (ascending), the share of the query's distinct words it contains in any field, each
   * word weighted by its inverse document frequency (a word the index never saw weighs as much as its
   * rarest: the query is about something the entries do not name).
   */
  static double[] coverage(IndexSearcher searcher, Query matching, int[] docs) throws IOException {
    Set<Term> terms = new HashSet<>();
    matching.visit(QueryVisitor.termCollector(terms));
    Map<String, List<Term>> byWord = new LinkedHashMap<>();
    for (Term term : terms) {
      byWord.computeIfAbsent(term.text(), word -> new ArrayList<>()).add(term);
    }
    IndexReader reader = searcher.getIndexReader();
    int size = Math.max(1, reader.numDocs());
    double[] covered = new double[docs.length];
    double total = 0;
    List<LeafReaderContext> leaves = reader.leaves();
    for (List<Term> fields : byWord.values()) {
      int documentFrequency = 0;
      for (Term term : fields) {
        documentFrequency = Math.max(documentFrequency, reader.docFreq(term));
      }
      // A word no entry has weighs as much as one only one entry has: more would let a single unknown
      // word swamp a small index, where every known word is in most entries.
      int rarity = Math.max(1, documentFrequency);
      double weight = Math.log(1 + (size - rarity + 0.5) / (rarity + 0.5));
      total += weight;
      if (documentFrequency == 0) {
        continue;
      }
      boolean[] contains = new boolean[docs.length];
      for (Term term : fields) {
        mark(leaves, term, docs, contains);
      }
      for (int i = 0; i < docs.length; i++) {
        if (contains[i]) {
          covered[i] += weight;
        }
      }
    }
    if (total > 0) {
      for (int i = 0; i < covered.length; i++) {
        covered[i] /= total;
      }
    }
    return covered;
  }

  private static void mark(List<LeafReaderContext> leaves, Term term, int[] docs, boolean[] contains) throws IOException {
    int next = 0;
    for (LeafReaderContext leaf : leaves) {
      int end = leaf.docBase + leaf.reader().maxDoc();
      int first = next;
      while (next < docs.length && docs[next] < end) {
        next++;
      }
      if (first == next) {
        continue;
      }
      Terms fieldTerms = leaf.reader().terms(term.field());
      if (fieldTerms == null) {
        continue;
      }
      TermsEnum words = fieldTerms.iterator();
      if (!words.seekExact(term.bytes())) {
        continue;
      }
      PostingsEnum postings = words.postings(null, PostingsEnum.NONE);
      for (int i = first; i < next; i++) {
        int local = docs[i] - leaf.docBase;
        int at = postings.docID() >= local ? postings.docID() : postings.advance(local);
        if (at == local) {
          contains[i] = true;
        }
      }
    }
  }
}
