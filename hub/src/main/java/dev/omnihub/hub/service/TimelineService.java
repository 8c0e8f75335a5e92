package dev.omnihub.hub.service;

import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityKey;
import dev.omnihub.hub.customer.IdentityResolution;
import dev.omnihub.hub.customer.IdentityResolver;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import dev.omnihub.hub.timeline.TimelineEvent;
import dev.omnihub.hub.timeline.TimelineEventStore;
import dev.omnihub.hub.timeline.TimelineItem.EventItem;
import dev.omnihub.hub.timeline.TimelineItem.MessageItem;
import dev.omnihub.hub.timeline.TimelineItem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A customer's timeline: outside events posted by the business's systems beside every message of
 * every conversation of the customer, any channel, newest first. Blocking: run through the store.
 */
public final class TimelineService {

  /** What a post asked for. */
  public record Post(IdentityKey identity, String name, String type, String title, Instant occurredAt, String externalId, Map<String, Object> data) {
  }

  /** The stored event and whether it was there already. */
  public record Posted(TimelineEvent event, boolean duplicate) {
  }

  private static final Comparator<TimelineItem> NEWEST_FIRST =
      Comparator.comparing(TimelineItem::at).thenComparing(TimelineItem::id).reversed();

  private final TimelineEventStore events;
  private final IdentityResolver identities;
  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final Clock clock;

  public TimelineService(TimelineEventStore events, IdentityResolver identities, CustomerStore customers, ConversationStore conversations,
      MessageStore messages, Clock clock) {
    this.events = events;
    this.identities = identities;
    this.customers = customers;
    this.conversations = conversations;
    this.messages = messages;
    this.clock = clock;
  }

  /** Stores the event on the customer its identity leads to (created if unknown), once per {@code externalId}. */
  public Outcome<Posted> post(Post post) {
    Optional<TimelineEvent> earlier = events.findByExternalId(post.externalId());
    if (earlier.isPresent()) {
      return Outcome.of(new Posted(earlier.get(), true));
    }
    IdentityResolution resolution = identities.resolve(Contact.of(post.name(),
        new ContactIdentity(post.identity().kind(), post.identity().value())));
    TimelineEvent event = new TimelineEvent(Ids.newId(), resolution.customerId(), post.type(), post.title(), post.occurredAt(),
        post.externalId(), post.data(), clock.instant());
    Optional<TimelineEvent> stored = events.insertIfNew(event);
    List<HubEvent> published = new ArrayList<>();
    ResolutionEvents.addTo(published, resolution, customers);
    if (stored.isEmpty()) {
      // The same post arrived concurrently and its twin was stored first.
      return new Outcome<>(new Posted(events.findByExternalId(post.externalId()).orElseThrow(), true), published);
    }
    return new Outcome<>(new Posted(event, false), published);
  }

  /** A page of the customer's timeline, newest first (a merged-away profile's id leads to its survivor). */
  public Page<TimelineItem> timeline(String customerId, PageCursor after, int limit) {
    Customer customer = customers.findCurrent(customerId).orElseThrow(() -> new NotFoundException("customer", customerId));
    List<String> profiles = new ArrayList<>(customer.mergedFrom());
    profiles.add(0, customer.id());
    List<String> conversationIds = new ArrayList<>();
    for (String profile : profiles) {
      conversationIds.addAll(conversations.idsOfCustomer(profile));
    }
    List<TimelineItem> items = new ArrayList<>();
    messages.newestOf(conversationIds, after, limit + 1).forEach(message -> items.add(new MessageItem(message)));
    events.newest(profiles, after, limit + 1).forEach(event -> items.add(new EventItem(event)));
    items.sort(NEWEST_FIRST);
    boolean more = items.size() > limit;
    List<TimelineItem> shown = more ? items.subList(0, limit) : items;
    String next = more ? new PageCursor(shown.get(shown.size() - 1).at(), shown.get(shown.size() - 1).id()).encode() : null;
    return new Page<>(shown, next);
  }

  /** The newest {@code count} items, for a screen pop. */
  public List<TimelineItem> recent(String customerId, int count) {
    return timeline(customerId, null, count).items();
  }
}
