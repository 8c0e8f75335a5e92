package dev.omnihub.adapters.email;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.InputRejectedException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes new mail from one channel's IMAP mailbox, on its own thread, under a lease so that one hub
 * node reads a mailbox at a time. Each message is taken exactly once across restarts and crashes:
 * the folder's UIDVALIDITY and the last UID taken are stored only after the message is durable (a
 * crash in between takes it again, and the hub knows it by its Message-ID). A changed UIDVALIDITY
 * (the mailbox was rebuilt) reads the folder again from the start, which the same Message-IDs make
 * harmless. The folder is opened read-only: the hub never marks, moves or deletes mail. Where the
 * server offers IDLE the poller waits for news instead of sleeping. Login and connection failures
 * show on the channel's status and are retried with backoff.
 */
final class ImapPoller {

  private static final Logger log = LoggerFactory.getLogger(ImapPoller.class);
  static final String COMPONENT = "imap";
  static final String STATE_KEY = "imap";
  /** A mailbox seen for the first time: its newest mail is taken, not years of history. */
  static final int FIRST_TAKE = 200;
  /** Mails handed to the hub at once; they share group commits, and the position moves per batch. */
  private static final int BATCH = 16;
  /** Mails up to this size are fetched whole with their batch. */
  private static final int PREFETCH_BYTES = 1024 * 1024;
  private static final long AWAIT_SECONDS = 60;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
  private static final int TIMEOUT_MILLIS = 30_000;

  private final AdapterContext context;
  private final ChannelSettings channel;
  private final EmailSettings settings;
  private final EmailSettings.Imap imap;
  private final int maxMessageBytes;
  private final MailIngest ingest = new MailIngest();
  private final String leaseName;
  private final Duration leaseTtl;
  private final ScheduledExecutorService waker;
  private volatile boolean running;
  private volatile Store store;
  private volatile IMAPFolder folder;
  private Thread thread;
  private int failures;

