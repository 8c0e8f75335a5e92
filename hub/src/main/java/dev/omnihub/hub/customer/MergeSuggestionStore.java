package dev.omnihub.hub.customer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code merge_suggestions}: a customer claimed an identity that another profile owns, and an agent
 * should decide whether they are one person. One suggestion per pair of profiles and identity (its id
 * says so), so a visitor typing the same email on every page view raises it once. Blocking.
 */
public final class MergeSuggestionStore {

  public static final String OPEN = "open";
  public static final String ACCEPTED = "accepted";
  public static final String DISMISSED = "dismissed";

  /**
   * @param claimantId the profile that claimed the identity
   * @param ownerId    the profile the identity belongs to (proven)
   */
  public record MergeSuggestion(String id, String claimantId, String ownerId, IdentityKey identity, String status,
      java.time.Instant createdAt, java.time.Instant decidedAt, Actor decidedBy) {
  }

  private final MongoCollection<Document> suggestions;
  private final Clock clock;

  public MergeSuggestionStore(MongoStore store, Clock clock) {
    this.suggestions = store.collection(Collections.MERGE_SUGGESTIONS);
    this.clock = clock;
  }

  /** @return the suggestion when it is new, empty when it was raised before */
  public Optional<MergeSuggestion> raise(String claimantId, String ownerId, IdentityKey identity) {
    Document document = new Document("_id", claimantId + "~" + ownerId + "~" + identity.key())
        .append("claimantId", claimantId).append("ownerId", ownerId).append("customerIds", List.of(claimantId, ownerId))
        .append("identity", identity.key()).append("status", OPEN).append("createdAt", Docs.date(clock.instant()));
    try {
      suggestions.insertOne(document);
      return Optional.of(toSuggestion(document));
    } catch (com.mongodb.MongoException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public MergeSuggestion require(String id) {
    return Optional.ofNullable(suggestions.find(Filters.eq("_id", id)).first()).map(MergeSuggestionStore::toSuggestion)
        .orElseThrow(() -> new NotFoundException("merge suggestion", id));
  }

  /**
   * Decides an open suggestion.
   *
   * @return false when it was no longer open
   */
  public boolean decide(String id, String status, Actor actor) {
    return suggestions.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", OPEN)), Updates.combine(
        Updates.set("status", status), Updates.set("decidedAt", Docs.date(clock.instant())),
        Updates.set("decidedBy", new Document("type", actor.type()).append("id", actor.id()).append("name", actor.name()))))
        .getModifiedCount() == 1;
  }

  /** Newest first, by status and, if given, one customer. */
  public Page<MergeSuggestion> list(String status, String customerId, PageCursor cursor, int limit) {
    List<Bson> clauses = new ArrayList<>(List.of(Filters.eq("status", status)));
    if (customerId != null) {
      clauses.add(Filters.eq("customerIds", customerId));
    }
    if (cursor != null) {
      clauses.add(cursor.afterDescending("createdAt"));
    }
    List<Document> fetched = suggestions.find(Filters.and(clauses)).sort(Sorts.descending("createdAt", "_id")).limit(limit + 1)
        .into(new ArrayList<>());
    return Page.fromDocuments(fetched, limit, "createdAt", MergeSuggestionStore::toSuggestion);
  }

  private static MergeSuggestion toSuggestion(Document document) {
    Document decidedBy = document.get("decidedBy", Document.class);
    return new MergeSuggestion(document.getString("_id"), document.getString("claimantId"), document.getString("ownerId"),
        IdentityKey.split(document.getString("identity"), "identity"), document.getString("status"), Docs.instant(document, "createdAt"),
        Docs.instant(document, "decidedAt"),
        decidedBy == null ? null : new Actor(decidedBy.getString("type"), decidedBy.getString("id"), decidedBy.getString("name")));
  }
}
