package dev.omnihub.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.customer.ContactAddress;
import dev.omnihub.hub.customer.Customer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One rule for where an answer goes, used by the delivery and by the opt-out check before a reply is stored. */
class ReplyAddressTest {

  private static final Customer NIA = new Customer("u1", "Nia", List.of("phone:+4915111111111", "email:nia@example.com"), Map.of(),
      List.of(), Instant.EPOCH, Instant.EPOCH, 1, null, List.of(), Map.of("sms-1", new ContactAddress("phone", "+4915122222222")),
      List.of(), null);

  @Test
  void theAnsweredMessagesAddressComesFirst() {
    Message answered = new Message("m1", "c1", "u1", "sms", "sms-1", Direction.INBOUND, new Author("customer", "u1", "Nia"), "hi", null,
        List.of(), "SM1", Instant.EPOCH, Instant.EPOCH, null, Map.of("addressKind", "phone", "address", "+4915133333333"));

    assertThat(ReplyAddress.of(NIA, "sms-1", IdentityKind.PHONE, Optional.of(answered)))
        .contains(new ContactIdentity(IdentityKind.PHONE, "+4915133333333"));
  }

  @Test
  void withoutAnAnsweredMessageTheAddressLastWrittenFromOnTheChannelIsUsed() {
    assertThat(ReplyAddress.of(NIA, "sms-1", IdentityKind.PHONE, Optional.empty()))
        .contains(new ContactIdentity(IdentityKind.PHONE, "+4915122222222"));
  }

  @Test
  void onAChannelTheCustomerNeverWroteToTheirIdentityOfTheChannelsKindIsUsed() {
    assertThat(ReplyAddress.of(NIA, "sms-2", IdentityKind.PHONE, Optional.empty()))
        .contains(new ContactIdentity(IdentityKind.PHONE, "+4915111111111"));
    assertThat(ReplyAddress.of(NIA, "mail-1", IdentityKind.EMAIL, Optional.empty()))
        .contains(new ContactIdentity(IdentityKind.EMAIL, "nia@example.com"));
  }

  @Test
  void aChannelThatReachesNoKindOfIdentityHasNoAddressForSomeoneWhoNeverWroteThere() {
    assertThat(ReplyAddress.of(NIA, "api-1", null, Optional.empty())).isEmpty();
  }
}
