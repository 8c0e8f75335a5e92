package dev.omnihub.hub.ticket;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * {@code business_hours} and {@code sla_policies}, stored as the API gives them once validated
 * ({@link SlaDefinitions}): the clocks read a calendar and a policy back through the same parsing.
 * Blocking: run through the store.
 */
public final class SlaSettings {

  private final MongoCollection<Document> hours;
  private final MongoCollection<Document> policies;

  public SlaSettings(MongoStore store) {
    this.hours = store.collection(Collections.BUSINESS_HOURS);
    this.policies = store.collection(Collections.SLA_POLICIES);
  }

  /** Stores a validated business-hours definition; returns it with its id. */
  public Document createBusinessHours(Document definition, Instant now) {
    Document stored = new Document("_id", Ids.newId()).append("createdAt", Docs.date(now));
    stored.putAll(definition);
    hours.insertOne(stored);
    return stored;
  }

  public Optional<Document> businessHours(String id) {
    return Optional.ofNullable(hours.find(Filters.eq("_id", id)).first());
  }

  public List<Document> allBusinessHours() {
    return hours.find().sort(Sorts.ascending("createdAt", "_id")).into(new ArrayList<>());
  }

  /** Stores a validated SLA policy; returns it with its id. */
  public Document createPolicy(Document definition, Instant now) {
    Document stored = new Document("_id", Ids.newId()).append("createdAt", Docs.date(now));
    stored.putAll(definition);
    policies.insertOne(stored);
    return stored;
  }

  public Optional<Document> policy(String id) {
    return Optional.ofNullable(policies.find(Filters.eq("_id", id)).first());
  }

  public List<Document> allPolicies() {
    return policies.find().sort(Sorts.ascending("createdAt", "_id")).into(new ArrayList<>());
  }
}