  ImapPoller(AdapterContext context, ChannelSettings channel, EmailSettings settings, int maxMessageBytes) {
    this.context = context;
    this.channel = channel;
    this.settings = settings;
    this.imap = settings.imap();
    this.maxMessageBytes = maxMessageBytes;
    this.leaseName = "imap:" + channel.id();
    this.leaseTtl = Duration.ofSeconds(3L * imap.pollSeconds() + 30);
    this.waker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("imap-waker-" + channel.id()).factory());
  }

  EmailSettings.Imap imap() {
    return imap;
  }

  void start() {
    running = true;
    thread = Thread.ofPlatform().daemon().name("imap-" + channel.id()).start(this::run);
  }

  /** Stops polling: closes the connection (which ends an IDLE) and waits briefly for the thread. */
  void stop() {
    running = false;
    waker.shutdownNow();
    closeQuietly();
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    await(context.leases().release(leaseName));
  }

  private void run() {
    while (running) {
      try {
        if (!await(context.leases().acquire(leaseName, leaseTtl))) {
          log.debug("The mailbox of channel {} is read by another node; waiting", channel.id());
          closeQuietly();
          sleep(Duration.ofSeconds(imap.pollSeconds()));
          continue;
        }
        IMAPFolder open = open();
        takeNew(open);
        context.health().healthy(channel.id(), COMPONENT);
        failures = 0;
        waitForMail(open);
      } catch (AuthenticationFailedException e) {
        failed("the IMAP server refused the login of " + imap.server().user() + ": " + e.getMessage());
      } catch (MessagingException | IOException | RuntimeException e) {
        if (running) {
          failed("IMAP " + imap.server().host() + ":" + imap.server().port() + ": " + describe(e));
        }
      }
    }
  }

  private void failed(String error) {
    context.health().failing(channel.id(), COMPONENT, error);
    closeQuietly();
    failures++;
    long seconds = Math.min(MAX_BACKOFF.toSeconds(), (long) Math.min(imap.pollSeconds(), 30) << Math.min(failures - 1, 10));
    sleep(Duration.ofSeconds(seconds));
  }

  private IMAPFolder open() throws MessagingException {
    if (folder != null && folder.isOpen()) {
      return folder;
    }
    closeQuietly();
    Session session = Session.getInstance(properties(imap.server()));
    Store connected = session.getStore(imap.server().tls() == MailServer.Tls.SSL ? "imaps" : "imap");
    connected.connect(imap.server().host(), imap.server().port(), imap.server().user(), imap.server().password());
    store = connected;
    IMAPFolder opened = (IMAPFolder) connected.getFolder(imap.folder());
    if (!opened.exists()) {
      throw new MessagingException("the folder '" + imap.folder() + "' does not exist");
    }
    opened.open(Folder.READ_ONLY);
    folder = opened;
    return opened;
  }

  /** Takes every message after the last one taken, oldest first, recording each once it is stored. */
  private void takeNew(IMAPFolder open) throws MessagingException, IOException {
    JsonObject position = await(context.state().read(channel.id(), STATE_KEY));
    long uidValidity = open.getUIDValidity();
    long lastUid;
    if (position.getLong("uidValidity") == null) {
      lastUid = firstTakeStart(open);
      // Remembered before anything is taken: a node killed during the first take resumes from here
      // instead of taking "the newest 200" again, which mails arriving meanwhile would push older ones out of.
      await(context.state().write(channel.id(), STATE_KEY, new JsonObject().put("uidValidity", uidValidity).put("lastUid", lastUid)));
    } else if (position.getLong("uidValidity") != uidValidity) {
      log.warn("The mailbox of channel {} changed its UIDVALIDITY ({} -> {}); reading it again from the start", channel.id(),
          position.getLong("uidValidity"), uidValidity);
      lastUid = 0;
    } else {
      lastUid = position.getLong("lastUid", 0L);
    }
    Message[] candidates = open.getMessagesByUID(lastUid + 1, UIDFolder.LASTUID);
    // One FETCH for what deciding needs (UID, size, envelope, Return-Path) instead of a round trip each.
    FetchProfile profile = new FetchProfile();
    profile.add(UIDFolder.FetchProfileItem.UID);
    profile.add(FetchProfile.Item.SIZE);
    profile.add(FetchProfile.Item.ENVELOPE);
    profile.add("Return-Path");
    open.fetch(candidates, profile);
    int taken = 0;
    for (int start = 0; start < candidates.length && running; start += BATCH) {
      Message[] batch = Arrays.copyOfRange(candidates, start, Math.min(candidates.length, start + BATCH));
      prefetchSmall(open, batch);
      List<Future<?>> stored = new ArrayList<>();
      long batchLastUid = lastUid;
      for (Message message : batch) {
        long uid = open.getUID(message);
        if (uid <= lastUid) {
          continue; // "n:*" names the newest message even when its UID is below n
        }
        take(message).ifPresent(stored::add);
        batchLastUid = Math.max(batchLastUid, uid);
      }
      // The batch shares group commits; the position moves only once all of it is durable.
      awaitAll(stored);
      if (batchLastUid > lastUid) {
        await(context.state().write(channel.id(), STATE_KEY, new JsonObject().put("uidValidity", uidValidity).put("lastUid", batchLastUid)));
        taken += stored.size();
        lastUid = batchLastUid;
      }
    }
    if (taken > 0) {
      log.info("Took {} mails from the mailbox of channel {}", taken, channel.id());
    }
    if (position.getLong("uidValidity") == null || position.getLong("uidValidity") != uidValidity) {
      await(context.state().write(channel.id(), STATE_KEY, new JsonObject().put("uidValidity", uidValidity).put("lastUid", lastUid)));
    }
  }

  /** The UID after which a mailbox seen for the first time is read: its newest {@link #FIRST_TAKE} messages. */
  private static long firstTakeStart(IMAPFolder open) throws MessagingException {
    int count = open.getMessageCount();
    if (count <= FIRST_TAKE) {
      return 0;
    }
    return open.getUID(open.getMessage(count - FIRST_TAKE));
  }

  /** Reads one mail and hands it to the hub; empty when it is not taken (too big, our own sent copy). */
  private Optional<Future<?>> take(Message message) throws MessagingException, IOException {
    if (message.getSize() > maxMessageBytes) {
      log.warn("Skipped a mail of {} bytes in the mailbox of channel {}: larger than {}", message.getSize(), channel.id(), maxMessageBytes);
      return Optional.empty();
    }
    if (fromOurselves(message)) {
      return Optional.empty(); // our own sent copy (some servers file it in the inbox too)
    }
    ByteArrayOutputStream raw = new ByteArrayOutputStream(Math.max(1024, message.getSize()));
    message.writeTo(raw);
    String[] returnPath = message.getHeader("Return-Path");
    String envelope = returnPath == null || returnPath.length == 0 ? null : returnPath[0].replaceAll("[<>\\s]", "");
    return Optional.of(context.sink().submit(ingest.read(raw.toByteArray(), channel.ref(), envelope, token(message)))
        .recover(error -> {
          if (error instanceof InputRejectedException rejected) {
            log.warn("The hub refused a mail of channel {}; it is skipped: {}", channel.id(), rejected.getMessage());
            return Future.succeededFuture();
          }
          return Future.failedFuture(error);
        }));
  }

  /** Fetches the whole of each small mail of a batch in one command; big ones are read one by one. */
  private static void prefetchSmall(IMAPFolder open, Message[] batch) throws MessagingException {
    List<Message> small = new ArrayList<>();
    for (Message message : batch) {
      if (message.getSize() <= PREFETCH_BYTES) {
        small.add(message);
      }
    }
    FetchProfile whole = new FetchProfile();
    whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
    open.fetch(small.toArray(Message[]::new), whole);
  }

  private void awaitAll(List<Future<?>> stored) {
    await(Future.all(stored));
  }

  private boolean fromOurselves(Message message) throws MessagingException {
    Address[] from = message.getFrom();
    return from != null && Arrays.stream(from)
        .anyMatch(address -> address instanceof InternetAddress internet && settings.address().equalsIgnoreCase(internet.getAddress()));
  }

  /** The conversation token of the address it was sent to ({@code support+<token>@}), if any. */
  private String token(Message message) throws MessagingException {
    Address[] recipients = message.getAllRecipients();
    if (recipients == null) {
      return null;
    }
    for (Address address : recipients) {
      if (address instanceof InternetAddress internet) {
        var parsed = MailAddresses.recipient(internet.getAddress());
        if (parsed.isPresent() && parsed.get().token() != null && parsed.get().inbox().equals(settings.address())) {
          return parsed.get().token();
        }
      }
    }
    return null;
  }

  /** IDLE until the server reports news or the poll interval passes; plain sleep where IDLE is not offered. */
  private void waitForMail(IMAPFolder open) throws MessagingException {
    if (!(store instanceof IMAPStore imapStore) || !imapStore.hasCapability("IDLE")) {
      sleep(Duration.ofSeconds(imap.pollSeconds()));
      return;
    }
    // Another thread using the folder ends the IDLE: that is how the poll interval bounds it.
    ScheduledFuture<?> wake = waker.schedule(() -> {
      try {
        open.getMessageCount();
      } catch (MessagingException | RuntimeException ignored) {
        // the poll thread sees the broken connection itself
      }
    }, imap.pollSeconds(), TimeUnit.SECONDS);
    try {
      open.idle(true);
    } finally {
      wake.cancel(false);
    }
  }

  private static Properties properties(MailServer server) {
    Properties properties = new Properties();
    String protocol = server.tls() == MailServer.Tls.SSL ? "imaps" : "imap";
    String prefix = "mail." + protocol + ".";
    properties.setProperty(prefix + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
    properties.setProperty(prefix + "timeout", Integer.toString(TIMEOUT_MILLIS * 10));
    properties.setProperty(prefix + "writetimeout", Integer.toString(TIMEOUT_MILLIS));
    if (server.tls() == MailServer.Tls.STARTTLS) {
      properties.setProperty(prefix + "starttls.enable", "true");
      properties.setProperty(prefix + "starttls.required", "true");
    }
    if (server.tls() != MailServer.Tls.NONE) {
      properties.setProperty(prefix + "ssl.checkserveridentity", "true");
    }
    return properties;
  }

  private <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the hub did not answer within " + AWAIT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void closeQuietly() {
    IMAPFolder open = folder;
    Store connected = store;
    folder = null;
    store = null;
    try {
      if (open != null && open.isOpen()) {
        open.close(false);
      }
    } catch (MessagingException | RuntimeException ignored) {
      // closing a broken connection
    }
    try {
      if (connected != null) {
        connected.close();
      }
    } catch (MessagingException | RuntimeException ignored) {
      // closing a broken connection
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    return cause != null && cause.getMessage() != null && !message.contains(cause.getMessage()) ? message + " (" + cause.getMessage() + ")"
        : message;
  }
}
