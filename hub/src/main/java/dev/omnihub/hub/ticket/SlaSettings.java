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

  /** One collection of definitions: stored with an id and when they were made, read back as stored. */
  private record Definitions(MongoCollection<Document> collection) {

    Document create(Document definition, Instant now) {
      Document stored = new Document("_id", Ids.newId()).append("createdAt", Docs.date(now));
      stored.putAll(definition);
      collection.insertOne(stored);
      return stored;
    }

    Optional<Document> find(String id) {
      return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first());
    }

    List<Document> all() {
      return collection.find().sort(Sorts.ascending("createdAt", "_id")).into(new ArrayList<>());
    }
  }

  private final Definitions hours;
  private final Definitions policies;

  public SlaSettings(MongoStore store) {
    this.hours = new Definitions(store.collection(Collections.BUSINESS_HOURS));
    this.policies = new Definitions(store.collection(Collections.SLA_POLICIES));
  }

  /** Stores a validated business-hours definition; returns it with its id. */
  public Document createBusinessHours(Document definition, Instant now) {
    return hours.create(definition, now);
  }

  public Optional<Document> businessHours(String id) {
    return hours.find(id);
  }

  public List<Document> allBusinessHours() {
    return hours.all();
  }

  /** Stores a validated SLA policy; returns it with its id. */
  public Document createPolicy(Document definition, Instant now) {
    return policies.create(definition, now);
  }

  public Optional<Document> policy(String id) {
    return policies.find(id);
  }

  public List<Document> allPolicies() {
    return policies.all();
  }
}
