package dev.omnihub.hub.campaign;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.OptOuts;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import dev.omnihub.hub.timers.TimerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Proactive campaigns: created with their audience checked, sent by {@link CampaignSender} on a durable
 * timer, cancelled, and shown with their counts — the sends' own (exact, kept with the progress) and
 * what happened to the messages after (delivered, failed, replied: marked on each message once by
 * {@link CampaignOutcomes} and counted through an index). Blocking: run through the store.
 */
public final class Campaigns {

  /** The message metadata naming the campaign a message was sent for. */
  public static final String CAMPAIGN_ID = "campaignId";
  /** Customer ids a campaign may list. */
  public static final int MAX_LISTED = 10_000;

  /** What campaigns read and write through. */
  public record Parts(PublishingStore store, CampaignStore campaigns, CampaignMessages messages, MessageStore messageStore,
      CustomerStore customers, ConversationStore conversations, ChannelStore channels, ChannelAdapters adapters, OptOuts optOuts,
      Outbox outbox, TimerStore timers) {
  }

  /** A campaign as asked for, checked for its shape by the route. */
  public record Request(String name, String channelId, String purpose, List<String> tags, Map<String, Object> attributes,
      List<String> customerIds, String text, Instant sendAt, Integer ratePerMinute) {
  }

  /** A campaign and its figures. */
  public record Shown(Campaign campaign, long delivered, long failed, long replied) {
  }

  private final Parts parts;
  private final Clock clock;
  private final CampaignSender sender;
  private final CampaignOutcomes outcomes;

  private Campaigns(Parts parts, Clock clock) {
    this.parts = parts;
    this.clock = clock;
    this.sender = new CampaignSender(parts, clock);
    this.outcomes = new CampaignOutcomes(parts, clock);
  }

  public static Campaigns create(MongoStore mongo, PublishingStore store, MessageStore messages, CustomerStore customers,
      ConversationStore conversations, ChannelStore channels, ChannelAdapters adapters, OptOuts optOuts, Outbox outbox, TimerStore timers,
      Clock clock) {
    return new Campaigns(new Parts(store, new CampaignStore(mongo), new CampaignMessages(mongo), messages, customers, conversations,
        channels, adapters, optOuts, outbox, timers), clock);
  }

  public CampaignSender sender() {
    return sender;
  }

  public CampaignOutcomes outcomes() {
    return outcomes;
  }

  /**
   * Stores the campaign, scheduled, and sets its timer for {@code sendAt} (now when absent).
   *
   * @throws InputRejectedException when the channel or a listed customer does not exist
   */
  public Shown create(Request request, Actor by) {
    if (parts.channels().find(request.channelId()).isEmpty()) {
      throw InputRejectedException.invalid("channelId", "no channel '" + request.channelId() + "'");
    }
    Instant now = clock.instant();
    Campaign campaign = new Campaign(Ids.newId(), request.name(), request.channelId(), request.purpose(),
        new CampaignAudience(request.tags(), request.attributes(), current(request.customerIds())), request.text(), request.sendAt(),
        request.ratePerMinute() == null ? Campaign.DEFAULT_RATE_PER_MINUTE : request.ratePerMinute(), Campaign.SCHEDULED, by, now, null, null,
        null, Campaign.SendCounts.NONE);
    parts.campaigns().insert(campaign);
    parts.timers().schedule(CampaignSender.timerId(campaign.id()), CampaignSender.KIND, campaign.id(),
        request.sendAt() == null || request.sendAt().isBefore(now) ? now : request.sendAt(), now);
    outcomes.campaignSending();
    return new Shown(campaign, 0, 0, 0);
  }

  /** The listed customers as their current profiles, each once, in id order; {@code null} when none are listed. */
  private List<String> current(List<String> listed) {
    if (listed == null) {
      return null;
    }
    TreeSet<String> ids = new TreeSet<>();
    for (int i = 0; i < listed.size(); i++) {
      String id = listed.get(i);
      Optional<Customer> customer = Ids.looksLikeId(id) ? parts.customers().findCurrent(id) : Optional.empty();
      if (customer.isEmpty()) {
        throw InputRejectedException.invalid("audience.customerIds[" + i + "]", "no customer '" + id + "'");
      }
      ids.add(customer.get().id());
    }
    return new ArrayList<>(ids);
  }

  /** @throws NotFoundException when there is no such campaign */
  public Shown show(String id) {
    return show(parts.campaigns().find(id).orElseThrow(() -> new NotFoundException("campaign", id)));
  }

  public Page<Shown> list(PageCursor cursor, int limit) {
    return parts.campaigns().list(cursor, limit).map(this::show);
  }

  private Shown show(Campaign campaign) {
    return new Shown(campaign, parts.messages().count(campaign.id(), CampaignMessages.DELIVERED),
        parts.messages().count(campaign.id(), CampaignMessages.FAILED), parts.messages().count(campaign.id(), CampaignMessages.REPLIED));
  }

  /**
   * Stops the sends not yet written; those written are in their customers' threads and go out.
   *
   * @return the campaign after, or as it was when it had already finished
   * @throws NotFoundException when there is no such campaign
   */
  public Shown cancel(String id) {
    Campaign campaign = parts.campaigns().find(id).orElseThrow(() -> new NotFoundException("campaign", id));
    if (Campaign.DONE.equals(campaign.status())) {
      throw new ConflictException("campaign_done", "campaign " + id + " has sent or skipped every customer it targeted; nothing is left to cancel");
    }
    if (campaign.sending() && !parts.campaigns().cancel(id, clock.instant()) && Campaign.DONE.equals(show(id).campaign().status())) {
      throw new ConflictException("campaign_done", "campaign " + id + " finished while it was being cancelled");
    }
    return show(id);
  }

  /** How long after a campaign's message the customer's next message counts as its reply. */
  static final Duration REPLY_WINDOW = Duration.ofDays(7);
}
