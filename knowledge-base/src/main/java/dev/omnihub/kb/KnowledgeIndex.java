package dev.omnihub.kb;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParserBase;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * A Lucene index of help articles and earlier answers on disk. Text fields are analyzed per language
 * (one field per language, so each keeps its own analysis); title matches weigh more than body
 * matches. With a {@link TextEmbedder}, each entry also gets a sentence embedding and searches are
 * hybrid: the BM25 ranking and the vector ranking fused by reciprocal rank. Thread-safe; blocking
 * (call off any event loop).
 */
public final class KnowledgeIndex implements Closeable {

  private static final String KEY = "key";
  private static final String ID = "id";
  private static final String KIND = "kind";
  private static final String LOCALE = "locale";
  private static final String VERSION = "version";
  private static final String STATUS = "status";
  private static final String PUBLISHED = "published";
  private static final String EMBEDDER = "embedder";
  /**
   * What the index's documents hold besides the embedder's vectors; an index of another format is
   * indexed again. 2: articles' words unstemmed, for spelling corrections; 3: articles' section vectors.
   */
  private static final String FORMAT = "format";
  private static final String CURRENT_FORMAT = "3";
  private static final int SNIPPET_LENGTH = 400;
  private static final int MAX_HIGHLIGHTED_CHARS = 100_000;
  /**
   * A query longer than this is embedded by its {@link Gist} (first sentences and the last): an
   * embedding's time grows with its text. On the evaluation sets 300 changes no ranking (the longest
   * message there is 248 characters), 200 loses one long message's first hit; it bounds what a
   * rambling 1,000-character message costs.
   */
  private static final int QUERY_CHARS = 300;
  /**
   * The most of a text a search reads. A call transcript's message is up to 256 KiB; read whole, its
   * query parsing and spelling correction took seconds and most of a hub's allocation (a trend check
   * of three 15 MiB transcripts: 8 GB of garbage). Its beginning (the story) and its end (the
   * question) are kept.
   */
  static final int MAX_QUERY_CHARS = 2_000;
  /** Each ranking (words, meaning) offers this many candidates to {@link Confidence}. */
  private static final int CANDIDATES = 20;
  private static final LanguageFieldAnalyzer ANALYZER = new LanguageFieldAnalyzer();
  /** Bodies keep their words' offsets, so highlighting reads them instead of analyzing each hit again. */
  private static final FieldType BODY = new FieldType(TextField.TYPE_STORED);

  /** An article's words as written, only to correct typos against: which documents have them, nothing more. */
  private static final FieldType SPELLING = new FieldType(TextField.TYPE_NOT_STORED);

  static {
    BODY.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    BODY.freeze();
    SPELLING.setIndexOptions(IndexOptions.DOCS);
    SPELLING.setOmitNorms(true);
    SPELLING.freeze();
  }

  private final Directory directory;
  private final IndexWriter writer;
  private final TextEmbedder embedder;
  /** Searches see every write at once (near real time) without a commit or a new reader per query. */
  private final SearcherManager searchers;
  /**
   * Writes done, and the writes the searcher is known to see. A search refreshes first when it is
   * behind (reopening after every write of a bulk load would cost more than the writes), and a
   * search that meets another's refresh in flight waits for a refresh of its own: it must see every
   * write that finished before it began.
   */
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong seen = new AtomicLong();
  private final QueryText queryText = new QueryText(Synonyms.standard(), new Spelling());

