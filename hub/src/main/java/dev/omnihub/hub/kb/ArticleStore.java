package dev.omnihub.hub.kb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.audit.StoredActors;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.Suggestion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code kb_articles}, the source of truth of the knowledge base, and {@code kb_article_versions},
 * every version an article had. A deleted article stays as a tombstone ({@code deleted: true}, its
 * version raised) so that every node's index learns of the deletion; the API answers 404 for it.
 * {@code changedAt} orders changes for the nodes that follow them. Blocking.
 */
public final class ArticleStore implements IndexSource {

  /** What a client writes. */
  public record Draft(String title, String body, String locale, List<String> tags, String status) {
  }

  /** One version of an article, as it was. */
  public record Version(long version, String title, String body, String locale, List<String> tags, String status, Instant at,
      Actor by) {
  }

  private final MongoCollection<Document> articles;
  private final MongoCollection<Document> versions;
  private final VersionedEntries versioned;
  private final Clock clock;

  public ArticleStore(MongoStore store, Clock clock) {
    this.articles = store.collection(Collections.KB_ARTICLES);
    this.versioned = new VersionedEntries(articles);
    this.versions = store.collection(Collections.KB_ARTICLE_VERSIONS);
    this.clock = clock;
  }

  public KbArticle create(Draft draft, Actor actor) {
    return create(Ids.newId(), draft, actor);
  }

  /** What an import did with one article. */
  public enum Imported { CREATED, UPDATED, UNCHANGED }

  /**
   * Takes an imported article: the live article with its id (from an export), else the one with its
   * title in its locale, is replaced when its content differs; otherwise it is created (with the id it
   * carries, when that is one of ours and free). A retried import changes nothing the second time.
   */
  public Imported importArticle(String id, Draft draft, Actor actor) {
    Document existing = id != null && Ids.looksLikeId(id) ? articles.find(live(id)).first() : null;
    if (existing == null) {
      existing = articles.find(Filters.and(Filters.eq("deleted", false), Filters.eq("title", draft.title()),
          Filters.eq("locale", draft.locale()))).first();
    }
    if (existing == null) {
      boolean free = id != null && Ids.looksLikeId(id) && articles.find(Filters.eq("_id", id)).first() == null;
      create(free ? id : Ids.newId(), draft, actor);
      return Imported.CREATED;
    }
    KbArticle current = toArticle(existing);
    // A file's last newline is not content: an exported article imports as itself.
    if (current.title().equals(draft.title()) && current.body().stripTrailing().equals(draft.body().stripTrailing())
        && current.locale().equals(draft.locale())
        && current.tags().equals(draft.tags()) && current.status().equals(draft.status())) {
      return Imported.UNCHANGED;
    }
    replace(current.id(), draft, actor);
    return Imported.UPDATED;
  }

  /** Every live article, oldest first (an export). */
  public List<KbArticle> all() {
    return articles.find(Filters.eq("deleted", false)).sort(Sorts.ascending("createdAt", "_id")).map(ArticleStore::toArticle)
        .into(new ArrayList<>());
  }

  private KbArticle create(String id, Draft draft, Actor actor) {
    Instant now = clock.instant();
    Document article = new Document("_id", id)
        .append("title", draft.title())
        .append("body", draft.body())
        .append("locale", draft.locale())
        .append("tags", draft.tags())
        .append("status", draft.status())
        .append("version", 1L)
        .append("deleted", false)
        .append("createdAt", Docs.date(now))
        .append("updatedAt", Docs.date(now))
        .append("changedAt", Docs.date(now));
    articles.insertOne(article);
    recordVersion(article, actor);
    return toArticle(article);
  }

