package dev.omnihub.adapters.email;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.OutboundPolicy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * The {@code email} channel: mail arrives by the hub's SMTP listener and by IMAP polling of each
 * channel's mailbox, and answers leave through the channel's SMTP server (API.md "email").
 */
public final class EmailChannelAdapter implements ChannelAdapter {

  /** Largest mail accepted (SMTP answers 552 above it; the IMAP poller skips it and logs a warning). */
  public static final int MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
  /** How often the channel list is read again, besides change notices. */
  private static final long RELOAD_MILLIS = 30_000;

  private final SmtpSender sender = new SmtpSender();
  private AdapterContext context;
  private Mailboxes mailboxes;
  private InboundSmtpServer smtp;
  private ImapPollers pollers;
  private long reloadTimer = -1;

  @Override
  public ChannelType type() {
    return ChannelType.EMAIL;
  }

  @Override
  public OutboundPolicy outboundPolicy() {
    return OutboundPolicy.addressedBy(IdentityKind.EMAIL).reachingByIdentity();
  }

  @Override
  public JsonObject validateOptions(JsonObject options) {
    return EmailSettings.from(options).toJson();
  }

  @Override
  public Set<String> credentialSettings() {
    return Set.of("smtp.password", "imap.password");
  }

  @Override
  public Future<Void> start(AdapterContext context) {
    this.context = context;
    this.mailboxes = new Mailboxes(context.channels());
    this.pollers = new ImapPollers(context, MAX_MESSAGE_BYTES);
    return mailboxes.reload()
        .compose(loaded -> context.environment().smtpPort() < 0 ? Future.succeededFuture() : context.vertx().executeBlocking(() -> {
          InboundSmtpServer server = new InboundSmtpServer(context.environment(), mailboxes, context.sink(), MAX_MESSAGE_BYTES);
          server.start();
          smtp = server;
          return null;
        }))
        .compose(ignored -> syncPollers(mailboxes.all()))
        .onSuccess(ignored -> {
          context.channels().onChange(this::reload);
          reloadTimer = context.vertx().setPeriodic(RELOAD_MILLIS, id -> reload());
        });
  }

  private void reload() {
    mailboxes.reload().compose(this::syncPollers);
  }

  /** Starting and stopping pollers waits for their threads: never on an event loop, one sync at a time. */
  private Future<Void> syncPollers(java.util.List<Mailboxes.Mailbox> all) {
    return context.vertx().executeBlocking(() -> {
      pollers.sync(all);
      return null;
    });
  }

  @Override
  public Future<Void> stop() {
    if (context == null) {
      return Future.succeededFuture();
    }
    context.vertx().cancelTimer(reloadTimer);
    return context.vertx().executeBlocking(() -> {
      if (smtp != null) {
        smtp.stop();
      }
      pollers.stopAll();
      return null;
    });
  }

  @Override
  public Map<String, Integer> ports() {
    return smtp == null ? Map.of() : Map.of("smtp", smtp.port());
  }

  /** Mail relays throttle busy senders: two connections per channel at a time. */
  @Override
  public int deliveryConcurrency(ChannelSettings channel) {
    return 2;
  }

  @Override
  public Future<DeliveryReceipt> deliver(OutboundMessage message, ChannelSettings channel) {
    EmailSettings settings = EmailSettings.from(channel.options());
    return context.vertx().executeBlocking(() -> sender.send(message, settings, channel.name()), false);
  }
}
