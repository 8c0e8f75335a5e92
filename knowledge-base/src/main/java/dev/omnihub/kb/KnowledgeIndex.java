package dev.omnihub.kb;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParserBase;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A Lucene index of articles on disk. Text fields are analyzed per article language (one field per
 * language, so each keeps its own analysis); title matches weigh more than body matches. Writes are
 * committed before they return. Thread-safe; blocking (call off any event loop).
 */
public final class KnowledgeIndex implements Closeable {

  private static final String ID = "id";
  private static final String LOCALE = "locale";
  private static final int SNIPPET_LENGTH = 200;

  private final Directory directory;
  private final IndexWriter writer;

  private KnowledgeIndex(Directory directory, IndexWriter writer) {
    this.directory = directory;
    this.writer = writer;
  }

  /** Opens (or creates) the index in a directory. */
  public static KnowledgeIndex open(Path path) {
    try {
      Directory directory = FSDirectory.open(path);
      IndexWriterConfig config = new IndexWriterConfig(new LanguageFieldAnalyzer()).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      return new KnowledgeIndex(directory, new IndexWriter(directory, config));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the knowledge index at " + path, e);
    }
  }

  /** Adds or replaces an article. */
  public void put(Article article) {
    String language = language(article.locale());
    Document document = new Document();
    document.add(new StringField(ID, article.id(), Field.Store.YES));
    document.add(new StringField(LOCALE, article.locale(), Field.Store.YES));
    document.add(new TextField(LanguageFieldAnalyzer.field("title", language), article.title(), Field.Store.YES));
    document.add(new TextField(LanguageFieldAnalyzer.field("body", language), article.body(), Field.Store.YES));
    document.add(new TextField(LanguageFieldAnalyzer.field("tags", language), String.join(" ", article.tags()), Field.Store.NO));
    try {
      writer.updateDocument(new Term(ID, article.id()), document);
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot index article " + article.id(), e);
    }
  }

  public void remove(String articleId) {
    try {
      writer.deleteDocuments(new Term(ID, articleId));
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove article " + articleId, e);
    }
  }

  /** Articles matching free text in a language, best first. Query syntax is not interpreted. */
  public List<Suggestion> search(String text, String locale, int limit) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    String language = language(locale);
    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      Query query = query(text, language);
      List<Suggestion> suggestions = new ArrayList<>();
      for (ScoreDoc hit : searcher.search(query, limit).scoreDocs) {
        Document doc = searcher.storedFields().document(hit.doc);
        suggestions.add(new Suggestion(doc.get(ID), doc.get(LanguageFieldAnalyzer.field("title", language)), snippet(doc.get(LanguageFieldAnalyzer.field("body", language))), hit.score));
      }
      return suggestions;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the knowledge index", e);
    }
  }

  public int size() {
    return writer.getDocStats().numDocs;
  }

  private static Query query(String text, String language) {
    Map<String, Float> boosts = new HashMap<>();
    boosts.put(LanguageFieldAnalyzer.field("title", language), 3f);
    boosts.put(LanguageFieldAnalyzer.field("body", language), 1f);
    boosts.put(LanguageFieldAnalyzer.field("tags", language), 2f);
    MultiFieldQueryParser parser = new MultiFieldQueryParser(boosts.keySet().toArray(String[]::new), Analyzers.forLocale(language), boosts);
    try {
      // Lower-cased so that words like AND/OR/NOT in customer text are words, not operators.
      return parser.parse(QueryParserBase.escape(text.toLowerCase(java.util.Locale.ROOT)));
    } catch (org.apache.lucene.queryparser.classic.ParseException e) {
      return new TermQuery(new Term(LanguageFieldAnalyzer.field("title", language), text));
    }
  }

  private static String language(String locale) {
    String language = java.util.Locale.forLanguageTag(locale == null ? "en" : locale).getLanguage();
    return language.isEmpty() ? "en" : language;
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
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the knowledge index", e);
    }
  }
}
