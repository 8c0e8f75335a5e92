package dev.omnihub.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.OutboundDeliveryContract;
import dev.omnihub.adapters.spi.TestAdapterContext;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/** The email adapter's delivery through real SMTP relays (subethasmtp answering as told), held to the outbound contract. */
class EmailChannelAdapterTest implements OutboundDeliveryContract {

  private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*<([^>]+)>");
  private static Vertx vertx;
  private static EmailChannelAdapter adapter;

  private final List<String> messageIds = new CopyOnWriteArrayList<>();
  private final List<SMTPServer> relays = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    adapter = new EmailChannelAdapter();
    adapter.start(new TestAdapterContext(vertx, -1, Path.of("target"))).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    adapter.stop().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopRelays() {
    relays.forEach(SMTPServer::stop);
  }

  @Override
  public ChannelAdapter outbound() {
    return adapter;
  }

  @Override
  public ChannelSettings acceptingReceiver() {
    return channel(relay(null));
  }

  /** A mail's idempotency key is its Message-ID: the same delivery is the same mail to every receiver. */
  @Override
  public List<String> idempotencyKeysReceived() {
    return messageIds;
  }

  @Override
  public ChannelSettings refusingReceiver(boolean permanently) {
    return channel(relay(permanently ? new RejectException(554, "5.7.1 message rejected as spam")
        : new RejectException(452, "4.2.2 mailbox full, try again later")));
  }

  @Override
  public ChannelSettings unreachableReceiver() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return channel(socket.getLocalPort());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public ContactIdentity customerAddress() {
    return ContactIdentity.email("ana@example.com");
  }

  @Test
  void theSettingsThatAreCredentialsAreThePasswords() {
    assertThat(adapter.credentialSettings()).containsExactlyInAnyOrder("smtp.password", "imap.password");
  }

  private static ChannelSettings channel(int port) {
    return new ChannelSettings("mail-1", ChannelType.EMAIL, "Support", null, new JsonObject().put("address", "support@shop.test")
        .put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", port).put("tls", "none")));
  }

  /** A relay that takes every mail, or refuses each at DATA with the given answer. */
  private int relay(RejectException refusal) {
    SMTPServer relay = SMTPServer.port(0).messageHandlerFactory(context -> new MessageHandler() {
      @Override
      public void from(String from) {
      }

      @Override
      public void recipient(String recipient) {
      }

      @Override
      public String data(InputStream data) throws RejectException, IOException {
        String mail = new String(data.readAllBytes(), StandardCharsets.UTF_8);
        if (refusal != null) {
          throw refusal;
        }
        Matcher id = MESSAGE_ID.matcher(mail);
        messageIds.add(id.find() ? id.group(1) : null);
        return null;
      }

      @Override
      public void done() {
      }
    }).build();
    relay.start();
    relays.add(relay);
    return relay.getPortAllocated();
  }
}
