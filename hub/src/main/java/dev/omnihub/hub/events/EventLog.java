package dev.omnihub.hub.events;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * The events sockets resume from. Each event is written to {@code events} in the same store write as
 * the change it describes, under a cursor this node allocates in increasing order, so it is durable
 * exactly when the change is. Writes finish out of order, so readers never read past the
 * <b>horizon</b>: the highest cursor below which every allocated cursor is settled (its write durable
 * and published, or failed). A reader that delivered everything up to the horizon can therefore never
 * meet an older event later: a socket resuming after the last cursor it saw misses nothing and sees
 * nothing twice. Recent events are kept in memory for live sockets; older ones are read from the
 * store, where they stay at least {@link #RETENTION}; a message or conversation event read back from the
 * store shows its subject as it is now (the log keeps only the subject's id, see {@link Subjects}).
 *
 * <p>Several nodes on one store ({@code cluster/ClusterLog}) each allocate cursors ending in their own
 * slot, so no two nodes allocate the same one, and each reads the others' entries from the store only up
 * to the lowest horizon the other nodes published ({@link #merge}): this node's readers then see every
 * node's events in one cursor order, and a late commit on any node is never skipped.
 */
public final class EventLog {

  /**
   * A message event larger than this (text, HTML and call segments, in characters) is kept in memory
   * with only its message's id, read back from the store when a reader needs it: a day of call
   * transcripts of several MB each held whole would fill the heap (measured: 2 GB, then full GCs of
   * over a second, while three 15 MiB transcripts came in).
   */
  static final int HEAVY_CHARS = 64 * 1024;

  /** Cursors end with the writing node's slot, 0 to {@code SLOTS - 1}: nodes sharing a store never allocate the same one. */
  public static final int SLOTS = 16;

  /** How long events stay replayable. */
  public static final Duration RETENTION = Duration.ofHours(24);
  /** Events kept in memory for live sockets. */
  static final int RECENT = 20_000;
  /** The most events kept in the store, whatever their age, so a flood cannot fill the disk. */
  static final long MAX_STORED = 2_000_000;
  /** The settings document that remembers where the last trim for size cut the log. */
  private static final String TRIM_SETTING = "eventlog";

  /**
   * An event with its place in the log. It carries the typed event; its JSON ({@link #payload}) is
   * rendered once, when a socket or webhook first needs it. An entry whose message or conversation no
   * longer exists, and an event of a kind this hub does not know, carry only their stored JSON.
   */
  public static final class Logged {

    private final long cursor;
    private final String type;
    private final boolean customerVisible;
    private final Audience audience;
    private final HubEvent event;
    /** Whether it is kept in memory with only its message's id (see {@link EventLog#render}). */
    private final boolean stub;
    /** Rendered on first use; for an entry without an event, the JSON it was stored with. */
    private volatile JsonObject payload;
    /** Encoded on first use, once for every socket that sends it; nothing is encoded when no socket listens. */
    private volatile String frame;

    /** A live event, whose audience and visibility come from the event itself. */
    public Logged(long cursor, HubEvent event) {
      this(cursor, event.type(), EventLog.customerVisible(event), Audience.of(event), event, null, false);
    }

    /** An entry known only by its stored JSON (an event kind without a typed record here). */
    public Logged(long cursor, String type, boolean customerVisible, Audience audience, JsonObject payload) {
      this(cursor, type, customerVisible, audience, null, payload, false);
    }

    private Logged(long cursor, String type, boolean customerVisible, Audience audience, HubEvent event, JsonObject payload, boolean stub) {
      this.cursor = cursor;
      this.type = type;
      this.customerVisible = customerVisible;
      this.audience = audience;
      this.event = event;
      this.payload = payload;
      this.stub = stub;
    }

    /** False for an entry kept in memory with only its subject's id: {@link EventLog#render} it before use. */
    public boolean complete() {
      return !stub;
    }

    public long cursor() {
      return cursor;
    }

    public String type() {
      return type;
    }

    public String conversationId() {
      return audience.conversationId();
    }

    /** Whose streams it belongs to. */
    public Audience audience() {
      return audience;
    }

    public boolean customerVisible() {
      return customerVisible;
    }

    /**
     * The typed event, what reactions read; {@code null} when its message or conversation no longer
     * exists (erased) or for a stored kind without a record.
     */
    public HubEvent event() {
      return stub ? null : event;
    }

    /** The event's JSON (API.md's shapes), as sockets and webhooks send it: rendered once. */
    public JsonObject payload() {
      JsonObject rendered = payload;
      if (rendered == null) {
        rendered = event.toJson();
        payload = rendered;
      }
      return rendered;
    }

    /** The cursor as clients see it: opaque, increasing. */
    public String token() {
      return EventLog.token(cursor);
    }

    /** The payload with its cursor, as an agent socket sends it. */
    public String frame() {
      String encoded = frame;
      if (encoded == null) {
        // The payload with "cursor" last, without copying the payload's tree (a transcript's is large).
        String body = payload().encode();
        String cursor = "\"cursor\":\"" + token() + "\"}";
        encoded = body.length() == 2 ? "{" + cursor : body.substring(0, body.length() - 1) + "," + cursor;
        frame = encoded;
      }
      return encoded;
    }

    /** Whether its frame is encoded already (tests: a socket's reads from the store come encoded). */
    boolean encoded() {
      return frame != null;
    }

    /**
     * This entry as a bus news carries it to the other nodes ({@link #fromWire}): whole, with its
     * payload as this node rendered it, or for a heavy message kept by id as that stub.
     */
    public JsonObject wireForm() {
      return new JsonObject().put("cursor", cursor).put("type", type).put("customerVisible", customerVisible)
          .put("conversationId", audience.conversationId()).put("assigneeId", audience.assigneeId()).put("queueId", audience.queueId())
          .put("previousAssigneeId", audience.previousAssigneeId()).put("pooled", audience.pooled())
          .put("typed", event != null && !stub).put("stub", stub).put("payload", payload());
    }

    /** An entry another node sent in its {@link #wireForm}: the typed event is read back from its payload. */
    public static Logged fromWire(JsonObject wire) {
      Audience audience = new Audience(wire.getString("conversationId"), wire.getString("assigneeId"), wire.getString("queueId"),
          wire.getString("previousAssigneeId"), wire.getBoolean("pooled", false));
      String type = wire.getString("type");
      JsonObject payload = wire.getJsonObject("payload");
      boolean stub = wire.getBoolean("stub", false);
      HubEvent event = wire.getBoolean("typed", false) ? HubEventCodec.decode(type, payload) : null;
      return new Logged(wire.getLong("cursor"), type, wire.getBoolean("customerVisible", false), audience, event, payload, stub);
    }

    /** What the store keeps of it: the JSON with its message or conversation replaced by its id. */
    JsonObject storedForm() {
      if (event instanceof MessageEvent message) {
        // Built without rendering the message: a transcript's view is megabytes.
        return new JsonObject().put("type", type).put(MESSAGE, idOnly(message.message().id())).put("assigneeId", message.assigneeId())
            .put("queueId", message.queueId());
      }
      if (event instanceof ConversationEvent conversation) {
        return payload().copy().put(CONVERSATION, idOnly(conversation.conversationId()));
      }
      return payload();
    }
  }

  private static JsonObject idOnly(String id) {
    return new JsonObject().put("id", id);
  }

  /**
   * The current state of what message and conversation events are about, for replays from the store:
   * those events keep only the id of their subject (a message is a large document, and every commit
   * rewrites the log's newest page, so small entries keep ingest fast).
   */
  public interface Subjects {

    /** These messages as they are now, by id; missing ids are left out. */
    Map<String, Message> messages(Collection<String> ids);

    /** These conversations as they are now, by id; missing ids are left out. */
    Map<String, Conversation> conversations(Collection<String> ids);
  }

  private static final String MESSAGE = "message";
  private static final String CONVERSATION = "conversation";

  private final MongoStore store;
  private final MongoCollection<Document> events;
  private final MongoCollection<Document> settings;
  private final MongoCollection<Document> messages;
  private final Clock clock;
  private volatile Subjects subjects;
  private final AtomicLong lastAllocated = new AtomicLong();
  private final ConcurrentSkipListSet<Long> unsettled = new ConcurrentSkipListSet<>();
  private final NavigableMap<Long, Logged> recent = new ConcurrentSkipListMap<>();
  /** The size of {@link #recent}, which a skip list can only count by walking it. */
  private final java.util.concurrent.atomic.AtomicInteger recentCount = new java.util.concurrent.atomic.AtomicInteger();
  private final List<Runnable> horizonListeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.Consumer<List<Logged>>> settledListeners = new CopyOnWriteArrayList<>();
  /** Memory holds every settled event above this cursor; older ones only the store. */
  private final AtomicLong evictedUpTo = new AtomicLong();
  /** This node's slot in the cursors it allocates (0 alone). */
  private volatile int slot;
  /** Cursors from here up are this node's since it joined a cluster: they reach memory when settled, never by a merge. */
  private volatile long ownFrom = Long.MAX_VALUE;
  /** Every other node's events up to here are in memory; alone, there are none to wait for. */
  private volatile long mergedUpTo = Long.MAX_VALUE;
  /** The highest cursor of an event this node wrote and settled as durable. */
  private final AtomicLong lastWritten = new AtomicLong();
  /** When ({@link Clock#millis}) an event of this node was last settled as durable. */
  private volatile long lastDurableAt;
  /** Until when (clock millis) this node may allocate cursors: its place in the cluster is known to hold until then. */
  private volatile long writableUntil = Long.MAX_VALUE;
  /** Until when (clock millis) this node's place is held: after it the others may read past its cursors. */
  private volatile long placeHeldUntil = Long.MAX_VALUE;
  /** Why this node may no longer write events, or {@code null}. */
  private volatile String fenced;

  public EventLog(MongoStore store, Clock clock) {
    this.store = store;
    this.events = store.collection(Collections.EVENTS);
    this.settings = store.collection(Collections.SETTINGS);
    this.messages = store.collection(Collections.MESSAGES);
    this.clock = clock;
  }

  /** Set once at wiring: what replays render message and conversation events with. */
  public void useSubjects(Subjects subjects) {
    this.subjects = subjects;
  }

  /** A publishing write starts: messages it inserts take their cursors from it. */
  LogWrite beginWrite() {
    return new LogWrite(this);
  }

  /**
   * Joins several nodes on one store (at start, after {@link #resume}, before any write): this node's
   * cursors end in {@code slot} and start above {@code cursorFloor}, and every other node's events after
   * {@code mergedFrom} are to be {@link #merge}d before readers see past them.
   */
  public synchronized void joinCluster(int slot, long cursorFloor, long mergedFrom) {
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException("slot " + slot + " is not between 0 and " + (SLOTS - 1));
    }
    this.slot = slot;
    lastAllocated.accumulateAndGet(cursorFloor, Math::max);
    ownFrom = lastAllocated.get() + 1;
    mergedUpTo = mergedFrom;
    evictedUpTo.set(Math.min(evictedUpTo.get(), mergedFrom));
  }

  /**
   * This node's place in the cluster was renewed: it allocates cursors until {@code writableUntil} (by
   * its clock) and its place holds until {@code heldUntil}, when the others stop waiting for it.
   */
  public void placeHeld(long writableUntil, long heldUntil) {
    this.writableUntil = writableUntil;
    this.placeHeldUntil = heldUntil;
  }

  /**
   * Whether a write that is durable now became so while this node's place held. If not (the node was
   * paused past it between taking its cursors and hearing back from the store), the others may have
   * read past its cursors already: the write must not be acknowledged.
   */
  boolean durableInTime() {
    return clock.millis() <= placeHeldUntil;
  }

  /**
   * Marks the messages of a write that became durable too late ({@link #durableInTime}) as
   * {@code unconfirmed}: the channel's retry, on any node, logs each again (blocking).
   */
  void markUnconfirmed(List<Logged> logged) {
    List<String> ids = logged.stream().filter(entry -> entry.event() instanceof MessageCreated)
        .map(entry -> ((MessageCreated) entry.event()).message().id()).toList();
    if (!ids.isEmpty()) {
      messages.updateMany(Filters.in("_id", ids), com.mongodb.client.model.Updates.set("unconfirmed", true));
    }
  }

  /**
   * This node lost its place in the cluster while writes may have been under way: the other nodes may
   * have read past them. It writes no more events; the node must be restarted.
   */
  public void fence(String reason) {
    fenced = reason;
  }

  /** Why this node writes no more events, or {@code null}. */
  public String fenced() {
    return fenced;
  }

  /**
   * Refuses a write that would log events while this node is fenced or its place in the cluster is not
   * known to hold: another node may already read past the cursors it would take.
   */
  void checkWritable() {
    String reason = fenced;
    if (reason != null) {
      throw new dev.omnihub.hub.store.StoreUnavailableException(reason);
    }
    if (clock.millis() > writableUntil) {
      throw new dev.omnihub.hub.store.StoreUnavailableException("this node could not renew its place in the cluster; try again in a second");
    }
  }

  /** Continues after the newest stored cursor, of events and of messages (blocking; at start). */
  public void resume() {
    Document newestEvent = events.find().sort(Sorts.descending("_id")).limit(1).first();
    Document newestMessage = messages.find(Filters.exists("cursor")).sort(Sorts.descending("cursor")).limit(1)
        .projection(new Document("cursor", 1)).first();
    long stored = Math.max(newestEvent == null ? 0 : newestEvent.getLong("_id"),
        newestMessage == null ? 0 : newestMessage.getLong("cursor"));
    lastAllocated.set(Math.max(stored, clock.millis() << 16));
    evictedUpTo.set(stored);
  }

  /**
   * Writes the events of a change; call inside the store write that makes the change, after it.
   * Blocking. The cursors stay unsettled until {@link #settled} is called for them.
   */
  List<Logged> append(List<HubEvent> changes, LogWrite write) {
    if (changes.isEmpty()) {
      return List.of();
    }
    checkWritable();
    List<Logged> logged = new ArrayList<>(changes.size());
    List<Document> documents = new ArrayList<>(changes.size());
    for (HubEvent event : changes) {
      Long messageCursor = event instanceof MessageCreated created ? write.claim(created.message().id()) : null;
      if (messageCursor != null) {
        // The message document carries this entry's cursor: nothing more to write.
        logged.add(new Logged(messageCursor, event));
        continue;
      }
      long cursor = allocate();
      Logged entry = new Logged(cursor, event);
      logged.add(entry);
      documents.add(new Document("_id", cursor)
          .append("type", event.type())
          .append("conversationId", event.conversationId())
          .append("assigneeId", entry.audience().assigneeId())
          .append("queueId", entry.audience().queueId())
          .append("previousAssigneeId", entry.audience().previousAssigneeId())
          .append("pooled", entry.audience().pooled())
          .append("customerVisible", entry.customerVisible())
          .append("payload", JsonDocuments.toDocument(entry.storedForm())));
    }
    if (!documents.isEmpty()) {
      try {
        events.insertMany(documents);
      } catch (RuntimeException e) {
        settled(logged, false);
        throw e;
      }
    }
    return logged;
  }

  /**
   * A new cursor, registered as unsettled in the same step: a reader must never see it allocated
   * (the horizon moving past it) before it is known to be open.
   */
  synchronized long allocate() {
    // Time-based so that a restarted node continues above what it wrote before; ending in this node's slot.
    long cursor = Math.max(lastAllocated.get() + 1, clock.millis() << 16);
    cursor += Math.floorMod(slot - cursor, SLOTS);
    unsettled.add(cursor);
    lastAllocated.set(cursor);
    return cursor;
  }

  /**
   * The write of these events finished: durable (they are kept for live readers) or failed. Either
   * way the horizon may move on. Call on the publishing thread after publishing.
   */
  public void settled(List<Logged> logged, boolean durable) {
    settled(logged, durable, List.of());
  }

  /** As {@link #settled(List, boolean)}, also settling message cursors that no event claimed. */
  void settled(List<Logged> logged, boolean durable, List<Long> unclaimed) {
    unclaimed.forEach(unsettled::remove);
    if (logged.isEmpty()) {
      if (!unclaimed.isEmpty()) {
        horizonListeners.forEach(Runnable::run);
      }
      return;
    }
    if (durable) {
      keep(logged);
      // Before the cursors settle: a horizon published after them comes with a lastWritten that covers them.
      lastWritten.accumulateAndGet(logged.stream().mapToLong(Logged::cursor).max().orElse(0), Math::max);
      lastDurableAt = clock.millis();
    }
    try {
      if (durable) {
        settledListeners.forEach(listener -> listener.accept(logged));
      }
    } finally {
      // A listener's failure must not leave the cursors open: the horizon would stop for good.
      for (Logged entry : logged) {
        unsettled.remove(entry.cursor());
      }
    }
    evictOverflow();
    horizonListeners.forEach(Runnable::run);
  }

  /**
   * Other nodes' events up to {@code upTo}, read from the store ({@link #othersBetween}): kept for
   * readers like this node's own, then the horizon may pass them. Call from one thread at a time.
   */
  public void merge(List<Logged> entries, long upTo) {
    if (!entries.isEmpty()) {
      keep(entries);
      settledListeners.forEach(listener -> listener.accept(entries));
    }
    if (upTo > mergedUpTo) {
      mergedUpTo = upTo;
    }
    evictOverflow();
    horizonListeners.forEach(Runnable::run);
  }

  /** The highest cursor of an event this node wrote that is durable: nothing of this node above it needs reading. */
  public long lastWritten() {
    return lastWritten.get();
  }

  /** When (clock millis) this node last made an event durable, 0 if never. */
  public long lastDurableAt() {
    return lastDurableAt;
  }

  /** Whether writes of this node are still under way (their cursors unsettled). */
  public boolean writing() {
    return !unsettled.isEmpty();
  }

  /** Up to where every other node's events are in memory. */
  public long mergedUpTo() {
    return mergedUpTo;
  }

  /** What other nodes' readers may be told: when no write is under way, now; this node allocates nothing at or below it later. */
  public synchronized long publishableHorizon() {
    if (unsettled.isEmpty()) {
      lastAllocated.accumulateAndGet((clock.millis() << 16) - 1, Math::max);
    }
    return localHorizon();
  }

  /**
   * This node's own durable events after {@code after} up to {@code upTo}, which is at or below its
   * {@link #localHorizon} (so all of them are settled), from memory; empty when memory no longer holds
   * them all. What a bus news carries to the other nodes.
   */
  public Optional<List<Logged>> ownBetween(long after, long upTo) {
    if (upTo <= after) {
      return Optional.of(List.of());
    }
    return recentBetween(after, upTo, Integer.MAX_VALUE)
        .map(found -> found.stream().filter(entry -> ownSinceJoining(entry.cursor())).toList());
  }

  /** Events other nodes wrote after {@code after} up to {@code upTo}, at most {@code limit} read, and where the read got to. */
  public record OthersBatch(List<Logged> entries, long readUpTo) {
  }

  /**
   * Events after {@code after} up to {@code upTo} that this node did not write since it joined, read
   * from the store (blocking; call through the store): what {@link #merge} takes.
   */
  public OthersBatch othersBetween(long after, long upTo, int limit) {
    List<Logged> found = storedBetween(after, upTo, limit);
    long readUpTo = found.size() < limit ? upTo : found.get(found.size() - 1).cursor();
    return new OthersBatch(found.stream().filter(entry -> !ownSinceJoining(entry.cursor())).toList(), readUpTo);
  }

  private boolean ownSinceJoining(long cursor) {
    return cursor >= ownFrom && Math.floorMod(cursor, SLOTS) == slot;
  }

  private void keep(List<Logged> entries) {
    for (Logged entry : entries) {
      if (recent.put(entry.cursor(), retained(entry)) == null) {
        recentCount.incrementAndGet();
      }
    }
  }

  private void evictOverflow() {
    while (recentCount.get() > RECENT) {
      Map.Entry<Long, Logged> oldest = recent.firstEntry();
      if (oldest == null) {
        break;
      }
      // The mark first, then the removal: a reader that checks the mark after reading memory sees
      // every removal that could have hidden an entry from it (see recentBetween).
      evictedUpTo.accumulateAndGet(oldest.getKey(), Math::max);
      if (recent.remove(oldest.getKey(), oldest.getValue())) {
        recentCount.decrementAndGet();
      }
    }
  }

  /**
   * Drops the settled events kept in memory, as eviction would: readers after them go to the store.
   * An erasure calls it, since memory holds payloads as they were before the store was scrubbed.
   */
  public void forgetRecent() {
    Map.Entry<Long, Logged> newest = recent.lastEntry();
    if (newest == null) {
      return;
    }
    long through = Math.min(newest.getKey(), horizon());
    evictedUpTo.accumulateAndGet(through, Math::max);
    for (Long cursor : List.copyOf(recent.headMap(through, true).keySet())) {
      if (recent.remove(cursor) != null) {
        recentCount.decrementAndGet();
      }
    }
  }

  /** What memory keeps of an entry: itself, or for a heavy message only its id. */
  private static Logged retained(Logged entry) {
    if (!(entry.event instanceof MessageEvent message) || !heavy(message.message())) {
      return entry;
    }
    return new Logged(entry.cursor(), entry.type(), entry.customerVisible(), entry.audience(), null, entry.storedForm(), true);
  }

  private static boolean heavy(Message message) {
    long chars = length(message.text()) + length(message.html());
    if (message.call() != null && message.call().get("segments") instanceof List<?> segments) {
      chars += 64L * segments.size();
    }
    return chars > HEAVY_CHARS;
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }

  /**
   * These entries, with the message or conversation of those kept in memory as stubs read from the
   * store as they are now (blocking; call through the store). Entries already complete are returned
   * as they are.
   */
  public List<Logged> render(List<Logged> found) {
    if (found.stream().allMatch(Logged::complete)) {
      return found;
    }
    List<Logged> stubs = found.stream().filter(entry -> !entry.complete()).toList();
    Map<Long, Logged> rendered = new java.util.HashMap<>();
    withSubjects(stubs).forEach(entry -> rendered.put(entry.cursor(), entry));
    return found.stream().map(entry -> entry.complete() ? entry : rendered.getOrDefault(entry.cursor(), entry)).toList();
  }

  /** Every cursor at or below it is settled, on every node: what readers read up to. */
  public long horizon() {
    return Math.min(localHorizon(), mergedUpTo);
  }

  /** Every cursor this node allocated at or below it is settled. */
  public synchronized long localHorizon() {
    // Not isEmpty() then first(): a write settling on another thread in between would make first() throw.
    Long oldestOpen = unsettled.ceiling(Long.MIN_VALUE);
    long last = lastAllocated.get();
    return oldestOpen == null ? last : Math.min(last, oldestOpen - 1);
  }

  /** Runs (on the settling thread) whenever events were settled; listeners hand off to their own context. */
  public void onHorizonMoved(Runnable listener) {
    horizonListeners.add(listener);
  }

  /**
   * Runs (on the settling thread) with each durable write's entries, before the horizon moves past
   * them: a router can hand them to the few sockets that follow their conversation.
   */
  public void onSettled(java.util.function.Consumer<List<Logged>> listener) {
    settledListeners.add(listener);
  }

  public void removeListener(Runnable listener) {
    horizonListeners.remove(listener);
  }

  /**
   * Events after {@code after} up to {@code upTo}, oldest first, at most {@code limit}, complete: from
   * memory when it still holds them all, else (and for heavy messages memory keeps by id) from the
   * store. What a reader following the log (a socket, the reactions) asks for each batch.
   *
   * @param framed whether the reader sends {@link Logged#frame}s: entries read from the store are then
   *               rendered and encoded on the store's worker, since a call transcript's frame is
   *               megabytes of JSON that an event loop must not build
   */
  public io.vertx.core.Future<List<Logged>> readBetween(long after, long upTo, int limit, boolean framed) {
    return recentBetween(after, upTo, limit)
        .map(recent -> recent.stream().allMatch(Logged::complete) ? io.vertx.core.Future.succeededFuture(recent)
            : store.read(() -> framed(render(recent), framed)))
        .orElseGet(() -> store.read(() -> framed(storedBetween(after, upTo, limit), framed)));
  }

  private static List<Logged> framed(List<Logged> found, boolean framed) {
    if (framed) {
      found.forEach(Logged::frame);
    }
    return found;
  }

  /**
   * Events after {@code after} up to {@code upTo}, oldest first, at most {@code limit}, from memory.
   *
   * @return empty when memory no longer holds every event after {@code after}: read the store then
   */
  public Optional<List<Logged>> recentBetween(long after, long upTo, int limit) {
    if (after < evictedUpTo.get()) {
      return Optional.empty();
    }
    List<Logged> found = recent.subMap(after, false, upTo, true).values().stream().limit(limit).toList();
    // Eviction raises the mark before it removes an entry: if none was removed after the read began
    // from under it, the mark is still at or below where the read started.
    return after < evictedUpTo.get() ? Optional.empty() : Optional.of(found);
  }

  /**
   * Events after {@code after} up to {@code upTo}, oldest first, at most {@code limit}, from the store
   * (blocking; call through the store).
   *
   * @return empty when nothing is in the range
   */
  public List<Logged> storedBetween(long after, long upTo, int limit) {
    List<Logged> found = new ArrayList<>();
    events.find(Filters.and(Filters.gt("_id", after), Filters.lte("_id", upTo))).sort(Sorts.ascending("_id")).limit(limit)
        .forEach(document -> found.add(fromDocument(document)));
    // Messages are their own message.created entries.
    messages.find(Filters.and(Filters.gt("cursor", after), Filters.lte("cursor", upTo))).sort(Sorts.ascending("cursor")).limit(limit)
        .projection(new Document("_id", 1).append("cursor", 1).append("conversationId", 1).append("direction", 1))
        .forEach(message -> found.add(messageEntry(message)));
    found.sort(java.util.Comparator.comparingLong(Logged::cursor));
    return withSubjects(found.size() > limit ? found.subList(0, limit) : found);
  }

  /** A message read back as its own entry; its audience is its conversation's, filled in by {@link #withSubjects}. */
  private static Logged messageEntry(Document message) {
    String direction = message.getString("direction");
    JsonObject payload = new JsonObject().put("type", MessageCreated.TYPE).put(MESSAGE, idOnly(message.getString("_id")))
        .put("assigneeId", null).put("queueId", null);
    return new Logged(message.getLong("cursor"), MessageCreated.TYPE, "inbound".equals(direction) || "outbound".equals(direction),
        Audience.of(message.getString("conversationId"), null, null), payload);
  }

  /**
   * Rebuilds replayed entries as typed events with their message or conversation as it is now. A
   * message entry read from {@code messages} takes its conversation's current assignment (the message
   * does not record where its conversation was assigned when it arrived). Other kinds are decoded from
   * their stored JSON.
   */
  private List<Logged> withSubjects(List<Logged> found) {
    Set<String> messageIds = new HashSet<>();
    Set<String> conversationIds = new HashSet<>();
    for (Logged event : found) {
      subjectId(event, MESSAGE).ifPresent(messageIds::add);
      subjectId(event, CONVERSATION).ifPresent(conversationIds::add);
      if (isMessageEntry(event)) {
        conversationIds.add(event.conversationId());
      }
    }
    Map<String, Message> messages = messageIds.isEmpty() ? Map.of() : subjects.messages(messageIds);
    Map<String, Conversation> conversations = conversationIds.isEmpty() ? Map.of() : subjects.conversations(conversationIds);
    List<Logged> rendered = new ArrayList<>(found.size());
    for (Logged entry : found) {
      JsonObject stored = entry.payload();
      Audience audience = entry.audience();
      Conversation owner = isMessageEntry(entry) ? conversations.get(entry.conversationId()) : null;
      if (owner != null) {
        audience = Audience.of(entry.conversationId(), owner.assigneeId(), owner.queueId());
      }
      String assigneeId = owner != null ? owner.assigneeId() : stored.getString("assigneeId");
      String queueId = owner != null ? owner.queueId() : stored.getString("queueId");
      Optional<Message> message = subjectId(entry, MESSAGE).map(messages::get);
      Optional<Conversation> conversation = subjectId(entry, CONVERSATION).map(conversations::get);
      HubEvent event = switch (entry.type()) {
        case MessageCreated.TYPE -> message.map(subject -> new MessageCreated(subject, assigneeId, queueId)).orElse(null);
        case MessageUpdated.TYPE -> message.map(subject -> new MessageUpdated(subject, assigneeId, queueId)).orElse(null);
        case ConversationCreated.TYPE -> conversation.map(ConversationCreated::new).orElse(null);
        case ConversationUpdated.TYPE -> conversation.map(subject -> ConversationUpdated.fromStored(subject, stored)).orElse(null);
        default -> HubEventCodec.decode(entry.type(), stored);
      };
      rendered.add(new Logged(entry.cursor(), entry.type(), entry.customerVisible(), audience, event, event == null ? stored : null, false));
    }
    return rendered;
  }

  /** An entry read from {@code messages} (not {@code events}), whose audience is not stored. */
  private static boolean isMessageEntry(Logged event) {
    return MessageCreated.TYPE.equals(event.type()) && event.audience().assigneeId() == null && event.conversationId() != null;
  }

  private static Optional<String> subjectId(Logged event, String subject) {
    return event.payload().getValue(subject) instanceof JsonObject stub ? Optional.ofNullable(stub.getString("id")) : Optional.empty();
  }

  /**
   * Drops events older than the retention, and the oldest beyond {@link #MAX_STORED} (blocking).
   * Cursors start with the time they were made, so age is a range of {@code _id}: no index beyond it.
   */
  public long trim() {
    long removed = events.deleteMany(Filters.lt("_id", clock.instant().minus(RETENTION).toEpochMilli() << 16)).getDeletedCount();
    long count = events.estimatedDocumentCount();
    if (count > MAX_STORED) {
      Document cut = events.find().sort(Sorts.ascending("_id")).skip((int) (count - MAX_STORED)).limit(1).first();
      if (cut != null) {
        // Remembered first: a reader resuming from below it is told to load afresh (keepsAfter).
        settings.updateOne(Filters.eq("_id", TRIM_SETTING), Updates.max("trimmedBelow", cut.getLong("_id")), new UpdateOptions().upsert(true));
        removed += events.deleteMany(Filters.lt("_id", cut.getLong("_id"))).getDeletedCount();
      }
    }
    return removed;
  }

  /**
   * Whether every event after {@code since} is still kept (blocking): false for a cursor older than the
   * retention, or below where a trim for size cut the log, when a reader resuming from it may have
   * missed some and must load afresh.
   */
  public boolean keepsAfter(long since) {
    if ((since >> 16) < clock.instant().minus(RETENTION).toEpochMilli()) {
      return false;
    }
    Document cut = settings.find(Filters.eq("_id", TRIM_SETTING)).first();
    return cut == null || since >= cut.getLong("trimmedBelow");
  }

  /** What private notes and staff-only system lines are not: a message the customer sees. */
  static boolean customerVisible(HubEvent event) {
    return event instanceof MessageEvent message
        && (message.message().direction() == Direction.INBOUND || message.message().direction() == Direction.OUTBOUND);
  }

  /** The cursor as an opaque string. */
  public static String token(long cursor) {
    return Long.toString(cursor, 36);
  }

  /**
   * Reads a client's cursor.
   *
   * @throws IllegalArgumentException when it is not one of ours
   */
  public static long parseToken(String token) {
    long cursor = Long.parseLong(token, 36);
    if (cursor < 0) {
      throw new IllegalArgumentException("negative cursor");
    }
    return cursor;
  }

  private static Logged fromDocument(Document document) {
    Audience audience = new Audience(document.getString("conversationId"), document.getString("assigneeId"), document.getString("queueId"),
        document.getString("previousAssigneeId"), !Boolean.FALSE.equals(document.getBoolean("pooled")));
    return new Logged(document.getLong("_id"), document.getString("type"), Boolean.TRUE.equals(document.getBoolean("customerVisible")),
        audience, new JsonObject(document.get("payload", Document.class).toJson()));
  }
}
