package dev.omnihub.hub.ticket;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.sla.SlaSummary;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import dev.omnihub.hub.store.SlaSummaryDocs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code tickets}. A conversation has at most one open ticket ({@code open}, {@code pending} or
 * {@code onHold}): the unique sparse index on {@code openFor} holds it, so two escalations of one
 * conversation at the same moment give one ticket, raised once by the second. Blocking: run through
 * the store.
 */
public final class TicketStore {

  /** What an escalation asks for; each {@code null} leaves the ticket's value (a new one: normal, no queue, nobody). */
  public record Escalation(String priority, String reason, String queueId, String assigneeId) {
  }

  /** The ticket after an escalation, and whether the escalation created it. */
  public record Escalated(Ticket ticket, boolean created) {
  }

  private static final int MAX_ATTEMPTS = 5;
  private static final FindOneAndUpdateOptions RETURN_AFTER = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
  private final MongoCollection<Document> tickets;
  private final TicketNumbers numbers;

  public TicketStore(MongoStore store, TicketNumbers numbers) {
    this.tickets = store.collection(Collections.TICKETS);
    this.numbers = numbers;
  }

  /**
   * Escalates the conversation: its open ticket one level up (with the priority, reason, queue or
   * assignee given), else a new ticket at level 1. The open ticket is looked for first, so a number is
   * only taken for a ticket that is created (one lost to a concurrent escalation leaves a gap, never a
   * twin).
   */
  public Escalated escalate(String conversationId, String customerId, Escalation asked, Actor actor, Instant now) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Ticket> raised = raise(conversationId, asked, actor, now);
      if (raised.isPresent()) {
        return new Escalated(raised.get(), false);
      }
      Document created = newTicket(conversationId, customerId, asked, actor, now);
      try {
        tickets.insertOne(created);
        return new Escalated(toTicket(created), true);
      } catch (RuntimeException e) {
        if (!DuplicateKeys.isDuplicateKey(e)) {
          throw e;
        }
        // Another escalation opened it a moment ago: raise that one.
      }
    }
    throw new IllegalStateException("the escalation of conversation " + conversationId + " did not settle");
  }

  private Optional<Ticket> raise(String conversationId, Escalation asked, Actor actor, Instant now) {
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("escalated", true);
    List<Bson> updates = new ArrayList<>(List.of(Updates.inc("escalationLevel", 1), Updates.inc("version", 1L),
        Updates.set("updatedAt", Docs.date(now))));
    given(asked).forEach((field, value) -> {
      updates.add(Updates.set(field, value));
      change.put(field, value);
    });
    updates.add(Updates.push("history", history(now, actor, change)));
    Document after = tickets.findOneAndUpdate(Filters.eq("openFor", conversationId), Updates.combine(updates), RETURN_AFTER);
    return Optional.ofNullable(after).map(TicketStore::toTicket);
  }

  private Document newTicket(String conversationId, String customerId, Escalation asked, Actor actor, Instant now) {
    String priority = asked.priority() != null ? asked.priority() : "normal";
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("created", true);
    change.put("priority", priority);
    change.putAll(given(asked));
    return new Document("_id", Ids.newId())
        .append("number", numbers.next())
        .append("conversationId", conversationId)
        .append("openFor", conversationId)
        .append("customerId", customerId)
        .append("status", "open")
        .append("priority", priority)
        .append("escalationLevel", 1)
        .append("reason", asked.reason())
        .append("queueId", asked.queueId())
        .append("assigneeId", asked.assigneeId())
        .append("createdAt", Docs.date(now))
        .append("updatedAt", Docs.date(now))
        .append("history", List.of(history(now, actor, change)))
        .append("version", 0L);
  }

  /** The fields an escalation sets, by their names in the ticket. */
  private static Map<String, Object> given(Escalation asked) {
    Map<String, Object> fields = new LinkedHashMap<>();
    putIfGiven(fields, "priority", asked.priority());
    putIfGiven(fields, "reason", asked.reason());
    putIfGiven(fields, "queueId", asked.queueId());
    putIfGiven(fields, "assigneeId", asked.assigneeId());
    return fields;
  }

  private static void putIfGiven(Map<String, Object> fields, String field, String value) {
    if (value != null) {
      fields.put(field, value);
    }
  }

  private static Document history(Instant at, Actor actor, Map<String, Object> change) {
    return new Document("at", Docs.date(at)).append("actor", new Document("type", actor.type()).append("id", actor.id()))
        .append("change", new Document(change));
  }

  /** What a change of a ticket sets; {@code null} leaves a field as it is. */
  public record Patch(String status, String priority, String queueId, String assigneeId) {
  }

  /** Who may see which tickets in a list: each {@code null} matches any. */
  public record Filter(String status, String priority, String queueId, String assigneeId, String customerId, boolean breachedOnly) {
  }

  /**
   * Changes the ticket as it was read, if it is still at that version. Solving or closing releases the
   * conversation's one open ticket; reopening a solved ticket takes it again (refused if another ticket
   * of that conversation is open by then). A closed ticket stays closed.
   *
   * @return the ticket after the change; empty when it changed since it was read
   * @throws ConflictException when the ticket's state forbids the change
   */
  public Optional<Ticket> change(Ticket read, Patch patch, Actor actor, Instant now) {
    Map<String, Object> change = new LinkedHashMap<>();
    List<Bson> updates = new ArrayList<>(List.of(Updates.inc("version", 1L), Updates.set("updatedAt", Docs.date(now))));
    if (patch.status() != null && !patch.status().equals(read.status())) {
      if ("closed".equals(read.status())) {
        throw new ConflictException("ticket_closed", "ticket " + read.number() + " is closed and cannot change status");
      }
      boolean wasOpen = Ticket.OPEN_STATUSES.contains(read.status());
      boolean opens = Ticket.OPEN_STATUSES.contains(patch.status());
      updates.add(Updates.set("status", patch.status()));
      change.put("status", patch.status());
      if (wasOpen && !opens) {
        updates.add(Updates.unset("openFor"));
        if (read.solvedAt() == null || "solved".equals(patch.status())) {
          updates.add(Updates.set("solvedAt", Docs.date(now)));
        }
      } else if (!wasOpen && opens) {
        updates.add(Updates.set("openFor", read.conversationId()));
        updates.add(Updates.unset("solvedAt"));
      }
    }
    setIfChanged(updates, change, "priority", patch.priority(), read.priority());
    setIfChanged(updates, change, "queueId", patch.queueId(), read.queueId());
    setIfChanged(updates, change, "assigneeId", patch.assigneeId(), read.assigneeId());
    if (change.isEmpty()) {
      return Optional.of(read);
    }
    updates.add(Updates.push("history", history(now, actor, change)));
    try {
      Document after = tickets.findOneAndUpdate(Filters.and(Filters.eq("_id", read.id()), Filters.eq("version", read.version())),
          Updates.combine(updates), RETURN_AFTER);
      return Optional.ofNullable(after).map(TicketStore::toTicket);
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        throw new ConflictException("ticket_already_open", "conversation " + read.conversationId()
            + " has another open ticket; ticket " + read.number() + " cannot be reopened");
      }
      throw e;
    }
  }

  private static void setIfChanged(List<Bson> updates, Map<String, Object> change, String field, String wanted, String current) {
    if (wanted != null && !wanted.equals(current)) {
      updates.add(Updates.set(field, wanted));
      change.put(field, wanted);
    }
  }

  /** Tickets newest first, a page at a time. */
  public Page<Ticket> list(Filter filter, PageCursor cursor, int limit) {
    List<Bson> conditions = new ArrayList<>();
    addEq(conditions, "status", filter.status());
    addEq(conditions, "priority", filter.priority());
    addEq(conditions, "queueId", filter.queueId());
    addEq(conditions, "assigneeId", filter.assigneeId());
    addEq(conditions, "customerId", filter.customerId());
    if (filter.breachedOnly()) {
      conditions.add(Filters.exists("sla.breaches.0"));
    }
    if (cursor != null) {
      conditions.add(cursor.afterDescending("createdAt"));
    }
    Bson query = conditions.isEmpty() ? new Document() : Filters.and(conditions);
    List<Document> fetched = tickets.find(query).sort(Sorts.descending("createdAt", "_id")).limit(limit + 1).into(new ArrayList<>());
    return Page.fromDocuments(fetched, limit, "createdAt", TicketStore::toTicket);
  }

  private static void addEq(List<Bson> conditions, String field, String value) {
    if (value != null) {
      conditions.add(Filters.eq(field, value));
    }
  }

  public Optional<Ticket> findByNumber(long number) {
    return Optional.ofNullable(tickets.find(Filters.eq("number", number)).first()).map(TicketStore::toTicket);
  }

  /** The conversation's newest ticket, open or not. */
  public Optional<Ticket> latestFor(String conversationId) {
    return Optional.ofNullable(tickets.find(Filters.eq("conversationId", conversationId)).sort(Sorts.descending("createdAt", "_id")).first())
        .map(TicketStore::toTicket);
  }

  /** The conversation's open ticket, if it has one. */
  public Optional<Ticket> openFor(String conversationId) {
    return Optional.ofNullable(tickets.find(Filters.eq("openFor", conversationId)).first()).map(TicketStore::toTicket);
  }

  /** Keeps the ticket's view of its SLA clocks (not a change of the ticket: no version, no history). */
  public void showSla(String ticketId, SlaSummary sla) {
    tickets.updateOne(Filters.eq("_id", ticketId), Updates.set("sla", SlaSummaryDocs.toDocument(sla)));
  }

  /** Keeps many tickets' views of their SLA clocks, in one command. */
  public void showSlaAll(Map<String, SlaSummary> byTicket) {
    if (!byTicket.isEmpty()) {
      tickets.bulkWrite(byTicket.entrySet().stream().<com.mongodb.client.model.WriteModel<Document>>map(entry ->
          new com.mongodb.client.model.UpdateOneModel<>(Filters.eq("_id", entry.getKey()), Updates.set("sla",
              SlaSummaryDocs.toDocument(entry.getValue())))).toList(), new com.mongodb.client.model.BulkWriteOptions().ordered(false));
    }
  }

  public Optional<Ticket> find(String id) {
    return Optional.ofNullable(tickets.find(Filters.eq("_id", id)).first()).map(TicketStore::toTicket);
  }

  static Ticket toTicket(Document doc) {
    List<Ticket.Change> history = new ArrayList<>();
    for (Document entry : doc.getList("history", Document.class, List.of())) {
      Document actor = entry.get("actor", Document.class);
      history.add(new Ticket.Change(Docs.instant(entry, "at"), actor == null ? null : actor.getString("type"),
          actor == null ? null : actor.getString("id"), new LinkedHashMap<>(entry.get("change", Document.class))));
    }
    return new Ticket(doc.getString("_id"), ((Number) doc.get("number")).longValue(), doc.getString("conversationId"),
        doc.getString("customerId"), doc.getString("status"), doc.getString("priority"), ((Number) doc.get("escalationLevel")).intValue(),
        doc.getString("reason"), doc.getString("queueId"), doc.getString("assigneeId"),
        SlaSummaryDocs.fromDocument(doc.get("sla", Document.class)), Docs.instant(doc, "createdAt"),
        Docs.instant(doc, "solvedAt"), List.copyOf(history), ((Number) doc.get("version")).longValue());
  }
}
