package dev.omnihub.hub.campaign;

import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.OutboundPolicy;
import dev.omnihub.hub.canned.Placeholders;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.Preview;
import dev.omnihub.hub.conversation.WrittenMessage;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.events.ConversationCreated;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.LogWrite;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.timers.TimerHandler;
import dev.omnihub.hub.timers.TimerKind;
import dev.omnihub.hub.timers.TimerStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * Writes a campaign's messages, a batch per run of its durable timer: the next customers of its
 * audience in id order, each sent (a message in their default thread, or a new pending one, queued for
 * delivery) or skipped for the first reason that applies (no address on the channel, opted out, no
 * consent for marketing). The batch's counts and the progress past it are one conditional update, and
 * each send has its unique {@code dedupeKey}: a batch run again after a crash finds its sends done,
 * counts them once and sends nobody twice. Delivery is the queue's, one message per customer.
 */
public final class CampaignSender implements TimerHandler {

  /** A campaign's sends: one timer per campaign, due at its next batch. */
  public static final TimerKind KIND = new TimerKind("campaign.send", 10);
  /** Sends written in one store write at most. */
  static final int MAX_BATCH = 200;

  private final Campaigns.Parts parts;
  private final Clock clock;

  CampaignSender(Campaigns.Parts parts, Clock clock) {
    this.parts = parts;
    this.clock = clock;
  }

  static String timerId(String campaignId) {
    return KIND.name() + ":" + campaignId;
  }

  /** Customers handled per run: a second's worth at the campaign's rate (a run a second), at least one. */
  static int batchSize(int ratePerMinute) {
    return Math.max(1, Math.min(MAX_BATCH, (int) Math.ceil(ratePerMinute / 60.0)));
  }

  /** The time a batch of that size takes at the rate: when the next may start. */
  static Duration pause(int batch, int ratePerMinute) {
    return Duration.ofMillis(Math.max(1_000L, batch * 60_000L / ratePerMinute));
  }

  @Override
  public Future<Rerun> fire(TimerStore.Timer timer) {
    return parts.store().writeAndPublish(write -> run(timer.subjectId(), write));
  }

  private Outcome<Rerun> run(String campaignId, LogWrite write) {
    Instant now = clock.instant();
    Optional<Campaign> found = parts.campaigns().find(campaignId);
    if (found.isEmpty() || !found.get().sending()) {
      return Outcome.of(Rerun.ifChanged(now));
    }
    Campaign campaign = found.get();
    if (campaign.sendAt() != null && campaign.sendAt().isAfter(now)) {
      return Outcome.of(Rerun.at(campaign.sendAt()));
    }
    int size = batchSize(campaign.ratePerMinute());
    Batch batch = nextBatch(campaign, size);
    if (batch.progress() == null) {
      parts.campaigns().finished(campaignId, now);
      return Outcome.of(Rerun.ifChanged(now));
    }
    parts.campaigns().started(campaignId, now);
    List<HubEvent> events = new ArrayList<>();
    Campaign.SendCounts counts = send(campaign, batch.customers(), write, events, now);
    parts.campaigns().advance(campaignId, campaign.progress(), batch.progress(), counts);
    return new Outcome<>(Rerun.at(now.plus(pause(size, campaign.ratePerMinute()))), events);
  }

  /** The next customers and the progress past them; a {@code null} progress when none are left. */
  private record Batch(List<Customer> customers, String progress) {
  }

  private Batch nextBatch(Campaign campaign, int size) {
    CampaignAudience audience = campaign.audience();
    List<String> listed = audience.listedAfter(campaign.progress(), size);
    if (listed != null) {
      // A listed customer merged or erased since is no longer there: the progress moves past them all the same.
      return listed.isEmpty() ? new Batch(List.of(), null)
          : new Batch(parts.customers().findInIdOrder(audience.customersAfter(null, listed), size), listed.get(listed.size() - 1));
    }
    List<Customer> customers = parts.customers().findInIdOrder(audience.customersAfter(campaign.progress(), null), size);
    return customers.isEmpty() ? new Batch(List.of(), null) : new Batch(customers, customers.get(customers.size() - 1).id());
  }

  private Campaign.SendCounts send(Campaign campaign, List<Customer> customers, LogWrite write, List<HubEvent> events, Instant now) {
    Map<String, String> sent = parts.messages().sentTo(campaign.id(), customers.stream().map(Customer::id).toList());
    Optional<Channel> channel = parts.channels().find(campaign.channelId());
    OutboundPolicy policy = channel.map(found -> parts.adapters().adapter(found.type()).outboundPolicy()).orElse(null);
    Map<String, ContactIdentity> addresses = new HashMap<>();
    for (Customer customer : customers) {
      if (channel.isPresent() && !sent.containsKey(customer.id())) {
        CampaignEligibility.address(customer, channel.get().id(), policy).ifPresent(address -> addresses.put(customer.id(), address));
      }
    }
    Set<String> optedOut = channel.isPresent() && policy.honoursOptOuts()
        ? parts.optOuts().optedOutAmong(channel.get().id(), addresses.values().stream().map(ContactIdentity::value).toList()) : Set.of();
    long sends = 0;
    long noConsent = 0;
    long opted = 0;
    long noAddress = 0;
    for (Customer customer : customers) {
      if (sent.containsKey(customer.id())) {
        sends++;
        continue;
      }
      ContactIdentity address = addresses.get(customer.id());
      if (address == null) {
        noAddress++;
      } else if (optedOut.contains(address.value())) {
        opted++;
      } else if (!CampaignEligibility.consents(customer, campaign.purpose(), channel.get().type().wireName())) {
        noConsent++;
      } else {
        sendTo(campaign, customer, channel.get(), write, events, now);
        sends++;
      }
    }
    return new Campaign.SendCounts(customers.size(), sends, noConsent, opted, noAddress);
  }

  /** The campaign's message to one customer, in their default thread (a new pending one if they have none). */
  private void sendTo(Campaign campaign, Customer customer, Channel channel, LogWrite write, List<HubEvent> events, Instant now) {
    Optional<Conversation> active = parts.conversations().findActiveFor(customer.id());
    if (active.isEmpty()) {
      active = parts.conversations().createActive(Ids.newId(), customer.id(), now, ConversationStatus.PENDING);
      active.ifPresent(created -> events.add(new ConversationCreated(created)));
    }
    Conversation conversation = active.or(() -> parts.conversations().findActiveFor(customer.id())).orElseThrow();
    String text = Placeholders.fill(campaign.text(), Placeholders.values(customer.name(), campaign.createdBy().name(),
        conversation.ticket() == null ? null : conversation.ticket().number()));
    String id = Ids.newId();
    Message message;
    try {
      message = parts.messageStore().insertWritten(new WrittenMessage(id, conversation, Direction.OUTBOUND,
              new Author(Author.SYSTEM, campaign.id(), "Campaign '" + campaign.name() + "'"), text, channel.type().wireName(), channel.id(), now),
          write.cursorForNewMessage(id), new Document("dedupeKey", CampaignMessages.sendKey(campaign.id(), customer.id()))
              .append("metadata", new Document(Campaigns.CAMPAIGN_ID, campaign.id())));
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        // Another run sent it a moment ago.
        return;
      }
      throw e;
    }
    parts.outbox().enqueue(message, now);
    Conversation after = parts.conversations().recordCampaignSend(conversation, new ChannelRef(channel.type(), channel.id()), now,
        Preview.of(text, 0), new Document("id", campaign.id()).append("messageId", id).append("at", Docs.date(now)));
    events.add(new MessageCreated(message, after.assigneeId(), after.queueId()));
  }
}
