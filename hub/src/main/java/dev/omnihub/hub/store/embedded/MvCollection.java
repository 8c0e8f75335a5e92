package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * A collection of the embedded store: documents as BSON in an MVStore map keyed by id, with unique and
 * secondary indexes in maps of their own, and a {@link QueryPlanner} choosing how each query is read.
 * Every query's work (entries and documents read, documents matched) goes to the {@link QueryObserver}.
 *
 * <p>Documents in the map are never changed in place: a query made for an update hands out copies, so
 * a reader that already holds a document (and encodes it outside the collection's lock) never sees
 * it change under it.
 */
final class MvCollection extends AbstractSynchronizedMongoCollection<Object> {

  private final MVMap<Object, Document> documents;
  private final QueryObserver observer;
  private boolean copyForUpdate;
  private long keysExamined;
  private long documentsExamined;
  private long matched;

  MvCollection(MongoDatabase database, String collectionName, CollectionOptions options, MVMap<Object, Document> documents,
      CursorRegistry cursorRegistry, QueryObserver observer) {
    super(database, collectionName, options, cursorRegistry);
    this.documents = documents;
    this.observer = observer;
  }

  /** The documents by position. */
  MVMap<Object, Document> documents() {
    return documents;
  }

  /** The field whose value is a document's position (its key in the document map). */
  String idField() {
    return getIdField();
  }

  @Override
  protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
      Document fieldSelector) {
    keysExamined = 0;
    documentsExamined = 0;
    matched = 0;
    QueryPlan plan = QueryPlanner.plan(getIndexes(), query, orderBy, skip, limit, documents.sizeAsLong(), getIdField());
    QueryResult result = switch (plan) {
      case QueryPlan.Scan scan -> matchDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
      case QueryPlan.UniqueLookup lookup -> matchDocumentsFromStream(
          documentsAt(lookup.index().getPositions(lookup.lookup()).iterator()), query, orderBy, skip, limit, batchSize, fieldSelector);
      case QueryPlan.IndexScan scan when scan.ordered() -> matchDocumentsFromStream(query,
          documentsAt(IndexScanner.ordered(scan, read -> keysExamined += read)), skip, limit, batchSize, null, fieldSelector);
      case QueryPlan.IndexScan scan -> matchDocumentsFromStream(
          documentsAt(IndexScanner.all(scan, read -> keysExamined += read).iterator()), query, orderBy, skip, limit, batchSize,
          fieldSelector);
    };
    long returned = Math.max(0, matched - skip);
    if (limit != 0) {
      returned = Math.min(returned, Math.abs(limit));
    }
    observer.queryExecuted(getFullName(), plan.describe(), keysExamined, documentsExamined, returned);
    return result;
  }

  /** The documents at these positions, read lazily; an entry whose document is gone is skipped. */
  private Stream<Document> documentsAt(Iterator<Object> positions) {
    Stream<Object> stream = StreamSupport.stream(Spliterators.spliteratorUnknownSize(positions, Spliterator.ORDERED), false);
    return stream.map(this::getDocument).filter(Objects::nonNull);
  }

  @Override
  protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
      Document fieldSelector) {
    Cursor<Object, Document> cursor = documents.cursor(null, null, isNaturalDescending(orderBy));
    Iterator<Document> all = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return cursor.hasNext();
      }

      @Override
      public Document next() {
        cursor.next();
        documentsExamined++;
        return copyForUpdate ? cursor.getValue().cloneDeeply() : cursor.getValue();
      }
    };
    Stream<Document> stream = StreamSupport.stream(Spliterators.spliteratorUnknownSize(all, Spliterator.ORDERED), false);
    return matchDocumentsFromStream(stream, query, orderBy, skip, limit, batchSize, fieldSelector);
  }

  @Override
  protected boolean documentMatchesQuery(Document document, Document query) {
    boolean matches = super.documentMatchesQuery(document, query);
    if (matches) {
      matched++;
    }
    return matches;
  }

  @Override
  protected Document getDocument(Object position) {
    documentsExamined++;
    Document document = documents.get(position);
    return copyForUpdate && document != null ? document.cloneDeeply() : document;
  }

  @Override
  public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters, boolean isMulti,
      boolean isUpsert, Oplog oplog) {
    copyForUpdate = true;
    try {
      return super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog);
    } finally {
      copyForUpdate = false;
    }
  }

  @Override
  public synchronized Document findAndModify(Document query) {
    copyForUpdate = true;
    try {
      return super.findAndModify(query);
    } finally {
      copyForUpdate = false;
    }
  }

  @Override
  public synchronized int count(Document query, int skip, int limit) {
    return super.count(query, skip, limit);
  }

  /** Builds an index that was never built (new, or its map was lost) from the documents, in this command. */
  @Override
  public synchronized void addIndex(Index<Object> index) {
    if (index instanceof MvSecondaryIndex secondary && secondary.isEmpty()) {
      secondary.clearForBuild();
    } else if (index instanceof MvUniqueIndex unique && unique.isEmpty()) {
      unique.clearForBuild();
    }
    super.addIndex(index);
    if (index instanceof MvSecondaryIndex secondary) {
      secondary.markBuilt();
    } else if (index instanceof MvUniqueIndex unique) {
      unique.markBuilt();
    }
  }

  @Override
  protected Object addDocumentInternal(Document document) {
    Object position = getIdField() != null
        ? Missing.ofNullable(Utils.getSubdocumentValue(document, getIdField()))
        : UUID.randomUUID().toString();
    Document previous = documents.putIfAbsent(position, document);
    if (previous != null) {
      throw new IllegalStateException("a document with id " + position + " is already in " + getFullName());
    }
    return position;
  }

  @Override
  protected void removeDocument(Object position) {
    if (documents.remove(position) == null) {
      throw new NoSuchElementException("no document at " + position + " in " + getFullName());
    }
  }

  @Override
  protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
    documents.put(position, newDocument);
  }

  @Override
  protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
    return documents.entrySet().stream().map(entry -> new DocumentWithPosition<>(entry.getValue(), entry.getKey()));
  }

  @Override
  public int count() {
    return documents.size();
  }

  @Override
  public boolean isEmpty() {
    return documents.isEmpty();
  }

  /** Sizes are not tracked per write (that cost an encode and a counter update each); MVStore reports the file's. */
  @Override
  protected boolean tracksDataSize() {
    return false;
  }

  @Override
  protected void updateDataSize(int sizeDelta) {
    // not tracked
  }

  @Override
  protected int getDataSize() {
    return 0;
  }
}
