package dev.omnihub.hub.ticket;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.omnihub.hub.sla.SlaEvent;
import dev.omnihub.hub.sla.SlaSummary;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * {@code sla_clocks}: one document per ticket (or per queued conversation without one) holding what
 * its clocks count (the {@link SlaEvent}s, added as a set, so a reaction run twice adds nothing), the
 * policy, the alarms announced and the breaches recorded. The due times are computed from it, never
 * stored as the truth here. Blocking: run through the store.
 */
public final class SlaClockStore {

  /** Whose clocks: a ticket's, or a conversation's own while it has no ticket. */
  public record Subject(String key, String conversationId, String ticketId) {

    public static Subject ticket(String ticketId, String conversationId) {
      return new Subject("ticket:" + ticketId, conversationId, ticketId);
    }

    public static Subject conversation(String conversationId) {
      return new Subject("conversation:" + conversationId, conversationId, null);
    }

    public boolean isTicket() {
      return ticketId != null;
    }
  }

  /**
   * A subject's clocks as stored.
   *
   * @param ticketNumber its ticket's number, for the alarms' events; {@code null} for a conversation's own
   */
  public record Clocks(Subject subject, Long ticketNumber, String policyId, boolean active, List<SlaEvent> events, Set<String> announced,
      List<SlaSummary.Breach> breaches) {
  }

  private final MongoCollection<Document> clocks;

  public SlaClockStore(MongoStore store) {
    this.clocks = store.collection(Collections.SLA_CLOCKS);
  }

  /** Starts the subject's clocks under the policy, unless they were started already (then they keep theirs). */
  public void open(Subject subject, Long ticketNumber, String policyId, Instant now) {
    clocks.updateOne(Filters.eq("_id", subject.key()), Updates.combine(
        Updates.setOnInsert("conversationId", subject.conversationId()),
        Updates.setOnInsert("ticketId", subject.ticketId()),
        Updates.setOnInsert("ticketNumber", ticketNumber),
        Updates.setOnInsert("policyId", policyId),
        Updates.setOnInsert("active", true),
        Updates.setOnInsert("createdAt", Docs.date(now))), new UpdateOptions().upsert(true));
  }

  /** Adds what happened; an event already there is not added twice. */
  public void add(Subject subject, List<SlaEvent> events) {
    if (!events.isEmpty()) {
      clocks.updateOne(Filters.eq("_id", subject.key()), Updates.addEachToSet("events", events.stream().map(SlaClockStore::encode).toList()));
    }
  }

  /** Counts under another policy from now on (the ticket moved to a queue with its own). */
  public void usePolicy(Subject subject, String policyId) {
    clocks.updateOne(Filters.eq("_id", subject.key()), Updates.set("policyId", policyId));
  }

  /** Its messages no longer move it (the ticket closed, or a ticket took over from the conversation's own clocks). */
  public void deactivate(Subject subject) {
    clocks.updateOne(Filters.eq("_id", subject.key()), Updates.set("active", false));
  }

  /** What one alarm run records for a subject: the alarms' keys and the breaches among them. */
  public record Announcement(Subject subject, List<String> keys, List<SlaSummary.Breach> breaches) {
  }

