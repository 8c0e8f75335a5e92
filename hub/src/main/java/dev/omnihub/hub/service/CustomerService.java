package dev.omnihub.hub.service;

import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationFilter;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerMerger;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityKey;
import dev.omnihub.hub.customer.MergeResult;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.events.CustomerChanged;
import dev.omnihub.hub.events.CustomerMerged;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import dev.omnihub.hub.views.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Customer lookups and merges as the API offers them. Blocking: run through the store. */
public final class CustomerService {

  private final CustomerStore customers;
  private final CustomerMerger merger;
  private final ConversationStore conversations;

  public CustomerService(CustomerStore customers, CustomerMerger merger, ConversationStore conversations) {
    this.customers = customers;
    this.merger = merger;
    this.conversations = conversations;
  }

  /** The current customer an identity leads to. */
  public Optional<Customer> findByIdentity(IdentityKey key) {
    String owner = customers.identityOwners(List.of(key)).get(key.key());
    return owner == null ? Optional.empty() : customers.findCurrent(owner);
  }

  /**
   * Merges two profiles on request; the older one survives (so ids that integrations have held
   * longest stay valid) and the other's id answers with {@code mergedInto}.
   */
  public Outcome<Customer> merge(String id, String otherId, Actor actor) {
    if (id.equals(otherId)) {
      throw new ConflictException("same_customer", "a customer cannot be merged with itself");
    }
    MergeResult result = merger.merge(id, otherId, "requested by " + actor.type() + " " + actor.name(), actor);
    if (result == null) {
      throw new ConflictException("already_merged", "customers " + id + " and " + otherId + " are already one profile");
    }
    List<HubEvent> events = new ArrayList<>();
    events.add(new CustomerMerged(result.survivorId(), result.loserId(), result.movedConversations()));
    return new Outcome<>(customers.require(result.survivorId()), events);
  }

  /** Undoes a merge (supervisors): {@code otherId} was merged into {@code id}. */
  public Outcome<Customer> unmerge(String id, String otherId, Actor actor) {
    merger.unmerge(id, otherId, "requested by " + actor.type() + " " + actor.name(), actor);
    Customer survivor = customers.require(id);
    List<HubEvent> events = List.of(CustomerChanged.updated(Views.customer(survivor)),
        CustomerChanged.updated(Views.customer(customers.require(otherId))));
    return new Outcome<>(survivor, events);
  }

  /**
   * A customer's conversations, including those of profiles merged into it.
   *
   * @param reachedBy only those that used one of these channels, {@code null} for all
   */
  public Page<Conversation> conversationsOf(String customerId, List<String> reachedBy, PageCursor cursor, int limit) {
    Customer customer = customers.require(customerId);
    List<String> ids = new ArrayList<>(customer.mergedFrom());
    ids.add(0, customer.id());
    return conversations.list(ConversationFilter.forCustomers(ids, reachedBy), cursor, limit);
  }
}
