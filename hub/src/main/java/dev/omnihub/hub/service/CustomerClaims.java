package dev.omnihub.hub.service;

import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityKey;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.customer.MergeSuggestionStore.MergeSuggestion;
import dev.omnihub.hub.customer.MergeSuggestionStore;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.events.CustomerChanged;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.MergeSuggested;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.views.Views;
import java.util.ArrayList;
import java.util.List;

/**
 * Identities a customer states without proof (an email typed into the widget). A claim is shown to
 * agents on the profile and never finds or merges a customer: anyone can type anyone's email. When the
 * identity belongs to another profile, a merge suggestion is raised for an agent to accept or
 * dismiss; only verified identities (a signed webhook, the widget's userHash, mail received over
 * SMTP) merge profiles on their own. Blocking: run through the store.
 */
public final class CustomerClaims {

  private final CustomerStore customers;
  private final MergeSuggestionStore suggestions;
  private final IdentityNormalizer normalizer;
  private final CustomerService service;

  public CustomerClaims(CustomerStore customers, MergeSuggestionStore suggestions, IdentityNormalizer normalizer, CustomerService service) {
    this.customers = customers;
    this.suggestions = suggestions;
    this.normalizer = normalizer;
    this.service = service;
  }

  /**
   * Records the claims on the customer (once each) and raises a suggestion for each that another
   * profile owns.
   *
   * @throws dev.omnihub.adapters.spi.InputRejectedException for an identity that cannot be read
   */
  public List<HubEvent> record(String customerId, List<ContactIdentity> claimed, String source) {
    List<HubEvent> events = new ArrayList<>();
    boolean changed = false;
    for (ContactIdentity identity : claimed) {
      IdentityKey key = normalizer.normalize(identity);
      Customer customer = customers.require(customerId);
      if (customer.identities().contains(key.key())) {
        continue; // already proven for this very profile
      }
      changed |= customers.addClaim(customerId, key, source);
      service.findByIdentity(key).filter(owner -> !owner.id().equals(customerId))
          .flatMap(owner -> suggestions.raise(customerId, owner.id(), key))
          .ifPresent(suggestion -> events.add(new MergeSuggested(Views.mergeSuggestion(suggestion))));
    }
    if (changed) {
      events.add(0, CustomerChanged.updated(Views.customer(customers.require(customerId))));
    }
    return events;
  }

  /** Suggestions by status, newest first; of one customer when {@code customerId} is given. */
  public dev.omnihub.hub.store.Page<MergeSuggestion> list(String status, String customerId, dev.omnihub.hub.store.PageCursor cursor,
      int limit) {
    return suggestions.list(status, customerId, cursor, limit);
  }

  /** An agent accepts: the profile that owns the identity absorbs the claimant (or the older survives, as any merge). */
  public Outcome<MergeSuggestion> accept(String suggestionId, Actor actor) {
    MergeSuggestion suggestion = open(suggestionId);
    Outcome<Customer> merged;
    try {
      merged = service.merge(suggestion.ownerId(), suggestion.claimantId(), actor);
    } catch (ConflictException alreadyOne) {
      merged = new Outcome<>(null, List.of());
    }
    decide(suggestionId, MergeSuggestionStore.ACCEPTED, actor);
    return new Outcome<>(suggestions.require(suggestionId), merged.events());
  }

  public MergeSuggestion dismiss(String suggestionId, Actor actor) {
    open(suggestionId);
    decide(suggestionId, MergeSuggestionStore.DISMISSED, actor);
    return suggestions.require(suggestionId);
  }

  private MergeSuggestion open(String suggestionId) {
    MergeSuggestion suggestion = suggestions.require(suggestionId);
    if (!MergeSuggestionStore.OPEN.equals(suggestion.status())) {
      throw new ConflictException("already_decided", "merge suggestion " + suggestionId + " was already " + suggestion.status());
    }
    return suggestion;
  }

  private void decide(String suggestionId, String status, Actor actor) {
    if (!suggestions.decide(suggestionId, status, actor)) {
      throw new ConflictException("already_decided", "merge suggestion " + suggestionId + " was decided meanwhile");
    }
  }
}
