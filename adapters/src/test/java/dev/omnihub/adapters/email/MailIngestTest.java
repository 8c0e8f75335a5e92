package dev.omnihub.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.DeliveryState;
import dev.omnihub.adapters.spi.DeliveryStatusUpdate;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InboundResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What one received mail becomes: its thread hints, its new text apart from the history, a bounce, or nothing. */
class MailIngestTest {

  private static final ChannelRef CHANNEL = new ChannelRef(ChannelType.EMAIL, "ch-1");
  private final MailIngest ingest = new MailIngest();

  @Test
  void aReplyFollowsInReplyToThenReferencesNewestFirstThenTheAddressTokenAndRegistersItsOwnId() {
    String raw = "From: ana@example.com\r\nMessage-ID: <r3@x>\r\nIn-Reply-To: <r2@x>\r\nReferences: <r1@x> <r2@x>\r\nSubject: Re: hi\r\n\r\nyes\r\n";

    InboundMessage message = (InboundMessage) ingest.read(raw.getBytes(StandardCharsets.UTF_8), CHANNEL, null, "tok9");

    assertThat(message.thread().follows()).containsExactly("email:r2@x", "email:r1@x", "conversation:tok9");
    assertThat(message.thread().registers()).containsExactly("email:r3@x");
    assertThat(message.metadata()).containsEntry("messageId", "r3@x").containsEntry("references", "r1@x r2@x").containsEntry("subject", "Re: hi");
    assertThat(message.externalId()).isEqualTo("r3@x");
    assertThat(message.automated()).isFalse();
  }

  @Test
  void anOutlookReplyKeepsItsNewTextAndTheHistoryApart() throws IOException {
    InboundMessage message = (InboundMessage) ingest.read(corpus("outlook-html-reply.eml"), CHANNEL, null, null);

    assertThat(message.text()).doesNotContain("Original Message").doesNotContain("From:");
    assertThat(message.metadata().get("quoted")).isNotBlank();
  }

  @Test
  void aMailWithoutMessageIdIsKnownByItsBytesSoAResendIsTheSameMail() {
    byte[] raw = "From: ana@example.com\r\nSubject: no id\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8);

    String first = ((InboundMessage) ingest.read(raw, CHANNEL, null, null)).externalId();
    String again = ((InboundMessage) ingest.read(raw.clone(), CHANNEL, null, null)).externalId();

    assertThat(first).startsWith("sha256:").isEqualTo(again);
  }

  @Test
  void aMailWithoutAReadableSenderFallsBackToTheEnvelopeOrIsIgnored() {
    byte[] raw = "From: not an address\r\nMessage-ID: <n1@x>\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8);

    InboundMessage withEnvelope = (InboundMessage) ingest.read(raw, CHANNEL, "bounce-back@example.com", null);
    InboundResult without = ingest.read(raw, CHANNEL, "", null);

    assertThat(withEnvelope.address().value()).isEqualTo("bounce-back@example.com");
    assertThat(without).isInstanceOf(InboundResult.Ignored.class);
  }

  @Test
  void aBounceBecomesAFailedDeliveryOfTheMailItReturns() throws IOException {
    InboundResult result = ingest.read(corpus("dsn-bounce.eml"), CHANNEL, "", null);

    assertThat(result).isInstanceOfSatisfying(DeliveryStatusUpdate.class, update -> {
      assertThat(update.providerMessageId()).isEqualTo("omnihub.6761f0c2a1b2c3d4e5f60718@shop.example");
      assertThat(update.status()).isEqualTo(DeliveryState.FAILED);
      assertThat(update.reason()).contains("gone@example.org").contains("5.1.1");
    });
  }

  @Test
  void anOutOfOfficeIsAutomated() throws IOException {
    InboundMessage message = (InboundMessage) ingest.read(corpus("out-of-office.eml"), CHANNEL, null, null);

    assertThat(message.automated()).isTrue();
  }

  private static byte[] corpus(String name) throws IOException {
    try (InputStream in = MailIngestTest.class.getResourceAsStream("/email/" + name)) {
      return in.readAllBytes();
    }
  }
}
