package dev.omnihub.hub.service;

import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityResolution;
import dev.omnihub.hub.customer.MergeResult;
import dev.omnihub.hub.events.CustomerChanged;
import dev.omnihub.hub.events.CustomerMerged;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.views.Views;
import java.util.List;
import java.util.Optional;

/** The events of finding who someone is: the customer it created, and the profiles it merged. */
public final class ResolutionEvents {

  private ResolutionEvents() {
  }

  /** Adds them to {@code events} (blocking: reads a created customer). */
  public static void addTo(List<HubEvent> events, IdentityResolution resolution, CustomerStore customers) {
    addTo(events, resolution, null, customers);
  }

  /** As {@link #addTo(List, IdentityResolution, CustomerStore)}, with the created customer already read ({@code null}: read it). */
  public static void addTo(List<HubEvent> events, IdentityResolution resolution, Customer created, CustomerStore customers) {
    if (resolution.created()) {
      Optional<Customer> customer = created != null ? Optional.of(created) : customers.find(resolution.customerId());
      customer.ifPresent(read -> events.add(CustomerChanged.created(Views.customer(read))));
    }
    for (MergeResult merge : resolution.merges()) {
      events.add(new CustomerMerged(merge.survivorId(), merge.loserId(), merge.movedConversations()));
    }
  }
}