  /**
   * Records many subjects' alarms in one command, each subject's all or none: a subject where any of
   * them was recorded meanwhile (another run) is left alone.
   *
   * @param run this run's token, pushed with what it recorded, so that a race can tell its own records
   * @return the keys of the subjects this run recorded
   */
  public Set<String> announceAll(List<Announcement> announcements, String run) {
    if (announcements.isEmpty()) {
      return Set.of();
    }
    List<WriteModel<Document>> updates = new ArrayList<>();
    for (Announcement announcement : announcements) {
      List<Document> breaches = announcement.breaches().stream().map(breach -> new Document("target", breach.target())
          .append("dueAt", Docs.date(breach.dueAt())).append("at", Docs.date(breach.at()))).toList();
      updates.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", announcement.subject().key()), Filters.nin("announced",
          announcement.keys())), Updates.combine(Updates.pushEach("announced", announcement.keys()), Updates.pushEach("breaches", breaches),
          Updates.pushEach("runs", List.of(run), new PushOptions().slice(-RUNS_KEPT)))));
    }
    Set<String> keys = new HashSet<>();
    announcements.forEach(announcement -> keys.add(announcement.subject().key()));
    if (clocks.bulkWrite(updates, new BulkWriteOptions().ordered(false)).getModifiedCount() == announcements.size()) {
      return keys;
    }
    Set<String> ours = new HashSet<>();
    clocks.find(Filters.and(Filters.in("_id", keys), Filters.eq("runs", run))).projection(new Document("_id", 1))
        .forEach(document -> ours.add(document.getString("_id")));
    return ours;
  }

  /** Runs that recorded alarms a subject keeps (to tell its own records in a race). */
  private static final int RUNS_KEPT = 20;

  /** The clocks of these subjects, by key (those that no longer exist are missing). */
  public java.util.Map<String, Clocks> findAll(java.util.Collection<String> keys) {
    java.util.Map<String, Clocks> found = new java.util.LinkedHashMap<>();
    clocks.find(Filters.in("_id", keys)).forEach(document -> {
      Clocks read = toClocks(document);
      found.put(read.subject().key(), read);
    });
    return found;
  }

  public Optional<Clocks> find(String key) {
    return Optional.ofNullable(clocks.find(Filters.eq("_id", key)).first()).map(SlaClockStore::toClocks);
  }

  /** The clocks the conversation's messages move now. */
  public List<Clocks> activeFor(String conversationId) {
    List<Clocks> found = new ArrayList<>();
    clocks.find(Filters.and(Filters.eq("conversationId", conversationId), Filters.eq("active", true)))
        .forEach(document -> found.add(toClocks(document)));
    return found;
  }

  private static Document encode(SlaEvent event) {
    Document encoded = new Document("at", Docs.date(event.at()));
    return switch (event) {
      case SlaEvent.Started started -> encoded.append("type", "started").append("value", started.priority());
      case SlaEvent.PriorityChanged changed -> encoded.append("type", "priority").append("value", changed.priority());
      case SlaEvent.CustomerMessage message -> encoded.append("type", "customer");
      case SlaEvent.AgentReply reply -> encoded.append("type", "agent");
      case SlaEvent.StatusChanged changed -> encoded.append("type", "status").append("value", changed.status());
    };
  }

  private static SlaEvent decode(Document encoded) {
    Instant at = Docs.instant(encoded, "at");
    String value = encoded.getString("value");
    return switch (encoded.getString("type")) {
      case "started" -> new SlaEvent.Started(at, value);
      case "priority" -> new SlaEvent.PriorityChanged(at, value);
      case "customer" -> new SlaEvent.CustomerMessage(at);
      case "agent" -> new SlaEvent.AgentReply(at);
      case "status" -> new SlaEvent.StatusChanged(at, value);
      default -> throw new IllegalStateException("unknown SLA event " + encoded.getString("type"));
    };
  }

  private static Clocks toClocks(Document document) {
    String ticketId = document.getString("ticketId");
    String conversationId = document.getString("conversationId");
    Subject subject = ticketId != null ? Subject.ticket(ticketId, conversationId) : Subject.conversation(conversationId);
    List<SlaSummary.Breach> breaches = new ArrayList<>();
    for (Document breach : document.getList("breaches", Document.class, List.of())) {
      breaches.add(new SlaSummary.Breach(breach.getString("target"), Docs.instant(breach, "dueAt"), Docs.instant(breach, "at")));
    }
    Number number = (Number) document.get("ticketNumber");
    return new Clocks(subject, number == null ? null : number.longValue(), document.getString("policyId"), document.getBoolean("active", false),
        document.getList("events", Document.class, List.of()).stream().map(SlaClockStore::decode).toList(),
        new HashSet<>(document.getList("announced", String.class, List.of())), List.copyOf(breaches));
  }
}
