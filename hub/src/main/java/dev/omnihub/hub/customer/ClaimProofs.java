package dev.omnihub.hub.customer;

import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.hub.audit.Actor;
import java.util.Collection;
import java.util.List;

/**
 * A claimed email is proven when the hub mailed that address (the chat replies a visitor missed) and
 * an answer from that address follows the mail we sent: the mail's thread keys are kept with the claim
 * as its proof, and a conversation's reply token proves nothing (the widget tells visitors their
 * conversation id). The answer's sender (a profile made for the address, or one that owned it) and
 * the claimant are then one person, verified, and merge. Blocking.
 */
public final class ClaimProofs {

  private final CustomerStore customers;
  private final CustomerMerger merger;
  private final IdentityNormalizer normalizer;

  public ClaimProofs(CustomerStore customers, CustomerMerger merger, IdentityNormalizer normalizer) {
    this.customers = customers;
    this.merger = merger;
    this.normalizer = normalizer;
  }

  /** The hub mailed a claimed address: an answer following these keys proves it. */
  public void mailedClaim(String customerId, IdentityKey claimed, Collection<String> threadKeys) {
    customers.addClaimProofs(customerId, threadKeys.stream().map(key -> proof(claimed, key)).toList());
  }

  /**
   * Whether the sender answers, from a claimed address, a mail the hub sent there for this customer
   * (one read of that customer; only for a hint that leads to another customer's conversation).
   */
  public boolean proves(String claimantId, Contact sender, String threadKey) {
    List<String> proofs = normalizer.normalizeAll(sender.identities()).stream().filter(key -> key.kind() == IdentityKind.EMAIL)
        .map(key -> proof(key, threadKey)).toList();
    return !proofs.isEmpty() && customers.hasClaimProof(claimantId, proofs);
  }

  /**
   * The sender proved the claim: their profile (made for the address, or the one that owned it) and
   * the claimant are one person. Merges them (the older survives) and drops the proven claims.
   *
   * @return the survivor, and the merge made
   */
  public IdentityResolution join(IdentityResolution sender, String claimantId, Contact contact) {
    MergeResult merge = merger.merge(claimantId, sender.customerId(), "answered the mail the hub sent to a claimed address", Actor.SYSTEM);
    String survivor = merge == null ? claimantId : merge.survivorId();
    for (IdentityKey key : normalizer.normalizeAll(contact.identities())) {
      if (key.kind() == IdentityKind.EMAIL) {
        customers.dropClaim(survivor, key);
      }
    }
    List<MergeResult> merges = new java.util.ArrayList<>(sender.merges());
    if (merge != null) {
      merges.add(merge);
    }
    return new IdentityResolution(survivor, sender.created(), merges, null);
  }

  private static String proof(IdentityKey claimed, String threadKey) {
    return claimed.key() + "|" + threadKey;
  }
}
