package dev.omnihub.hub.customer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Customers and the identity claims that point at them. Blocking: call through
 * {@link MongoStore#read}/{@link MongoStore#write}.
 */
public final class CustomerStore {

  private final MongoCollection<Document> customers;
  private final MongoCollection<Document> identities;
  private final CustomerSearch search;
  private final Clock clock;

  public CustomerStore(MongoStore store, Clock clock) {
    this.customers = store.collection(Collections.CUSTOMERS);
    this.identities = store.collection(Collections.IDENTITIES);
    this.search = new CustomerSearch(customers);
    this.clock = clock;
  }

  /** Customers by what an agent typed; kept in step by every write here that changes a name or identities. */
  public CustomerSearch search() {
    return search;
  }

  /** The names of these customers, by id, in one read (those without a name, or gone, are missing). */
  public Map<String, String> namesOf(Collection<String> ids) {
    Map<String, String> names = new HashMap<>();
    if (ids.isEmpty()) {
      return names;
    }
    customers.find(Filters.in("_id", ids)).projection(Projections.include("name")).forEach(doc -> {
      if (doc.getString("name") != null) {
        names.put(doc.getString("_id"), doc.getString("name"));
      }
    });
    return names;
  }

  public Optional<Customer> find(String id) {
    return Optional.ofNullable(customers.find(Filters.eq("_id", id)).first()).map(CustomerStore::toCustomer);
  }

  /** @throws NotFoundException when there is no such customer */
  public Customer require(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("customer", id));
  }

  /** The customers matching a filter in id order, at most {@code limit} (a campaign's audience, a page at a time). */
  public List<Customer> findInIdOrder(Bson filter, int limit) {
    return customers.find(filter).sort(Sorts.ascending("_id")).limit(limit).map(CustomerStore::toCustomer).into(new ArrayList<>());
  }

  /** Follows {@code mergedInto} to the profile that is current now. */
  public Optional<Customer> findCurrent(String id) {
    Optional<Customer> customer = find(id);
    for (int hops = 0; hops < 16 && customer.isPresent() && customer.get().merged(); hops++) {
      customer = find(customer.get().mergedInto());
    }
    return customer;
  }

  /** The customer each key points at, for the keys that are claimed. */
  public Map<String, String> identityOwners(List<IdentityKey> keys) {
    Map<String, String> owners = new HashMap<>();
    List<String> ids = keys.stream().map(IdentityKey::key).toList();
    for (Document identity : identities.find(Filters.in("_id", ids))) {
      owners.put(identity.getString("_id"), identity.getString("customerId"));
    }
    return owners;
  }

  /**
   * Claims an unknown identity for a customer with an insert, so that of two concurrent first
   * contacts exactly one wins.
   *
   * @return false when someone else claimed it first
   */
  public boolean claimIdentity(IdentityKey key, String customerId) {
    try {
      identities.insertOne(new Document("_id", key.key())
          .append("kind", key.kind().wireName())
          .append("customerId", customerId)
          .append("createdAt", Docs.date(clock.instant())));
      return true;
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Points identities at another customer (merges, and repairs after an interrupted merge). */
  public void repointIdentities(List<String> keys, String customerId) {
    if (!keys.isEmpty()) {
      identities.updateMany(Filters.in("_id", keys), Updates.set("customerId", customerId));
    }
  }

  /** Every identity claimed for a customer (merges). */
  public List<String> identityKeysClaimedBy(String customerId) {
    List<String> keys = new ArrayList<>();
    identities.find(Filters.eq("customerId", customerId)).projection(Projections.include("_id"))
        .forEach(doc -> keys.add(doc.getString("_id")));
    return keys;
  }

  /**
   * Creates the customer when missing and records identities on it; idempotent, so it also repairs a
   * claim whose customer document was never written (a crash between the two writes).
   */
  public void ensure(String id, List<String> identityKeys, String name) {
    Instant now = clock.instant();
    List<Bson> updates = new ArrayList<>(List.of(
        Updates.setOnInsert("createdAt", Docs.date(now)),
        Updates.setOnInsert("updatedAt", Docs.date(now)),
        Updates.setOnInsert("version", 1L),
        Updates.setOnInsert("attributes", new Document()),
        Updates.setOnInsert("tags", List.of()),
        Updates.setOnInsert(CustomerMatch.SEARCH_TEXT, CustomerMatch.searchText(name, identityKeys)),
        Updates.addEachToSet("identities", identityKeys)));
    if (name != null) {
      updates.add(Updates.setOnInsert("name", name));
    }
    UpdateResult result = customers.updateOne(Filters.eq("_id", id), Updates.combine(updates), new UpdateOptions().upsert(true));
    if (result.getUpsertedId() == null && result.getModifiedCount() > 0) {
      search.refresh(id);
    }
  }

  /**
   * Remembers the address the customer wrote from on a channel. The filter makes the common case (the
   * same address as last time) a lookup that writes nothing.
   */
  public void rememberContact(String customerId, String channelId, String kind, String value) {
    String field = "contacts." + channelId;
    customers.updateOne(Filters.and(Filters.eq("_id", customerId), Filters.ne(field + ".value", value)),
        Updates.set(field, new Document("kind", kind).append("value", value)));
  }

  /**
   * Remembers the first address a new customer wrote from, and reads the profile back in the same
   * command (for its {@code customer.created}).
   *
   * @return the customer as it is now; empty if it is gone (merged away a moment ago)
   */
  public Optional<Customer> rememberFirstContact(String customerId, String channelId, String kind, String value) {
    Document after = customers.findOneAndUpdate(Filters.eq("_id", customerId),
        Updates.set("contacts." + channelId, new Document("kind", kind).append("value", value)),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    return Optional.ofNullable(after).map(CustomerStore::toCustomer);
  }

  /**
   * Records an identity the customer claims without proof, once (blocking).
   *
   * @return whether it was new
   */
  public boolean addClaim(String customerId, IdentityKey key, String source) {
    Document claim = claimDocument(new Claim(key.key(), key.kind().wireName(), key.value(), source, clock.instant()));
    return customers.updateOne(Filters.and(Filters.eq("_id", customerId), Filters.ne("claims.key", key.key())),
        Updates.combine(Updates.push("claims", claim), Updates.set("updatedAt", Docs.date(clock.instant())), Updates.inc("version", 1L)))
        .getModifiedCount() == 1;
  }

  /** Keeps proofs of claims ({@code <identity key>|<thread key>}) on the customer. */
  public void addClaimProofs(String customerId, List<String> proofs) {
    customers.updateOne(Filters.eq("_id", customerId), Updates.addEachToSet("claimProofs", proofs));
  }

  /** Whether the customer holds one of these claim proofs. */
  public boolean hasClaimProof(String customerId, List<String> proofs) {
    return customers.find(Filters.and(Filters.eq("_id", customerId), Filters.in("claimProofs", proofs))).projection(new Document("_id", 1))
        .first() != null;
  }

  /** The claim became an identity: it is no longer a claim. */
  public void dropClaim(String customerId, IdentityKey key) {
    Customer customer = require(customerId);
    List<Document> kept = customer.claims().stream().filter(claim -> !key.key().equals(claim.key())).map(CustomerStore::claimDocument)
        .toList();
    customers.updateOne(Filters.eq("_id", customerId), Updates.combine(Updates.set("claims", kept),
        Updates.set("updatedAt", Docs.date(clock.instant())), Updates.inc("version", 1L)));
  }

  /** Names a customer known only by identities so far (the channel told us their name). */
  public void setNameIfMissing(Customer customer, String name) {
    if (customer.name() == null && name != null) {
      customers.updateOne(Filters.eq("_id", customer.id()),
          Updates.combine(Updates.set("name", name), Updates.set("updatedAt", Docs.date(clock.instant()))));
      search.refresh(customer.id());
    }
  }

  /**
   * Applies an agent's or integration's edit. Attributes are merged key by key (a {@code null} value
   * removes the key); tags, when given, replace the list.
   */
  public Customer patch(String id, CustomerPatch patch) {
    require(id);
    List<Bson> updates = new ArrayList<>();
    if (patch.name() != null) {
      updates.add(patch.name().isBlank() ? Updates.unset("name") : Updates.set("name", patch.name().strip()));
    }
    patch.attributes().forEach((key, value) ->
        updates.add(value == null ? Updates.unset("attributes." + key) : Updates.set("attributes." + key, value)));
    if (patch.tags() != null) {
      updates.add(Updates.set("tags", patch.tags()));
    }
    if (!updates.isEmpty()) {
      updates.add(Updates.set("updatedAt", Docs.date(clock.instant())));
      updates.add(Updates.inc("version", 1L));
      customers.updateOne(Filters.eq("_id", id), Updates.combine(updates));
      if (patch.name() != null) {
        search.refresh(id);
      }
    }
    return require(id);
  }

  /**
   * Records what the customer agreed to: {@code purpose -> channel type -> yes/no}. Purposes and
   * channels not named keep their value.
   */
  public Customer setConsent(String id, Map<String, Map<String, Boolean>> consent) {
    require(id);
    List<Bson> updates = new ArrayList<>();
    consent.forEach((purpose, channels) -> channels.forEach((channel, agreed) ->
        updates.add(Updates.set("consent." + purpose + "." + channel, agreed))));
    updates.add(Updates.set("consent.updatedAt", Docs.date(clock.instant())));
    updates.add(Updates.set("updatedAt", Docs.date(clock.instant())));
    updates.add(Updates.inc("version", 1L));
    customers.updateOne(Filters.eq("_id", id), Updates.combine(updates));
    return require(id);
  }

  /**
   * Current (not merged-away) customers, newest first.
   *
   * @param reachedBy only those who wrote on one of these channels, {@code null} for all (this
   *                  filter is not indexed: a limited token's list reads past other channels' customers)
   */
  public Page<Customer> list(List<String> reachedBy, PageCursor cursor, int limit) {
    Bson current = reachedBy == null ? Filters.eq("mergedInto", null) : Filters.and(Filters.eq("mergedInto", null),
        Filters.or(reachedBy.stream().map(channelId -> Filters.exists("contacts." + channelId)).toList()));
    Bson filter = cursor == null ? current : Filters.and(current, cursor.afterDescending("createdAt"));
    List<Document> fetched = customers.find(filter).sort(Sorts.descending("createdAt", "_id")).limit(limit + 1)
        .into(new ArrayList<>());
    return Page.fromDocuments(fetched, limit, "createdAt", CustomerStore::toCustomer);
  }

  /**
   * Marks {@code loser} as merged into {@code survivorId} if it is still at the version read, so two
   * concurrent merges of one profile cannot both win.
   *
   * @return false when the profile changed since it was read
   */
  public boolean markMerged(Customer loser, String survivorId) {
    Instant now = clock.instant();
    return customers.updateOne(
        Filters.and(Filters.eq("_id", loser.id()), Filters.eq("version", loser.version())),
        Updates.combine(
            Updates.set("mergedInto", survivorId),
            Updates.set("mergeState", "pending"),
            Updates.set("mergedAt", Docs.date(now)),
            Updates.set("updatedAt", Docs.date(now)),
            Updates.inc("version", 1L))).getModifiedCount() == 1;
  }

  /** Gives the survivor the loser's identities, tags, claims, missing attributes and (if it has none) name. */
  public void absorb(Customer survivor, Customer loser, List<String> identityKeys) {
    List<Bson> updates = new ArrayList<>(List.of(
        Updates.addEachToSet("identities", identityKeys),
        Updates.addEachToSet("tags", loser.tags()),
        Updates.addEachToSet("claims", loser.claims().stream().map(CustomerStore::claimDocument).toList()),
        Updates.addToSet("mergedFrom", loser.id()),
        Updates.set("updatedAt", Docs.date(clock.instant())),
        Updates.inc("version", 1L)));
    loser.attributes().forEach((key, value) -> {
      if (!survivor.attributes().containsKey(key)) {
        updates.add(Updates.set("attributes." + key, value));
      }
    });
    if (survivor.name() == null && loser.name() != null) {
      updates.add(Updates.set("name", loser.name()));
    }
    customers.updateOne(Filters.eq("_id", survivor.id()), Updates.combine(updates));
    search.refresh(survivor.id());
  }

  /** An unmerge: the loser is a profile of its own again with its identities; the survivor lets them go. */
  public void separate(String survivorId, String loserId, List<String> identityKeys) {
    Instant now = clock.instant();
    customers.updateOne(Filters.eq("_id", loserId), Updates.combine(Updates.set("identities", identityKeys), Updates.unset("mergedInto"),
        Updates.unset("mergeState"), Updates.unset("mergedAt"), Updates.set("updatedAt", Docs.date(now)), Updates.inc("version", 1L)));
    customers.updateOne(Filters.eq("_id", survivorId), Updates.combine(Updates.pullAll("identities", identityKeys),
        Updates.pull("mergedFrom", loserId), Updates.set("updatedAt", Docs.date(now)), Updates.inc("version", 1L)));
    search.refresh(loserId);
    search.refresh(survivorId);
  }

  /** The loser keeps nothing a search finds: its conversations are the survivor's now. */
  public void completeMerge(String loserId) {
    customers.updateOne(Filters.eq("_id", loserId), Updates.combine(Updates.set("mergeState", "complete"),
        Updates.set("identities", List.of()), Updates.unset(CustomerMatch.SEARCH_TEXT)));
  }

  /** Merges that a crash interrupted (run once at start-up). */
  public List<Customer> pendingMerges() {
    return customers.find(Filters.eq("mergeState", "pending")).map(CustomerStore::toCustomer).into(new ArrayList<>());
  }

  private static Document claimDocument(Claim claim) {
    return new Document("key", claim.key()).append("kind", claim.kind()).append("value", claim.value())
        .append("source", claim.source()).append("at", Docs.date(claim.at()));
  }

  private static Claim toClaim(Document doc) {
    return new Claim(doc.getString("key"), doc.getString("kind"), doc.getString("value"), doc.getString("source"), Docs.instant(doc, "at"));
  }

  private static Map<String, ContactAddress> contacts(Document doc) {
    Map<String, ContactAddress> contacts = new HashMap<>();
    Docs.subDocument(doc, "contacts").forEach((channelId, contact) -> {
      if (contact instanceof Document address) {
        contacts.put(channelId, new ContactAddress(address.getString("kind"), address.getString("value")));
      }
    });
    return Map.copyOf(contacts);
  }

  static Customer toCustomer(Document doc) {
    return new Customer(
        doc.getString("_id"),
        doc.getString("name"),
        Docs.strings(doc, "identities"),
        Docs.plainMap(doc.get("attributes")),
        Docs.strings(doc, "tags"),
        Docs.instant(doc, "createdAt"),
        Docs.instant(doc, "updatedAt"),
        Docs.longValue(doc, "version"),
        doc.getString("mergedInto"),
        Docs.strings(doc, "mergedFrom"),
        contacts(doc),
        doc.getList("claims", Document.class, List.of()).stream().map(CustomerStore::toClaim).toList(),
        doc.get("consent") instanceof Document consent ? Docs.plainMap(consent) : null);
  }
}
