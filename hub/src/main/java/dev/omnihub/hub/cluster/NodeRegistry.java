package dev.omnihub.hub.cluster;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The nodes sharing one store, in {@code nodes}: a document per slot of the event log's cursors
 * ({@code slot-0} … {@code slot-15}) with the node holding it, until when (renewed every beat), and the
 * horizon and last written cursor it published. A slot is taken as a lease is: one conditional upsert,
 * ours or expired, where a duplicate key means another node holds it. Blocking; call through the store.
 */
final class NodeRegistry {

  /** What the registry says of one slot. */
  record Slot(int slot, String node, long horizon, long written, Instant until) {

    boolean liveAt(Instant now) {
      return until.isAfter(now);
    }
  }

  private final MongoCollection<Document> nodes;

  NodeRegistry(MongoStore store) {
    this.nodes = store.collection(Collections.NODES);
  }

  /**
   * Takes a slot for {@code node} until {@code until}, publishing {@code horizon}: the one it held
   * before if it is still free for it (a restart), else the first free one.
   *
   * @return the slot, or empty when all are held by live nodes
   */
  Optional<Integer> claim(String node, Instant now, Instant until, long horizon) {
    List<Integer> order = new ArrayList<>();
    Document own = nodes.find(Filters.eq("node", node)).first();
    if (own != null) {
      order.add(slotOf(own.getString("_id")));
    }
    for (int slot = 0; slot < EventLog.SLOTS; slot++) {
      if (!order.contains(slot)) {
        order.add(slot);
      }
    }
    // Slots seen held by a live node are not tried: a refused upsert is an error the store logs.
    Set<String> heldByOthers = new HashSet<>();
    nodes.find(Filters.and(Filters.ne("node", node), Filters.gte("until", Docs.date(now)))).forEach(held -> heldByOthers.add(held.getString("_id")));
    for (int slot : order) {
      if (heldByOthers.contains(id(slot))) {
        continue;
      }
      try {
        nodes.updateOne(Filters.and(Filters.eq("_id", id(slot)), Filters.or(Filters.eq("node", node), Filters.lt("until", Docs.date(now)))),
            beat(node, until, horizon, 0), new UpdateOptions().upsert(true));
        return Optional.of(slot);
      } catch (RuntimeException e) {
        if (!DuplicateKeys.isDuplicateKey(e)) {
          throw e;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Renews {@code node}'s slot and publishes where its log is.
   *
   * @return false when the slot is no longer this node's (another node took it after it expired)
   */
  boolean renew(int slot, String node, Instant until, long horizon, long written) {
    return nodes.updateOne(Filters.and(Filters.eq("_id", id(slot)), Filters.eq("node", node)), beat(node, until, horizon, written))
        .getMatchedCount() == 1;
  }

  /**
   * Gives the slot up at a clean stop: expired now, with the last horizon, so that the others wait for
   * it no longer and read what it wrote up to now.
   */
  void release(int slot, String node, Instant now, long horizon, long written) {
    nodes.updateOne(Filters.and(Filters.eq("_id", id(slot)), Filters.eq("node", node)), beat(node, now, horizon, written));
  }

  /** Every slot ever taken, live or not. */
  List<Slot> all() {
    List<Slot> slots = new ArrayList<>();
    nodes.find().forEach(document -> slots.add(new Slot(slotOf(document.getString("_id")), document.getString("node"),
        document.getLong("horizon"), document.getLong("written"), document.getDate("until").toInstant())));
    return slots;
  }

  private static Bson beat(String node, Instant until, long horizon, long written) {
    return Updates.combine(Updates.set("node", node), Updates.set("until", Docs.date(until)), Updates.set("horizon", horizon),
        Updates.max("written", written));
  }

  private static String id(int slot) {
    return "slot-" + slot;
  }

  private static int slotOf(String id) {
    return Integer.parseInt(id.substring("slot-".length()));
  }
}
