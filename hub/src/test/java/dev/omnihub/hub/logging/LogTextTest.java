package dev.omnihub.hub.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A provider's refusal keeps its meaning in the log, without the customer it names. */
class LogTextTest {

  @Test
  void aMailServersRefusalLosesTheRecipientsAddressButKeepsItsReason() {
    assertThat(LogText.withoutIdentities("the mail server refused the mail: 550 5.1.1 <reach@example.com>: no such mailbox here"))
        .isEqualTo("the mail server refused the mail: 550 5.1.1 <<address>>: no such mailbox here");
  }

  @Test
  void anSmsProvidersRefusalLosesTheNumber() {
    assertThat(LogText.withoutIdentities("21211: The 'To' number +4915112345678 is not a valid phone number"))
        .isEqualTo("21211: The 'To' number <number> is not a valid phone number");
  }

  @Test
  void textWithoutIdentitiesIsKeptAsItIs() {
    assertThat(LogText.withoutIdentities("Connection refused (attempt 2)")).isEqualTo("Connection refused (attempt 2)");
    assertThat(LogText.withoutIdentities(null)).isNull();
  }
}
