package dev.omnihub.hub.canned;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code canned_responses}: shortcuts are unique (case-insensitively, the unique index is on the
 * lower-cased shortcut), so {@code /refund} picks one answer. Blocking: run through the store.
 */
public final class CannedResponseStore {

  /** What a change sets; {@code null} leaves a field (a blank locale clears it). */
  public record Change(String shortcut, String title, String text, String locale) {
  }

  private final MongoCollection<Document> responses;

  public CannedResponseStore(MongoStore store) {
    this.responses = store.collection(Collections.CANNED_RESPONSES);
  }

  /** @throws ConflictException {@code shortcut_taken} */
  public CannedResponse create(String shortcut, String title, String text, String locale, Instant now) {
    Document stored = new Document("_id", Ids.newId()).append("shortcut", shortcut).append("shortcutKey", key(shortcut)).append("title", title)
        .append("text", text).append("locale", locale).append("createdAt", Docs.date(now)).append("updatedAt", Docs.date(now));
    try {
      responses.insertOne(stored);
    } catch (RuntimeException e) {
      throw taken(e, shortcut);
    }
    return toResponse(stored);
  }

  /** @return empty when there is none; @throws ConflictException {@code shortcut_taken} */
  public Optional<CannedResponse> change(String id, Change change, Instant now) {
    List<Bson> updates = new ArrayList<>(List.of(Updates.set("updatedAt", Docs.date(now))));
    if (change.shortcut() != null) {
      updates.add(Updates.set("shortcut", change.shortcut()));
      updates.add(Updates.set("shortcutKey", key(change.shortcut())));
    }
    if (change.title() != null) {
      updates.add(Updates.set("title", change.title()));
    }
    if (change.text() != null) {
      updates.add(Updates.set("text", change.text()));
    }
    if (change.locale() != null) {
      updates.add(Updates.set("locale", change.locale().isBlank() ? null : change.locale()));
    }
    try {
      return Optional.ofNullable(responses.findOneAndUpdate(Filters.eq("_id", id), Updates.combine(updates),
          new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(CannedResponseStore::toResponse);
    } catch (RuntimeException e) {
      throw taken(e, change.shortcut());
    }
  }

  public boolean delete(String id) {
    return responses.deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1;
  }

  public Optional<CannedResponse> find(String id) {
    return Optional.ofNullable(responses.find(Filters.eq("_id", id)).first()).map(CannedResponseStore::toResponse);
  }

  /**
   * For the composer's {@code /} picker: those whose shortcut or title contains the query (any case),
   * shortcuts that start with it first, then by shortcut; all of them (by shortcut) for no query.
   */
  public List<CannedResponse> search(String query, int limit) {
    Bson filter = new Document();
    String wanted = query == null ? "" : query.strip().replaceFirst("^/", "");
    if (!wanted.isEmpty()) {
      Pattern contains = Pattern.compile(Pattern.quote(wanted), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      filter = Filters.or(Filters.regex("shortcut", contains), Filters.regex("title", contains));
    }
    List<CannedResponse> found = new ArrayList<>();
    responses.find(filter).sort(Sorts.ascending("shortcutKey")).limit(500).forEach(document -> found.add(toResponse(document)));
    String prefix = key(wanted);
    return found.stream().sorted(java.util.Comparator.comparing((CannedResponse response) -> !key(response.shortcut()).startsWith(prefix)))
        .limit(limit).toList();
  }

  private static String key(String shortcut) {
    return shortcut == null ? null : shortcut.toLowerCase(Locale.ROOT);
  }

  private static RuntimeException taken(RuntimeException e, String shortcut) {
    return DuplicateKeys.isDuplicateKey(e) ? new ConflictException("shortcut_taken", "another canned response has the shortcut '" + shortcut
        + "'") : e;
  }

  private static CannedResponse toResponse(Document document) {
    return new CannedResponse(document.getString("_id"), document.getString("shortcut"), document.getString("title"),
        document.getString("text"), document.getString("locale"), Docs.instant(document, "createdAt"), Docs.instant(document, "updatedAt"));
  }
}
