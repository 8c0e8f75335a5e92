package dev.omnihub.hub.kb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.kb.Suggestion;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * What agents said of suggestions: {@code kb_feedback} holds one verdict per conversation, entry and
 * agent (a second click replaces the first, so a retry or a change of mind never counts twice), and
 * {@code kb_feedback_totals} the counts per entry that ranking reads. Blocking; call on the store's
 * writer (a verdict and its totals change together).
 */
public final class SuggestionFeedback {

  /** Counts for one article or answer. */
  public record Totals(long used, long notHelpful) {
    /**
     * How much ranking trusts the entry: 1 with no verdicts, up to 1.25 when agents use it and down to
     * 0.75 when they find it unhelpful (a Laplace-smoothed share, so one vote moves it a little).
     */
    public double weight() {
      return 0.75 + 0.5 * (used + 1.0) / (used + notHelpful + 2.0);
    }
  }

  private final MongoCollection<Document> verdicts;
  private final MongoCollection<Document> totals;
  private final Clock clock;

  public SuggestionFeedback(MongoStore store, Clock clock) {
    this.verdicts = store.collection(Collections.KB_FEEDBACK);
    this.totals = store.collection(Collections.KB_FEEDBACK_TOTALS);
    this.clock = clock;
  }

  /** Records an agent's verdict on a suggestion in a conversation; the totals follow any change of mind. */
  public void record(String conversationId, Suggestion.Kind kind, String id, boolean useful, String agentId) {
    String entry = kind.key(id);
    String key = conversationId + "|" + entry + "|" + agentId;
    Document previous = verdicts.find(Filters.eq("_id", key)).first();
    Boolean before = previous == null ? null : previous.getBoolean("useful");
    verdicts.replaceOne(Filters.eq("_id", key), new Document("_id", key).append("conversationId", conversationId).append("entry", entry)
        .append("useful", useful).append("agentId", agentId).append("at", Docs.date(clock.instant())), new ReplaceOptions().upsert(true));
    if (before != null && before == useful) {
      return;
    }
    Document change = new Document(useful ? "used" : "notHelpful", 1L);
    if (before != null) {
      change.append(before ? "used" : "notHelpful", -1L);
    }
    totals.updateOne(Filters.eq("_id", entry), new Document("$inc", change), new UpdateOptions().upsert(true));
  }

  /** Totals of the given entries (keys from {@link Suggestion.Kind#key}); entries without verdicts are left out. */
  public Map<String, Totals> totals(Collection<String> entries) {
    Map<String, Totals> found = new HashMap<>();
    for (Document doc : totals.find(Filters.in("_id", entries))) {
      found.put(doc.getString("_id"), new Totals(number(doc, "used"), number(doc, "notHelpful")));
    }
    return found;
  }

  /** The entries some agent marked not helpful in this conversation: not suggested there again. */
  public Set<String> dismissedIn(String conversationId) {
    Set<String> dismissed = new HashSet<>();
    for (Document doc : verdicts.find(Filters.and(Filters.eq("conversationId", conversationId), Filters.eq("useful", false)))) {
      dismissed.add(doc.getString("entry"));
    }
    return dismissed;
  }

  /** Forgets the verdicts given in conversations (they are being deleted); totals keep their counts, which name no one. */
  public void forget(List<String> conversationIds) {
    verdicts.deleteMany(Filters.in("conversationId", conversationIds));
  }


  private static long number(Document doc, String field) {
    return doc.get(field) instanceof Number number ? Math.max(0, number.longValue()) : 0;
  }
}