  private KnowledgeIndex(Directory directory, IndexWriter writer, TextEmbedder embedder) throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.embedder = embedder;
    this.searchers = new SearcherManager(writer, null);
  }

  /** Opens (or creates) a lexical-only index. */
  public static KnowledgeIndex open(Path path) {
    return open(path, TextEmbedder.NONE);
  }

  /**
   * Opens (or creates) the index in a directory. An index that cannot be read (corrupt, or written by
   * an incompatible Lucene), or whose vectors came from another embedder, is started empty: the store
   * holds the articles, and the caller sees through {@link #indexedVersions} that everything must be
   * indexed again.
   */
  public static KnowledgeIndex open(Path path, TextEmbedder embedder) {
    try {
      Directory directory = FSDirectory.open(path);
      KnowledgeIndex index;
      try {
        index = new KnowledgeIndex(directory, new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)), embedder);
      } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException unreadable) {
        warn("The knowledge index at " + path + " cannot be read (" + unreadable.getMessage() + "); starting it again from the store");
        for (String file : directory.listAll()) {
          directory.deleteFile(file);
        }
        index = new KnowledgeIndex(directory, new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE)), embedder);
      }
      index.dropIfEmbeddedOtherwise(path);
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the knowledge index at " + path, e);
    }
  }

  private void dropIfEmbeddedOtherwise(Path path) {
    Map<String, String> written = new HashMap<>();
    Iterable<Map.Entry<String, String>> commitData = writer.getLiveCommitData();
    if (commitData != null) {
      commitData.forEach(entry -> written.put(entry.getKey(), entry.getValue()));
    }
    if (size() > 0 && !(embedder.id().equals(written.get(EMBEDDER)) && CURRENT_FORMAT.equals(written.get(FORMAT)))) {
      warn("The knowledge index at " + path + " was embedded with " + written.get(EMBEDDER) + " in format " + written.get(FORMAT)
          + ", not " + embedder.id() + " in format " + CURRENT_FORMAT + "; indexing it again");
      clear();
    }
    writer.setLiveCommitData(Map.of(EMBEDDER, embedder.id(), FORMAT, CURRENT_FORMAT).entrySet());
  }

  /** Closing does not commit: only {@link #commit()} does, so a stop loses what a kill would, and no more. */
  private static IndexWriterConfig config(IndexWriterConfig.OpenMode mode) {
    return new IndexWriterConfig(new LanguageFieldAnalyzer()).setOpenMode(mode).setCommitOnClose(false);
  }

  /** Adds or replaces a published article, version 0, and commits (tests, small imports). */
  public void put(Article article) {
    put(article, 0, true);
    commit();
  }

  /**
   * Adds or replaces an article; searches see it at once. Not durable until {@link #commit()}: the
   * store is the source of truth, and {@link #indexedVersions()} tells what to index again after a
   * crash.
   *
   * @param version   the store's version of the article, to tell a stale entry from a current one
   * @param published whether self-service and suggestions may offer it; agents' search finds drafts too
   */
  public void put(Article article, long version, boolean published) {
    String language = language(article.locale());
    Document document = entry(Suggestion.Kind.ARTICLE, article.id(), version, published, language);
    document.add(new StringField(LOCALE, article.locale(), Field.Store.YES));
    document.add(new TextField(LanguageFieldAnalyzer.field("title", language), article.title(), Field.Store.YES));
    document.add(new Field(LanguageFieldAnalyzer.field("body", language), article.body(), BODY));
    document.add(new TextField(LanguageFieldAnalyzer.field("tags", language), String.join(" ", article.tags()), Field.Store.NO));
    if (Spelling.corrects(language)) {
      // Articles only: answers hold what customers wrote, typos included.
      document.add(new Field(Spelling.field(language), article.title() + "\n" + article.body() + "\n" + String.join(" ", article.tags()),
          SPELLING));
    }
    addVector(document, article.title() + "\n" + article.body(), language);
    addSections(document, article, language);
    write(document);
  }

  /**
   * Adds or replaces an answered question (found by its question, showing its answer); like an
   * article, durable after {@link #commit()}.
   */
  public void put(AnsweredQuestion answered, long version) {
    String language = Analyzers.queryLanguage(answered.question(), "en");
    Document document = entry(Suggestion.Kind.ANSWER, answered.id(), version, true, language);
    document.add(new TextField(LanguageFieldAnalyzer.field("title", language), answered.question(), Field.Store.YES));
    document.add(new Field(LanguageFieldAnalyzer.field("body", language), answered.answer(), BODY));
    addVector(document, answered.question(), language);
    write(document);
  }

  private static Document entry(Suggestion.Kind kind, String id, long version, boolean published, String language) {
    Document document = new Document();
    document.add(new StringField(KEY, kind.key(id), Field.Store.NO));
    document.add(new StringField(ID, id, Field.Store.YES));
    document.add(new StringField(KIND, kind.wire(), Field.Store.YES));
    document.add(new StringField("language", language, Field.Store.YES));
    document.add(new NumericDocValuesField(VERSION, version));
    document.add(new StringField(STATUS, published ? PUBLISHED : "draft", Field.Store.NO));
    return document;
  }

  private void addVector(Document document, String text, String language) {
    float[] vector = embedder.embed(text, language);
    if (vector != null) {
      document.add(new KnnFloatVectorField(vectorField(language), vector, VectorSimilarityFunction.COSINE));
    }
  }

  private float[] embedQuery(String text, String language) {
    return embedder.embed(Gist.of(text, QUERY_CHARS), language);
  }

  private void addSections(Document document, Article article, String language) {
    List<float[]> vectors = new ArrayList<>();
    for (String section : Sections.of(article.title(), article.body())) {
      float[] vector = embedder.embed(section, language);
      if (vector == null) {
        return;
      }
      vectors.add(vector);
    }
    if (!vectors.isEmpty()) {
      document.add(new BinaryDocValuesField(sectionsField(language), Sections.pack(vectors)));
    }
  }

  private void write(Document document) {
    try {
      writer.updateDocument(new Term(KEY, document.get(KEY)), document);
      written.incrementAndGet();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot index " + document.get(KIND) + " " + document.get(ID), e);
    }
  }

  /** Removes an article; searches stop finding it at once. Durable after {@link #commit()}. */
  public void remove(String articleId) {
    remove(Suggestion.Kind.ARTICLE, articleId);
  }

  /** Removes an article or an answer; searches stop finding it at once. Durable after {@link #commit()}. */
  public void remove(Suggestion.Kind kind, String id) {
    try {
      writer.deleteDocuments(new Term(KEY, kind.key(id)));
      written.incrementAndGet();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + kind.wire() + " " + id, e);
    }
  }

  /** A searcher that sees every write so far. */
  private IndexSearcher acquire() throws IOException {
    long target = written.get();
    if (seen.get() < target) {
      searchers.maybeRefreshBlocking();
      seen.accumulateAndGet(target, Math::max);
    }
    return searchers.acquire();
  }

  /** Makes every change so far durable (an fsync): call after a batch, not after each article. */
  public void commit() {
    try {
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the knowledge index", e);
    }
  }

  /** Every indexed article with the store version it was indexed at: what a reconciliation compares. */
  public Map<String, Long> indexedVersions() {
    return indexedVersions(Suggestion.Kind.ARTICLE);
  }

  /** Every indexed entry of a kind with the store version it was indexed at. */
  public Map<String, Long> indexedVersions(Suggestion.Kind kind) {
    Map<String, Long> versions = new HashMap<>();
    try {
      IndexSearcher searcher = acquire();
      try {
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
          Bits live = leaf.reader().getLiveDocs();
          NumericDocValues values = leaf.reader().getNumericDocValues(VERSION);
          var stored = leaf.reader().storedFields();
          for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
            if (live != null && !live.get(doc)) {
              continue;
            }
            long version = values != null && values.advanceExact(doc) ? values.longValue() : -1;
            Document fields = stored.document(doc, Set.of(ID, KIND));
            if (kind.wire().equals(fields.get(KIND))) {
              versions.put(fields.get(ID), version);
            }
          }
        }
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the knowledge index", e);
    }
    return versions;
  }

  /** Articles matching free text in a language, best first (drafts included). Query syntax is not interpreted. */
  public List<Suggestion> search(String text, String locale, int limit) {
    return search(text, locale, limit, SearchScope.ALL_ARTICLES);
  }

  /** Articles matching free text, best first; published ones only when asked. */
  public List<Suggestion> search(String text, String locale, int limit, boolean publishedOnly) {
    return search(text, locale, limit, publishedOnly ? SearchScope.PUBLISHED_ARTICLES : SearchScope.ALL_ARTICLES);
  }

  /**
   * Entries matching free text, best first, each with its {@link Confidence}. The query's language is
   * its script's (Chinese when it has Han characters), else the locale's; it meets entries of that
   * language. Typos are corrected against the articles' words first. A scope answers nothing when its
   * first result's confidence is under {@link SearchScope#floor()}, and leaves out any result under
   * {@link SearchScope#hitFloor()}.
   */
  public List<Suggestion> search(String text, String locale, int limit, SearchScope scope) {
    return search(text, locale, limit, scope, null, true, limit);
  }

  /**
   * As {@link #search(String, String, int, SearchScope)}, with passages highlighted for the first
   * {@code highlighted} results only; the others show their article's opening. For a caller that
   * reorders more candidates than it shows: highlighting is most of a search's time after the
   * embedding.
   */
  public List<Suggestion> search(String text, String locale, int limit, SearchScope scope, int highlighted) {
    return search(text, locale, limit, scope, null, true, highlighted);
  }

  /** As {@link #search(String, String, int, SearchScope)}, with the text's {@link #embed embedding} already made. */
  public List<Suggestion> search(String text, String locale, int limit, SearchScope scope, float[] vector) {
    return search(text, locale, limit, scope, vector, false, limit);
  }

  private List<Suggestion> search(String whole, String locale, int limit, SearchScope scope, float[] given, boolean embed,
      int highlighted) {
    if (whole == null || whole.isBlank() || limit <= 0) {
      return List.of();
    }
    String text = bounded(whole);
    String language = Analyzers.queryLanguage(text, locale);
    try {
      IndexSearcher searcher = acquire();
      try {
        String corrected = queryText.rewrite(searcher.getIndexReader(), text, language);
        float[] vector = embed ? embedQuery(corrected, language) : given;
        Query matching = query(corrected, language);
        List<Evidence> candidates = Candidates.collect(searcher, matching, filter(scope), vectorField(language), sectionsField(language), vector,
            Math.max(limit, CANDIDATES));
        TopDocs top = rank(candidates, language, vector != null, scope, limit);
        return suggestions(searcher, matching, top, language, highlighted);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the knowledge index", e);
    }
  }

  /** Each candidate's evidence by entry id, typos corrected (evaluation tools: what {@link Confidence} is fitted on). */
  Map<String, Evidence> evidence(String whole, String locale, SearchScope scope, int count, boolean embed) {
    String text = bounded(whole);
    String language = Analyzers.queryLanguage(text, locale);
    try {
      IndexSearcher searcher = acquire();
      try {
        String corrected = queryText.rewrite(searcher.getIndexReader(), text, language);
        Map<String, Evidence> byId = new LinkedHashMap<>();
        for (Evidence evidence : Candidates.collect(searcher, query(corrected, language), filter(scope), vectorField(language), sectionsField(language),
            embed ? embedQuery(corrected, language) : null, count)) {
          byId.put(searcher.storedFields().document(evidence.doc(), Set.of(ID)).get(ID), evidence);
        }
        return byId;
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the knowledge index", e);
    }
  }

  /** The text as a search reads it: typos corrected against the articles' words (evaluation tools). */
  String corrected(String text, String locale) {
    try {
      IndexSearcher searcher = acquire();
      try {
        return queryText.rewrite(searcher.getIndexReader(), text, Analyzers.queryLanguage(text, locale));
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the knowledge index", e);
    }
  }

  /** The candidates by confidence, best first, those under the scope's floors left out; none when the best is under it. */
  private static TopDocs rank(List<Evidence> candidates, String language, boolean embedded, SearchScope scope, int limit) {
    ScoreDoc[] ranked = candidates.stream().map(evidence -> new ScoreDoc(evidence.doc(), (float) Confidence.of(evidence, language, embedded)))
        .filter(hit -> hit.score >= scope.hitFloor())
        .sorted(Comparator.comparingDouble((ScoreDoc hit) -> -hit.score).thenComparingInt(hit -> hit.doc)).limit(limit)
        .toArray(ScoreDoc[]::new);
    if (ranked.length > 0 && ranked[0].score < scope.floor()) {
      ranked = new ScoreDoc[0];
    }
    return new TopDocs(new TotalHits(ranked.length, TotalHits.Relation.EQUAL_TO), ranked);
  }

  private List<Suggestion> suggestions(IndexSearcher searcher, Query matching, TopDocs top, String language, int highlighted)
      throws IOException {
    String body = LanguageFieldAnalyzer.field("body", language);
    // The passages of each body that match best, the matched words marked (<mark>, the rest HTML-escaped).
    ScoreDoc[] shown = Arrays.copyOf(top.scoreDocs, Math.min(Math.max(0, highlighted), top.scoreDocs.length));
    String[] passages = shown.length == 0 ? new String[0] : UnifiedHighlighter.builder(searcher, ANALYZER)
        .withMaxLength(MAX_HIGHLIGHTED_CHARS).withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true)).build()
        .highlight(body, matching, new TopDocs(new TotalHits(shown.length, TotalHits.Relation.EQUAL_TO), shown), 2);
    List<Suggestion> suggestions = new ArrayList<>();
    for (int i = 0; i < top.scoreDocs.length; i++) {
      ScoreDoc hit = top.scoreDocs[i];
      Document doc = searcher.storedFields().document(hit.doc);
      Suggestion.Kind kind = Suggestion.Kind.valueOf(doc.get(KIND).toUpperCase(java.util.Locale.ROOT));
      // An answer is short and read whole; an article shows the passages that matched.
      String passage = kind == Suggestion.Kind.ANSWER || i >= passages.length ? null : passages[i];
      suggestions.add(new Suggestion(kind, doc.get(ID), doc.get(LanguageFieldAnalyzer.field("title", language)),
          passage != null ? passage : escape(snippet(doc.get(body))), hit.score));
    }
    return suggestions;
  }

  private static Query filter(SearchScope scope) {
    Query published = new TermQuery(new Term(STATUS, PUBLISHED));
    Query articles = new TermQuery(new Term(KIND, Suggestion.Kind.ARTICLE.wire()));
    return switch (scope) {
      case ALL_ARTICLES -> articles;
      case PUBLISHED_ARTICLES, MATCHING_ARTICLES -> new BooleanQuery.Builder().add(articles, BooleanClause.Occur.FILTER)
          .add(published, BooleanClause.Occur.FILTER).build();
      // Answers are indexed as published: for agents only, which this scope is.
      case SUGGESTIONS -> published;
    };
  }

  /**
   * The embedding of a text in its language (by script, else the locale), typos corrected as a search
   * corrects them, or {@code null} without a model for it.
   */
  public float[] embed(String whole, String locale) {
    if (whole == null || whole.isBlank()) {
      return null;
    }
    String text = bounded(whole);
    String language = Analyzers.queryLanguage(text, locale);
    try {
      IndexSearcher searcher = acquire();
      try {
        return embedQuery(queryText.rewrite(searcher.getIndexReader(), text, language), language);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the knowledge index", e);
    }
  }

  /** The least similarity at which the embedder calls two questions of a language the same question. */
  public float sameQuestionFloor(String language) {
    return embedder.sameQuestionFloor(language);
  }

  public int size() {
    return writer.getDocStats().numDocs;
  }

  /** Removes every entry (a rebuild starts from nothing). */
  public void clear() {
    try {
      writer.deleteAll();
      written.incrementAndGet();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the knowledge index", e);
    }
  }

  /** At most {@link #MAX_QUERY_CHARS}: a long text's beginning and end, without reading its middle. */
  static String bounded(String text) {
    if (text.length() <= MAX_QUERY_CHARS) {
      return text;
    }
    int tail = MAX_QUERY_CHARS / 4;
    return text.substring(0, MAX_QUERY_CHARS - tail - 1) + "\n" + text.substring(text.length() - tail);
  }

  private static Query query(String text, String language) {
    Map<String, Float> boosts = new HashMap<>();
    boosts.put(LanguageFieldAnalyzer.field("title", language), 3f);
    boosts.put(LanguageFieldAnalyzer.field("body", language), 1f);
    boosts.put(LanguageFieldAnalyzer.field("tags", language), 2f);
    MultiFieldQueryParser parser = new MultiFieldQueryParser(boosts.keySet().toArray(String[]::new), ANALYZER, boosts);
    try {
      // Lower-cased so that words like AND/OR/NOT in customer text are words, not operators.
      return parser.parse(QueryParserBase.escape(text.toLowerCase(java.util.Locale.ROOT)));
    } catch (org.apache.lucene.queryparser.classic.ParseException e) {
      return new TermQuery(new Term(LanguageFieldAnalyzer.field("title", language), text));
    }
  }


  private static String vectorField(String language) {
    return "vector_" + language;
  }

  private static String sectionsField(String language) {
    return "sections_" + language;
  }

  private static String language(String locale) {
    String language = java.util.Locale.forLanguageTag(locale == null ? "en" : locale).getLanguage();
    return language.isEmpty() ? "en" : language;
  }

  private static void warn(String message) {
    System.getLogger(KnowledgeIndex.class.getName()).log(System.Logger.Level.WARNING, message);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String snippet(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= SNIPPET_LENGTH ? body : body.substring(0, SNIPPET_LENGTH - 1) + "…";
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the knowledge index", e);
    }
  }
}
