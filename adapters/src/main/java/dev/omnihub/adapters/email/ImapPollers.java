package dev.omnihub.adapters.email;

import dev.omnihub.adapters.spi.AdapterContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One {@link ImapPoller} per email channel with an {@code imap} mailbox; kept in step with the channels. */
final class ImapPollers {

  private final AdapterContext context;
  private final int maxMessageBytes;
  private final Map<String, ImapPoller> running = new HashMap<>();

  ImapPollers(AdapterContext context, int maxMessageBytes) {
    this.context = context;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Starts pollers of new mailboxes, restarts those whose settings changed, stops those gone. */
  synchronized void sync(List<Mailboxes.Mailbox> mailboxes) {
    Map<String, Mailboxes.Mailbox> wanted = new HashMap<>();
    mailboxes.stream().filter(mailbox -> mailbox.settings().imap() != null).forEach(mailbox -> wanted.put(mailbox.channel().id(), mailbox));
    running.entrySet().removeIf(entry -> {
      Mailboxes.Mailbox now = wanted.get(entry.getKey());
      if (now == null || !now.settings().imap().equals(entry.getValue().imap())) {
        entry.getValue().stop();
        return true;
      }
      return false;
    });
    wanted.forEach((channelId, mailbox) -> running.computeIfAbsent(channelId, id -> {
      ImapPoller poller = new ImapPoller(context, mailbox.channel(), mailbox.settings(), maxMessageBytes);
      poller.start();
      return poller;
    }));
  }

  synchronized void stopAll() {
    running.values().forEach(ImapPoller::stop);
    running.clear();
  }
}
