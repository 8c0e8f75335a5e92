package dev.omnihub.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnihub.adapters.spi.AuthorRef;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.OutboundMessage;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Sending through a real SMTP server that answers as told: temporary refusals (4xx) and a server that
 * cannot be reached are retryable, permanent ones (5xx) fail with the server's words.
 */
class SmtpSenderTest {

  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile String refuseRecipientWith;
  private SMTPServer relay;

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.stop();
    }
  }

  @Test
  void aSentMailCarriesItsThreadingAndIsKnownByItsMessageId() {
    startRelay();

    DeliveryReceipt receipt = new SmtpSender().send(answer(), settings(relay.getPortAllocated()), "Support");

    assertThat(receipt.providerMessageId()).isEqualTo("omnihub.m-1@shop.test");
    assertThat(receipt.threadKeys()).containsExactly("email:omnihub.m-1@shop.test");
    assertThat(received).hasSize(1);
    assertThat(received.get(0)).contains("Message-ID: <omnihub.m-1@shop.test>").contains("In-Reply-To: <a1@example.com>")
        .contains("References: <a0@example.com> <a1@example.com>").contains("Reply-To: support+conv-1@shop.test")
        .contains("Subject: Re: Order");
  }

  @Test
  void aTemporaryRefusalIsRetryable() {
    refuseRecipientWith = "451";
    startRelay();

    assertThatThrownBy(() -> new SmtpSender().send(answer(), settings(relay.getPortAllocated()), "Support"))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).contains("451");
        });
  }

  @Test
  void aPermanentRefusalFailsWithTheServersAnswer() {
    refuseRecipientWith = "550";
    startRelay();

    assertThatThrownBy(() -> new SmtpSender().send(answer(), settings(relay.getPortAllocated()), "Support"))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("550").contains("no such user here");
        });
  }

  @Test
  void anUnreachableServerIsRetryable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertThatThrownBy(() -> new SmtpSender().send(answer(), settings(closedPort), "Support"))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void aChannelWithoutSmtpSettingsCannotSend() {
    EmailSettings receiveOnly = EmailSettings.from(new JsonObject().put("address", "support@shop.test"));

    assertThatThrownBy(() -> new SmtpSender().send(answer(), receiveOnly, "Support"))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse());
  }

  private void startRelay() {
    relay = SMTPServer.port(0).messageHandlerFactory(context -> new org.subethamail.smtp.MessageHandler() {
      @Override
      public void from(String from) {
      }

      @Override
      public void recipient(String recipient) throws RejectException {
        if ("451".equals(refuseRecipientWith)) {
          throw new RejectException(451, "4.7.1 greylisted, try again later");
        }
        if ("550".equals(refuseRecipientWith)) {
          throw new RejectException(550, "5.1.1 no such user here");
        }
      }

      @Override
      public String data(InputStream data) throws java.io.IOException {
        received.add(new String(data.readAllBytes(), StandardCharsets.UTF_8));
        return null;
      }

      @Override
      public void done() {
      }
    }).build();
    relay.start();
  }

  private static EmailSettings settings(int port) {
    return EmailSettings.from(new JsonObject().put("address", "support@shop.test")
        .put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", port).put("tls", "none")));
  }

  private static OutboundMessage answer() {
    return new OutboundMessage("m-1", "conv-1", "cust-1", new ChannelRef(ChannelType.EMAIL, "ch-1"),
        Contact.of("Ana", ContactIdentity.email("ana@example.com")), "Your order ships today.", null, List.of(),
        new AuthorRef("agent", "a-1", "Bo"), Instant.now(),
        Map.of("inReplyTo", "a1@example.com", "references", "a0@example.com a1@example.com", "replyToken", "conv-1"),
        ContactIdentity.email("ana@example.com"), "Re: Order", "m-1");
  }
}
