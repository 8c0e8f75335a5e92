package dev.omnihub.hub.campaign;

import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.DeliveryStates;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.MessageUpdated;
import dev.omnihub.hub.events.Reaction;
import dev.omnihub.hub.store.Docs;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What happened to a campaign's messages, marked on each once (so a replayed event counts nothing
 * twice): delivered or failed from their delivery's news, and replied when the customer's next message
 * in that conversation comes within {@link Campaigns#REPLY_WINDOW}. A reaction; it looks at customers'
 * messages only while a campaign sent within that window.
 */
public final class CampaignOutcomes {

  private final Campaigns.Parts parts;
  private final Clock clock;
  /** Whether a campaign sent within the reply window (read from the store at start and every 30 s, set when one is created). */
  private volatile boolean repliesWatched;

  CampaignOutcomes(Campaigns.Parts parts, Clock clock) {
    this.parts = parts;
    this.clock = clock;
  }

  /** A campaign was created here: its replies are watched from now. */
  void campaignSending() {
    repliesWatched = true;
  }

  /** Looks whether any campaign sent within the reply window; blocking. */
  public void refresh() {
    repliesWatched = parts.campaigns().sentSince(clock.instant().minus(Campaigns.REPLY_WINDOW));
  }

  public Reaction reaction() {
    return new Reaction() {
      @Override
      public String name() {
        return "campaigns";
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        return switch (event.event()) {
          case MessageUpdated updated -> campaignOf(updated.message()) != null && outcome(updated.message()) != null;
          case MessageCreated created -> repliesWatched && isCustomers(created.message());
          case null, default -> false;
        };
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        if (event.event() instanceof MessageUpdated updated) {
          parts.messages().mark(updated.message().id(), campaignOf(updated.message()), outcome(updated.message()));
        } else if (event.event() instanceof MessageCreated created) {
          markReply(created.message());
        }
        return List.of();
      }
    };
  }

  private void markReply(Message message) {
    parts.conversations().lastCampaign(message.conversationId()).ifPresent(campaign -> {
      Instant sentAt = Docs.instant(campaign, "at");
      if (sentAt != null && sentAt.isBefore(message.createdAt()) && !sentAt.plus(Campaigns.REPLY_WINDOW).isBefore(message.createdAt())) {
        parts.messages().mark(campaign.getString("messageId"), campaign.getString("id"), CampaignMessages.REPLIED);
      }
    });
  }

  private static String campaignOf(Message message) {
    return message.fact(Campaigns.CAMPAIGN_ID);
  }

  private static String outcome(Message message) {
    String status = message.deliveryStatus();
    if (DeliveryStates.DELIVERED.equals(status)) {
      return CampaignMessages.DELIVERED;
    }
    return DeliveryStates.GAVE_UP.contains(status) ? CampaignMessages.FAILED : null;
  }

  private static boolean isCustomers(Message message) {
    return message.direction() == Direction.INBOUND && Author.CUSTOMER.equals(message.author().type());
  }
}
