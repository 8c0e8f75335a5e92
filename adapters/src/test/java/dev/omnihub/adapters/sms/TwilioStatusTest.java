package dev.omnihub.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.DeliveryState;
import org.junit.jupiter.api.Test;

class TwilioStatusTest {

  @Test
  void statusesWithTheirOwnState() {
    assertThat(TwilioStatus.toDeliveryState("queued")).contains(DeliveryState.QUEUED);
    assertThat(TwilioStatus.toDeliveryState("sending")).contains(DeliveryState.SENDING);
    assertThat(TwilioStatus.toDeliveryState("sent")).contains(DeliveryState.SENT);
    assertThat(TwilioStatus.toDeliveryState("delivered")).contains(DeliveryState.DELIVERED);
    assertThat(TwilioStatus.toDeliveryState("undelivered")).contains(DeliveryState.UNDELIVERED);
    assertThat(TwilioStatus.toDeliveryState("failed")).contains(DeliveryState.FAILED);
  }

  @Test
  void notYetSentStatusesAreQueued() {
    assertThat(TwilioStatus.toDeliveryState("accepted")).contains(DeliveryState.QUEUED);
    assertThat(TwilioStatus.toDeliveryState("scheduled")).contains(DeliveryState.QUEUED);
  }

  @Test
  void readAndPartiallyDeliveredAreDelivered() {
    assertThat(TwilioStatus.toDeliveryState("read")).contains(DeliveryState.DELIVERED);
    assertThat(TwilioStatus.toDeliveryState("partially_delivered")).contains(DeliveryState.DELIVERED);
  }

  @Test
  void canceledIsAFailureThatWillNotChange() {
    assertThat(TwilioStatus.toDeliveryState("canceled")).contains(DeliveryState.FAILED);
    assertThat(DeliveryState.FAILED.terminal()).isTrue();
  }

  @Test
  void inboundStatusesAreNoDeliveryState() {
    assertThat(TwilioStatus.toDeliveryState("receiving")).isEmpty();
    assertThat(TwilioStatus.toDeliveryState("received")).isEmpty();
  }

  @Test
  void unknownOrMissingValuesAreEmpty() {
    assertThat(TwilioStatus.toDeliveryState("bounced")).isEmpty();
    assertThat(TwilioStatus.toDeliveryState("")).isEmpty();
    assertThat(TwilioStatus.toDeliveryState(null)).isEmpty();
  }

  @Test
  void caseAndSurroundingWhitespaceDoNotMatter() {
    assertThat(TwilioStatus.toDeliveryState("Delivered")).contains(DeliveryState.DELIVERED);
    assertThat(TwilioStatus.toDeliveryState(" UNDELIVERED ")).contains(DeliveryState.UNDELIVERED);
  }
}
