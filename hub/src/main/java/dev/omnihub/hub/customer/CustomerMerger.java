package dev.omnihub.hub.customer;

import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.audit.AuditLog;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.timeline.TimelineEventStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges two customer profiles that turned out to be one person. Without transactions, a merge is a
 * sequence of idempotent single-document steps started by a compare-and-set on the losing profile
 * ({@code mergeState: pending}); a merge that a crash interrupted is finished by
 * {@link #resumeInterrupted()} at start-up. The older profile survives, so that two concurrent merges
 * of the same pair agree on the direction. The audit entry keeps the loser's full profile and the
 * moved ids, which is what an unmerge needs.
 */
public final class CustomerMerger {

  private static final Logger log = LoggerFactory.getLogger(CustomerMerger.class);
  private static final int MAX_ATTEMPTS = 8;
  private static final Comparator<Customer> OLDEST_FIRST =
      Comparator.comparing(Customer::createdAt, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Customer::id);

  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final AuditLog audit;

  private final TimelineEventStore timeline;
  public CustomerMerger(CustomerStore customers, ConversationStore conversations, TimelineEventStore timeline, AuditLog audit) {
    this.timeline = timeline;
    this.customers = customers;
    this.conversations = conversations;
    this.audit = audit;
  }

  /**
   * Merges two profiles (following earlier merges of either).
   *
   * @return the merge performed, or {@code null} when both already are one profile
   * @throws ConflictException when the profiles keep changing under the merge
   */
  public MergeResult merge(String firstId, String secondId, String reason, Actor actor) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Customer first = customers.findCurrent(firstId).orElseThrow(() -> new dev.omnihub.adapters.spi.NotFoundException("customer", firstId));
      Customer second = customers.findCurrent(secondId).orElseThrow(() -> new dev.omnihub.adapters.spi.NotFoundException("customer", secondId));
      if (first.id().equals(second.id())) {
        return null;
      }
      Customer survivor = OLDEST_FIRST.compare(first, second) <= 0 ? first : second;
      Customer loser = survivor == first ? second : first;
      if (customers.markMerged(loser, survivor.id())) {
        return complete(survivor, customers.require(loser.id()), reason, actor);
      }
      // The losing profile changed since we read it (maybe merged by someone else): read again.
    }
    throw new ConflictException("merge_conflict", "customers " + firstId + " and " + secondId + " kept changing during the merge; try again");
  }

  /** Merges several profiles into the oldest; returns the surviving id and every merge done. */
  public List<MergeResult> mergeAll(Set<String> customerIds, String reason, Actor actor) {
    List<String> ids = new ArrayList<>(customerIds);
    List<MergeResult> results = new ArrayList<>();
    String survivor = ids.get(0);
    for (int i = 1; i < ids.size(); i++) {
      MergeResult result = merge(survivor, ids.get(i), reason, actor);
      if (result != null) {
        results.add(result);
        survivor = result.survivorId();
      }
    }
    return results;
  }

  /** Finishes merges that were marked but not completed (run once at start-up). */
  public int resumeInterrupted() {
    int resumed = 0;
    for (Customer loser : customers.pendingMerges()) {
      Customer survivor = customers.find(loser.mergedInto()).orElse(null);
      if (survivor == null) {
        log.warn("Merge of customer {} points at missing customer {}; leaving it", loser.id(), loser.mergedInto());
        continue;
      }
      log.info("Resuming interrupted merge of customer {} into {}", loser.id(), survivor.id());
      complete(survivor, loser, "resumed after restart", Actor.SYSTEM);
      resumed++;
    }
    return resumed;
  }

  /**
   * Undoes a merge from what its audit record kept: the loser's identities, conversations and
   * timeline events go back to it, and it is a profile of its own again. What the survivor took over
   * (tags, missing attributes, a name) stays with it: the record does not say what was its own.
   *
   * @throws dev.omnihub.adapters.spi.NotFoundException when no merge of these two is on record
   * @throws ConflictException when the profile is no longer merged into that survivor
   */
  public MergeResult unmerge(String survivorId, String loserId, String reason, Actor actor) {
    Document record = audit.find("merge:" + loserId)
        .filter(entry -> entry.get("details", Document.class) != null && survivorId.equals(entry.get("details", Document.class).getString("survivorId")))
        .orElseThrow(() -> new dev.omnihub.adapters.spi.NotFoundException("merge", survivorId + " <- " + loserId));
    Document details = record.get("details", Document.class);
    Customer loser = customers.require(loserId);
    if (!survivorId.equals(loser.mergedInto())) {
      throw new ConflictException("not_merged", "customer " + loserId + " is not merged into " + survivorId + " (any more)");
    }
    List<String> keys = details.getList("identities", String.class, List.of());
    List<String> moved = details.getList("conversations", String.class, List.of());
    customers.repointIdentities(keys, loserId);
    customers.separate(survivorId, loserId, keys);
    conversations.moveBackTo(moved, loserId);
    timeline.moveBack(details.getList("events", String.class, List.of()), loserId);
    audit.record("unmerge:" + loserId + ":" + System.currentTimeMillis(), "customer.unmerged", survivorId, actor, new Document()
        .append("survivorId", survivorId).append("loserId", loserId).append("reason", reason).append("identities", keys)
        .append("conversations", moved));
    // The reason names identities and people: it goes to the audit record, not the log.
    log.info("Unmerged customer {} from {} ({} identities, {} conversations)", loserId, survivorId, keys.size(), moved.size());
    return new MergeResult(survivorId, loserId, keys, moved);
  }

  /** The idempotent steps after the loser is marked; safe to run again from the start. */
  private MergeResult complete(Customer survivor, Customer loser, String reason, Actor actor) {
    Set<String> identityKeys = new LinkedHashSet<>(loser.identities());
    identityKeys.addAll(customers.identityKeysClaimedBy(loser.id()));
    List<String> keys = List.copyOf(identityKeys);
    customers.repointIdentities(keys, survivor.id());
    customers.absorb(survivor, loser, keys);
    List<String> moved = conversations.idsOfCustomer(loser.id());
    conversations.moveToCustomer(moved, loser.id(), survivor.id());
    List<String> events = timeline.moveToCustomer(loser.id(), survivor.id());
    audit.record("merge:" + loser.id(), "customer.merged", survivor.id(), actor, new Document()
        .append("survivorId", survivor.id())
        .append("loserId", loser.id())
        .append("reason", reason)
        .append("identities", keys)
        .append("conversations", moved)
        .append("events", events)
        .append("loserProfile", new Document()
            .append("name", loser.name())
            .append("identities", loser.identities())
            .append("attributes", loser.attributes())
            .append("tags", loser.tags())
            .append("createdAt", loser.createdAt() == null ? null : java.util.Date.from(loser.createdAt()))));
    customers.completeMerge(loser.id());
    log.info("Merged customer {} into {} ({} identities, {} conversations)", loser.id(), survivor.id(), keys.size(), moved.size());
    return new MergeResult(survivor.id(), loser.id(), keys, moved);
  }
}
