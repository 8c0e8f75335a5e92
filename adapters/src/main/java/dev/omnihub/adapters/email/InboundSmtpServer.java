package dev.omnihub.adapters.email;

import dev.omnihub.adapters.spi.AdapterEnvironment;
import dev.omnihub.adapters.spi.InboundSink;
import dev.omnihub.adapters.spi.InputRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The hub's inbound SMTP listener (subethasmtp). A recipient no email channel owns is refused at
 * {@code RCPT TO} with 550; a mail over the size limit gets 552; every other mail is answered 250 only
 * once the hub stored it (the sink's future), so a sender that saw 250 can forget the mail. A mail
 * that cannot be parsed is stored as far as it can be read, never refused with a code that makes the
 * sender retry it forever; only a hub that cannot store right now answers 451 (try again later), and
 * the retry is recognised by its Message-ID.
 */
final class InboundSmtpServer {

  private static final Logger log = LoggerFactory.getLogger(InboundSmtpServer.class);
  /** How long a sender waits for the store before it is told to try again. */
  private static final long STORE_TIMEOUT_SECONDS = 60;

  private final Mailboxes mailboxes;
  private final InboundSink sink;
  private final MailIngest ingest = new MailIngest();
  private final int maxMessageBytes;
  private final SMTPServer server;

  InboundSmtpServer(AdapterEnvironment environment, Mailboxes mailboxes, InboundSink sink, int maxMessageBytes) {
    this.mailboxes = mailboxes;
    this.sink = sink;
    this.maxMessageBytes = maxMessageBytes;
    SMTPServer.Builder builder = SMTPServer.port(Math.max(0, environment.smtpPort()))
        .hostName("omnihub")
        .softwareName("OmniHub")
        .maxMessageSize(maxMessageBytes)
        .maxRecipients(100)
        .connectionTimeout(60, TimeUnit.SECONDS)
        .messageHandlerFactory(Transaction::new);
    try {
      builder.bindAddress(InetAddress.getByName(environment.bindHost()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind SMTP to " + environment.bindHost() + ": " + e.getMessage(), e);
    }
    if (environment.tls() != null) {
      builder.enableTLS(true).startTlsSocketFactory(sslContext(environment.tls()));
    }
    this.server = builder.build();
  }

  void start() {
    server.start();
    log.info("SMTP listening on port {}", server.getPortAllocated());
  }

  void stop() {
    server.stop();
  }

  int port() {
    return server.getPortAllocated();
  }

  private static SSLContext sslContext(AdapterEnvironment.TlsIdentity tls) {
    try (InputStream in = Files.newInputStream(tls.keyStore())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, tls.password().toCharArray());
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, tls.password().toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the TLS key store " + tls.keyStore() + ": " + e.getMessage(), e);
    }
  }

  /** One mail transaction: MAIL FROM, RCPT TO..., DATA. Runs on the connection's own thread. */
  private final class Transaction implements MessageHandler {

    private String envelopeSender;
    /** The mailboxes this mail goes to, each with the reply token of the address it was sent to. */
    private final Map<String, Recipient> recipients = new LinkedHashMap<>();

    private record Recipient(Mailboxes.Mailbox mailbox, String token) {
    }

    Transaction(MessageContext context) {
    }

    @Override
    public void from(String from) {
      envelopeSender = from;
    }

    @Override
    public void recipient(String address) throws RejectException {
      MailAddresses.Recipient parsed = MailAddresses.recipient(address)
          .orElseThrow(() -> new RejectException(553, "5.1.3 <" + address + ">: not a valid mail address"));
      Mailboxes.Mailbox mailbox = mailboxes.owner(parsed.inbox())
          .orElseThrow(() -> new RejectException(550, "5.1.1 <" + address + ">: no such mailbox here"));
      recipients.putIfAbsent(mailbox.channel().id(), new Recipient(mailbox, parsed.token()));
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
      byte[] raw = data.readNBytes(maxMessageBytes + 1);
      if (raw.length > maxMessageBytes) {
        // Read the rest (without keeping it) so the sender hears 552 instead of a broken connection.
        data.transferTo(OutputStream.nullOutputStream());
        throw new RejectException(552, "5.3.4 message too big: this mailbox accepts at most " + maxMessageBytes + " bytes");
      }
      List<io.vertx.core.Future<?>> stored = new ArrayList<>();
      for (Recipient recipient : recipients.values()) {
        stored.add(sink.submit(ingest.read(raw, recipient.mailbox().channel().ref(), envelopeSender, recipient.token())));
      }
      awaitStored(io.vertx.core.Future.all(stored));
      return null;
    }

    private void awaitStored(io.vertx.core.Future<?> stored) throws RejectException {
      try {
        stored.toCompletionStage().toCompletableFuture().get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InputRejectedException rejected) {
          throw new RejectException(550, "5.6.0 message refused: " + rejected.getMessage());
        }
        log.warn("A mail from {} could not be stored; the sender is told to try again: {}", envelopeSender, String.valueOf(cause));
        throw new RejectException(451, "4.3.0 the mail could not be stored right now; try again later");
      } catch (TimeoutException e) {
        throw new RejectException(451, "4.3.0 the mail could not be stored in time; try again later");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RejectException(421, "4.3.2 shutting down");
      }
    }

    @Override
    public void done() {
    }
  }
}
