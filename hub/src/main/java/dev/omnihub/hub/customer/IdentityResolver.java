package dev.omnihub.hub.customer;

import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.store.Ids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the customer behind a sender's identities. Unknown identities are claimed with an insert
 * into {@code identities} (whose {@code _id} is the normalized key), so of many concurrent first
 * messages from one new number exactly one creates the customer and the others join it. A message
 * whose identities belong to different customers merges them.
 */
public final class IdentityResolver {

  private static final int MAX_ROUNDS = 8;

  private final IdentityNormalizer normalizer;
  private final CustomerStore customers;
  private final CustomerMerger merger;

  public IdentityResolver(IdentityNormalizer normalizer, CustomerStore customers, CustomerMerger merger) {
    this.normalizer = normalizer;
    this.customers = customers;
    this.merger = merger;
  }

  /** @throws dev.omnihub.adapters.spi.InputRejectedException when an identity cannot be normalized */
  public IdentityResolution resolve(Contact sender) {
    List<IdentityKey> keys = normalizer.normalizeAll(sender.identities());
    List<MergeResult> merges = new ArrayList<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Map<String, String> claims = customers.identityOwners(keys);
      Map<String, Customer> owners = currentOwners(claims);
      boolean fresh = owners.isEmpty();
      Customer known = null;
      if (owners.size() > 1) {
        merges.addAll(merger.mergeAll(owners.keySet(), "one message carried identities " + keys + " of " + owners.size() + " customers",
            Actor.SYSTEM));
        known = customers.findCurrent(owners.keySet().iterator().next()).orElseThrow();
      } else if (owners.size() == 1) {
        known = owners.values().iterator().next();
      }
      String customerId = fresh ? Ids.newId() : known.id();
      List<IdentityKey> unknown = keys.stream().filter(key -> !claims.containsKey(key.key())).toList();
      if (claimAll(unknown, customerId, sender.displayName())) {
        if (known != null) {
          customers.setNameIfMissing(known, sender.displayName());
        }
        return new IdentityResolution(customerId, fresh, merges, known);
      }
      // Another message claimed one of these identities a moment ago: resolve again and join it.
    }
    throw new IllegalStateException("identity resolution for " + keys + " did not settle");
  }

  /**
   * The customer the sender's identities belong to, without claiming anything: for traffic that must
   * not create customers (an auto-reply, a bounce).
   *
   * @return the current customer of the first identity that has one
   */
  public Optional<String> lookup(Contact sender) {
    List<IdentityKey> keys;
    try {
      keys = normalizer.normalizeAll(sender.identities());
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
    for (String owner : customers.identityOwners(keys).values()) {
      Optional<Customer> current = customers.findCurrent(owner);
      if (current.isPresent()) {
        return current.map(Customer::id);
      }
    }
    return Optional.empty();
  }

  /**
   * The current customer behind each claim. Claims that still point at a merged-away profile are
   * repointed on the way (repairs an interrupted merge); a claim whose customer document is missing
   * (a crash between the two writes) gets its document back.
   */
  private Map<String, Customer> currentOwners(Map<String, String> claims) {
    Map<String, Customer> owners = new LinkedHashMap<>();
    // Keys of one sender mostly point at one customer: read each claimed customer once.
    Map<String, Optional<Customer>> read = new HashMap<>();
    claims.forEach((key, claimedBy) -> {
      Optional<Customer> current = read.computeIfAbsent(claimedBy, customers::findCurrent);
      if (current.isEmpty()) {
        customers.ensure(claimedBy, List.of(key), null);
        current = customers.find(claimedBy);
        read.put(claimedBy, current);
      } else if (!current.get().id().equals(claimedBy)) {
        customers.repointIdentities(List.of(key), current.get().id());
      }
      owners.putIfAbsent(current.orElseThrow().id(), current.get());
    });
    return owners;
  }

  /** Claims each key for the customer; false as soon as one was claimed by someone else meanwhile. */
  private boolean claimAll(List<IdentityKey> unknown, String customerId, String name) {
    for (IdentityKey key : unknown) {
      if (!customers.claimIdentity(key, customerId)) {
        return false;
      }
      // Written right after each claim, so that every claimed key's customer exists for merges.
      customers.ensure(customerId, List.of(key.key()), name);
    }
    return true;
  }
}