  /**
   * Replaces an article's content.
   *
   * @throws NotFoundException when there is no such article (or it was deleted)
   */
  public KbArticle replace(String id, Draft draft, Actor actor) {
    Instant now = clock.instant();
    Document updated = articles.findOneAndUpdate(live(id), Updates.combine(
        Updates.set("title", draft.title()),
        Updates.set("body", draft.body()),
        Updates.set("locale", draft.locale()),
        Updates.set("tags", draft.tags()),
        Updates.set("status", draft.status()),
        Updates.set("updatedAt", Docs.date(now)),
        Updates.set("changedAt", Docs.date(now)),
        Updates.inc("version", 1L)), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (updated == null) {
      throw new NotFoundException("article", id);
    }
    recordVersion(updated, actor);
    return toArticle(updated);
  }

  /** Publishes or unpublishes. @throws NotFoundException when there is no such article */
  public KbArticle setStatus(String id, String status, Actor actor) {
    KbArticle current = require(id);
    return replace(id, new Draft(current.title(), current.body(), current.locale(), current.tags(), status), actor);
  }

  /** Deletes, leaving a tombstone for the indexes. @throws NotFoundException when there is no such article */
  public void delete(String id) {
    Instant now = clock.instant();
    if (articles.updateOne(live(id), Updates.combine(Updates.set("deleted", true), Updates.set("changedAt", Docs.date(now)),
        Updates.inc("version", 1L))).getMatchedCount() == 0) {
      throw new NotFoundException("article", id);
    }
  }

  /** @throws NotFoundException when there is no such article (or it was deleted) */
  public KbArticle require(String id) {
    Document found = articles.find(live(id)).first();
    if (found == null) {
      throw new NotFoundException("article", id);
    }
    return toArticle(found);
  }

  /** Live articles, newest change first, optionally of one status, locale or tag. */
  public Page<KbArticle> list(String status, String locale, String tag, PageCursor cursor, int limit) {
    List<Bson> clauses = new ArrayList<>(List.of(Filters.eq("deleted", false)));
    if (status != null) {
      clauses.add(Filters.eq("status", status));
    }
    if (locale != null) {
      clauses.add(Filters.eq("locale", locale));
    }
    if (tag != null) {
      clauses.add(Filters.eq("tags", tag));
    }
    if (cursor != null) {
      clauses.add(cursor.afterDescending("updatedAt"));
    }
    List<Document> fetched = articles.find(Filters.and(clauses)).sort(Sorts.descending("updatedAt", "_id")).limit(limit + 1)
        .into(new ArrayList<>());
    return Page.fromDocuments(fetched, limit, "updatedAt", ArticleStore::toArticle);
  }

  /** Every version of a live article, newest first. @throws NotFoundException when there is no such article */
  public List<Version> versions(String id) {
    require(id);
    List<Version> found = new ArrayList<>();
    for (Document version : versions.find(Filters.eq("articleId", id)).sort(Sorts.descending("version"))) {
      Document by = version.get("by", Document.class);
      found.add(new Version(version.getLong("version"), version.getString("title"), version.getString("body"), version.getString("locale"),
          Docs.strings(version, "tags"), version.getString("status"), Docs.instant(version, "at"),
          by == null ? null : new Actor(by.getString("type"), by.getString("id"), by.getString("name"))));
    }
    return found;
  }

  @Override
  public Suggestion.Kind kind() {
    return Suggestion.Kind.ARTICLE;
  }

  @Override
  public long apply(String id, KnowledgeIndex index) {
    KbArticle article = findLive(id);
    if (article == null) {
      index.remove(Suggestion.Kind.ARTICLE, id);
      return -1;
    }
    index.put(article.forIndex(), article.version(), article.published());
    return article.version();
  }

  /** Each article's version, deleted ones as {@code -1}: what the index is compared with. */
  @Override
  public Map<String, Long> currentVersions() {
    return versioned.currentVersions();
  }

  /** Articles (deleted ones too) changed at or after a time, oldest change first. */
  @Override
  public List<Document> changedSince(Instant since, int limit) {
    return versioned.changedSince(since, limit);
  }

  /** The live article with this id, or {@code null}. */
  public KbArticle findLive(String id) {
    Document found = articles.find(live(id)).first();
    return found == null ? null : toArticle(found);
  }

  private static Bson live(String id) {
    return Filters.and(Filters.eq("_id", id), Filters.eq("deleted", false));
  }

  private void recordVersion(Document article, Actor actor) {
    versions.insertOne(new Document("_id", article.getString("_id") + ":" + article.getLong("version"))
        .append("articleId", article.getString("_id"))
        .append("version", article.getLong("version"))
        .append("title", article.getString("title"))
        .append("body", article.getString("body"))
        .append("locale", article.getString("locale"))
        .append("tags", article.get("tags"))
        .append("status", article.getString("status"))
        .append("at", article.get("updatedAt"))
        .append("by", StoredActors.toDocument(actor)));
  }

  static KbArticle toArticle(Document doc) {
    return new KbArticle(doc.getString("_id"), doc.getString("title"), doc.getString("body"), doc.getString("locale"),
        Docs.strings(doc, "tags"), doc.getString("status"), doc.getLong("version"), Docs.instant(doc, "createdAt"),
        Docs.instant(doc, "updatedAt"));
  }
}
