package dev.omnihub.adapters.email;

import dev.omnihub.adapters.spi.ChannelDirectory;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which email channel owns an address. Kept in memory and reloaded when a channel changes; an
 * address not found reloads at once, so a channel created a moment ago already receives mail even
 * before the change notice arrived (a 550 is permanent: the sender would bounce the mail). A miss
 * costs one read of the small channels collection; the SMTP server's connection limit bounds how
 * many run at once.
 */
final class Mailboxes {

  private static final Logger log = LoggerFactory.getLogger(Mailboxes.class);

  /** An email channel with its parsed settings. */
  record Mailbox(ChannelSettings channel, EmailSettings settings) {
  }

  private final ChannelDirectory directory;
  private volatile Map<String, Mailbox> byAddress = Map.of();

  Mailboxes(ChannelDirectory directory) {
    this.directory = directory;
  }

  /** Reads every email channel again. */
  Future<List<Mailbox>> reload() {
    return directory.ofType(ChannelType.EMAIL).map(channels -> {
      Map<String, Mailbox> loaded = new HashMap<>();
      for (ChannelSettings channel : channels) {
        try {
          EmailSettings settings = EmailSettings.from(channel.options());
          loaded.putIfAbsent(settings.address(), new Mailbox(channel, settings));
        } catch (RuntimeException e) {
          log.warn("Email channel {} has unusable settings and receives no mail: {}", channel.id(), e.getMessage());
        }
      }
      byAddress = Map.copyOf(loaded);
      return List.copyOf(loaded.values());
    });
  }

  /** The mailbox of an inbox address. Blocking on a miss (a reload): call from an SMTP thread. */
  Optional<Mailbox> owner(String inbox) {
    Mailbox found = byAddress.get(inbox);
    if (found == null) {
      try {
        reload().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("Could not reload the email channels: {}", e.toString());
      }
      found = byAddress.get(inbox);
    }
    return Optional.ofNullable(found);
  }

  List<Mailbox> all() {
    return List.copyOf(byAddress.values());
  }
}
