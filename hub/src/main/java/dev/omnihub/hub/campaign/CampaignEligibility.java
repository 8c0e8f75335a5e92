package dev.omnihub.hub.campaign;

import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.OutboundPolicy;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.outbound.ReplyAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a campaign may reach a customer, reason by reason: an address on the channel (the one they
 * wrote from there, or an identity of the channel's kind where its adapter may start a conversation),
 * and, for {@code marketing}, their consent for marketing on that channel type, {@code true} and nothing
 * less (unknown is no). Opt-outs are the channel's, read for a batch at once.
 */
final class CampaignEligibility {

  private CampaignEligibility() {
  }

  static Optional<ContactIdentity> address(Customer customer, String channelId, OutboundPolicy policy) {
    return ReplyAddress.of(customer, channelId, policy.reachesByIdentity() ? policy.addressedBy() : null, Optional.empty());
  }

  static boolean consents(Customer customer, String purpose, String channelType) {
    if (!Campaign.MARKETING.equals(purpose)) {
      return true;
    }
    return customer.consent() != null && customer.consent().get(Campaign.MARKETING) instanceof Map<?, ?> marketing
        && Boolean.TRUE.equals(marketing.get(channelType));
  }
}
