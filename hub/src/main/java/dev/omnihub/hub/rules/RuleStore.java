package dev.omnihub.hub.rules;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.secrets.SecretBox;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * {@code rules}, {@code rule_runs} and {@code rule_replies}. A rule is stored as the definition it was
 * saved with (and read back through the same parsing), its webhook secret sealed. A run is claimed by
 * inserting its key (rule and event), so a rule applies once per event even when the reactions run
 * again after a crash; a reply is claimed per rule and conversation for a day. Blocking: run through
 * the store.
 */
public final class RuleStore {

  /** How long a rule's reply keeps it from replying in that conversation again. */
  public static final Duration REPLY_QUIET = Duration.ofHours(24);

  private final MongoCollection<Document> rules;
  private final MongoCollection<Document> runs;
  private final MongoCollection<Document> replies;
  private final SecretBox secrets;

  public RuleStore(MongoStore store, SecretBox secrets) {
    this.rules = store.collection(Collections.RULES);
    this.runs = store.collection(Collections.RULE_RUNS);
    this.replies = store.collection(Collections.RULE_REPLIES);
    this.secrets = secrets;
  }

  /** Stores a new rule; without a position it goes after the others. */
  public Rule create(RuleDefinitions.Definition definition, String secret, Instant now) {
    String id = Ids.newId();
    int position = definition.position() != null ? definition.position() : nextPosition();
    Document stored = fill(new Document("_id", id).append("createdAt", Docs.date(now)), definition, position, now)
        .append("secret", secrets.seal(secret, context(id)));
    rules.insertOne(stored);
    return toRule(stored);
  }

  /** Replaces the rule's definition (its id, secret and creation stay); empty when there is none. */
  public Optional<Rule> replace(String id, RuleDefinitions.Definition definition, Instant now) {
    Optional<Rule> existing = find(id);
    if (existing.isEmpty()) {
      return Optional.empty();
    }
    int position = definition.position() != null ? definition.position() : existing.get().position();
    Document changed = fill(new Document(), definition, position, now);
    rules.updateOne(Filters.eq("_id", id), new Document("$set", changed));
    return find(id);
  }

  public boolean delete(String id) {
    return rules.deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1;
  }

  public Optional<Rule> find(String id) {
    return Optional.ofNullable(rules.find(Filters.eq("_id", id)).first()).map(this::toRule);
  }

  /** Every rule in the order they run: by position, then the older first. */
  public List<Rule> all() {
    List<Rule> found = new ArrayList<>();
    rules.find().sort(Sorts.ascending("position", "createdAt", "_id")).forEach(document -> found.add(toRule(document)));
    return found;
  }

  /** @return whether this is the first time the rule runs for the event (and now it has) */
  public boolean claimRun(String ruleId, String eventKey, Instant now) {
    try {
      runs.insertOne(new Document("_id", ruleId + "|" + eventKey).append("at", Docs.date(now)));
      return true;
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  /** @return whether the rule may reply in the conversation now (and now it has): not within the last day */
  public boolean claimReply(String ruleId, String conversationId, Instant now) {
    String key = ruleId + "|" + conversationId;
    try {
      replies.insertOne(new Document("_id", key).append("at", Docs.date(now)));
      return true;
    } catch (RuntimeException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
    }
    return replies.updateOne(Filters.and(Filters.eq("_id", key), Filters.lte("at", Docs.date(now.minus(REPLY_QUIET)))),
        Updates.set("at", Docs.date(now))).getModifiedCount() == 1;
  }

  /** Forgets runs older than the event log keeps events (none of them can run again). */
  public long trimRuns(Instant before) {
    return runs.deleteMany(Filters.lt("at", Docs.date(before))).getDeletedCount();
  }

  private int nextPosition() {
    Document last = rules.find().sort(Sorts.descending("position")).first();
    return last == null ? 1 : last.getInteger("position", 0) + 1;
  }

  private static Document fill(Document stored, RuleDefinitions.Definition definition, int position, Instant now) {
    Rule shown = new Rule("", definition.name(), definition.enabled(), position, definition.on(), definition.idleFor(), definition.all(),
        definition.any(), definition.actions(), definition.stop(), null, now, now);
    JsonObject view = RuleDefinitions.view(shown, false);
    return stored.append("position", position).append("enabled", definition.enabled()).append("on", definition.on())
        .append("definition", view.encode()).append("updatedAt", Docs.date(now));
  }

  private Rule toRule(Document document) {
    String id = document.getString("_id");
    RuleDefinitions.Definition definition = RuleDefinitions.parseStored(new JsonObject(document.getString("definition")));
    return new Rule(id, definition.name(), definition.enabled(), document.getInteger("position", 0), definition.on(), definition.idleFor(),
        definition.all(), definition.any(), definition.actions(), definition.stop(), secrets.open(document.getString("secret"), context(id)),
        Docs.instant(document, "createdAt"), Docs.instant(document, "updatedAt"));
  }

  private static String context(String ruleId) {
    return "rule:" + ruleId;
  }
}
