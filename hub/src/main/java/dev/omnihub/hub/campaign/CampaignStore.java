package dev.omnihub.hub.campaign;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code campaigns}: each campaign with where its sends got to ({@code progress}, the last customer id
 * handled) and their counts, both moved by one conditional update per batch, so a batch run again after
 * a crash counts nothing twice. Blocking: run through the store.
 */
public final class CampaignStore {

  private final MongoCollection<Document> campaigns;

  public CampaignStore(MongoStore store) {
    this.campaigns = store.collection(Collections.CAMPAIGNS);
  }

  public void insert(Campaign campaign) {
    Document audience = new Document("tags", campaign.audience().tags()).append("attributes", new Document(campaign.audience().attributes()));
    if (campaign.audience().customerIds() != null) {
      audience.append("customerIds", campaign.audience().customerIds());
    }
    campaigns.insertOne(new Document("_id", campaign.id()).append("name", campaign.name()).append("channelId", campaign.channelId())
        .append("purpose", campaign.purpose()).append("audience", audience).append("text", campaign.text())
        .append("sendAt", Docs.date(campaign.sendAt())).append("ratePerMinute", campaign.ratePerMinute()).append("status", campaign.status())
        .append("createdBy", new Document("type", campaign.createdBy().type()).append("id", campaign.createdBy().id())
            .append("name", campaign.createdBy().name()))
        .append("createdAt", Docs.date(campaign.createdAt())).append("progress", null).append("counts", counts(campaign.counts())));
  }

  public Optional<Campaign> find(String id) {
    return Optional.ofNullable(campaigns.find(Filters.eq("_id", id)).first()).map(CampaignStore::toCampaign);
  }

  /** Newest first. */
  public Page<Campaign> list(PageCursor cursor, int limit) {
    Bson filter = cursor == null ? new Document() : cursor.afterDescending("createdAt");
    List<Document> fetched = campaigns.find(filter).sort(Sorts.descending("createdAt", "_id")).limit(limit + 1).into(new ArrayList<>());
    return Page.fromDocuments(fetched, limit, "createdAt", CampaignStore::toCampaign);
  }

  /**
   * Records a batch: its counts added and the progress moved past it, if the progress is still where the
   * batch started (otherwise another run recorded it already).
   *
   * @return whether this batch was recorded
   */
  boolean advance(String id, String from, String to, Campaign.SendCounts batch) {
    return campaigns.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("progress", from)), Updates.combine(
        Updates.set("progress", to), Updates.inc("counts.targeted", batch.targeted()), Updates.inc("counts.sent", batch.sent()),
        Updates.inc("counts.skippedNoConsent", batch.skippedNoConsent()), Updates.inc("counts.skippedOptedOut", batch.skippedOptedOut()),
        Updates.inc("counts.skippedNoAddress", batch.skippedNoAddress()))).getModifiedCount() == 1;
  }

  /** A scheduled campaign has begun sending. */
  void started(String id, Instant at) {
    campaigns.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", Campaign.SCHEDULED)),
        Updates.combine(Updates.set("status", Campaign.RUNNING), Updates.set("startedAt", Docs.date(at))));
  }

  /** Every targeted customer is sent or skipped (a cancelled campaign stays cancelled). */
  void finished(String id, Instant at) {
    campaigns.updateOne(Filters.and(Filters.eq("_id", id), Filters.in("status", Campaign.SCHEDULED, Campaign.RUNNING)),
        Updates.combine(Updates.set("status", Campaign.DONE), Updates.set("finishedAt", Docs.date(at))));
  }

  /** @return whether it was still sending and is cancelled now */
  boolean cancel(String id, Instant at) {
    return campaigns.updateOne(Filters.and(Filters.eq("_id", id), Filters.in("status", Campaign.SCHEDULED, Campaign.RUNNING)),
        Updates.combine(Updates.set("status", Campaign.CANCELLED), Updates.set("finishedAt", Docs.date(at)))).getModifiedCount() == 1;
  }

  /** Whether any campaign sent since then (replies are looked for only then). */
  boolean sentSince(Instant since) {
    return campaigns.find(Filters.or(Filters.in("status", Campaign.RUNNING), Filters.gte("finishedAt", Docs.date(since))))
        .projection(new Document("_id", 1)).first() != null;
  }

  private static Document counts(Campaign.SendCounts counts) {
    return new Document("targeted", counts.targeted()).append("sent", counts.sent()).append("skippedNoConsent", counts.skippedNoConsent())
        .append("skippedOptedOut", counts.skippedOptedOut()).append("skippedNoAddress", counts.skippedNoAddress());
  }

  static Campaign toCampaign(Document doc) {
    Document audience = Docs.subDocument(doc, "audience");
    Document counts = Docs.subDocument(doc, "counts");
    Document by = Docs.subDocument(doc, "createdBy");
    Map<String, Object> attributes = Docs.plainMap(audience.get("attributes"));
    List<String> ids = audience.containsKey("customerIds") ? Docs.strings(audience, "customerIds") : null;
    return new Campaign(doc.getString("_id"), doc.getString("name"), doc.getString("channelId"), doc.getString("purpose"),
        new CampaignAudience(Docs.strings(audience, "tags"), attributes, ids), doc.getString("text"), Docs.instant(doc, "sendAt"),
        doc.getInteger("ratePerMinute", Campaign.DEFAULT_RATE_PER_MINUTE), doc.getString("status"),
        new Actor(by.getString("type"), by.getString("id"), by.getString("name")), Docs.instant(doc, "createdAt"),
        Docs.instant(doc, "startedAt"), Docs.instant(doc, "finishedAt"), doc.getString("progress"),
        new Campaign.SendCounts(Docs.longValue(counts, "targeted"), Docs.longValue(counts, "sent"), Docs.longValue(counts, "skippedNoConsent"),
            Docs.longValue(counts, "skippedOptedOut"), Docs.longValue(counts, "skippedNoAddress")));
  }
}
