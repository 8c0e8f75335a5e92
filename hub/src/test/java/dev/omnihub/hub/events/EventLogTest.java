package dev.omnihub.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The event log: written with each change, kept a day, customer-visible only for what customers see, continued after a restart. */
class EventLogTest {

  /** One hub for the class; the restart test starts hubs of its own on a directory of its own. */
  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void eventsAreStoredWithTheirChangeAndTrimmedAfterADay() throws Exception {
    MongoStore store = hub.hub().services().mongo();
    long since = hub.hub().services().eventLog().horizon();
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
    JsonObject ack = hub.client().webhook(channel, HubClient.message("log-1", new JsonObject().put("email", "log@example.com"),
        "hello")).json();
    String conversation = ack.getString("conversationId");
    String noteId = hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "a note")
        .put("private", true), hub.adminToken()).json().getString("id");

    // A message is its own message.created entry: it carries the cursor, the events collection
    // holds the rest (here conversation.created, with only the conversation's id).
    Document inboundMessage = store.read(() -> store.collection(Collections.MESSAGES).find(Filters.eq("_id", ack.getString("messageId")))
        .first()).await(10, TimeUnit.SECONDS);
    assertThat(inboundMessage.getLong("cursor")).isNotNull();
    List<Document> stored = store.read(() -> store.collection(Collections.EVENTS).find().into(new java.util.ArrayList<>()))
        .await(10, TimeUnit.SECONDS);
    assertThat(stored).extracting(document -> document.getString("type")).contains("conversation.created")
        .doesNotContain("message.created");
    Document created = stored.stream().filter(document -> "conversation.created".equals(document.getString("type"))
        && conversation.equals(document.get("payload", Document.class).get("conversation", Document.class).getString("id"))).findFirst()
        .orElseThrow();
    assertThat(created.get("payload", Document.class).get("conversation", Document.class).keySet()).containsExactly("id");

    // Read back from the store: the messages rendered as they are, the note staff-only.
    EventLog log = hub.hub().services().eventLog();
    List<EventLog.Logged> replayed = store.read(() -> log.storedBetween(since, log.horizon(), 100)).await(10, TimeUnit.SECONDS);
    EventLog.Logged inbound = replayed.stream().filter(e -> ack.getString("messageId").equals(messageId(e))).findFirst().orElseThrow();
    EventLog.Logged note = replayed.stream().filter(e -> noteId.equals(messageId(e))).findFirst().orElseThrow();
    assertThat(inbound.customerVisible()).isTrue();
    assertThat(inbound.payload().getJsonObject("message").getString("text")).isEqualTo("hello");
    assertThat(note.customerVisible()).as("a private note is staff-only").isFalse();
    assertThat(replayed).extracting(EventLog.Logged::cursor).isSorted();

    // An event from before the retention: cursors begin with the time they were made.
    long old = Instant.now().minus(EventLog.RETENTION).minusSeconds(60).toEpochMilli() << 16;
    store.write(() -> store.collection(Collections.EVENTS).insertOne(new Document("_id", old).append("type", "message.created")))
        .await(10, TimeUnit.SECONDS);
    long removed = store.write(() -> hub.hub().services().eventLog().trim()).await(10, TimeUnit.SECONDS);

    assertThat(removed).isEqualTo(1);
    List<Object> storedIds = stored.stream().map(document -> document.get("_id")).toList();
    assertThat(store.read(() -> store.collection(Collections.EVENTS).countDocuments(Filters.in("_id", storedIds))).await(10, TimeUnit.SECONDS))
        .as("the day's events are all kept").isEqualTo((long) stored.size());
    assertThat(store.read(() -> store.collection(Collections.EVENTS).find(Filters.eq("_id", old)).first()).await(10, TimeUnit.SECONDS))
        .isNull();
  }

  private static String messageId(EventLog.Logged event) {
    JsonObject message = event.payload().getJsonObject("message");
    return message == null ? null : message.getString("id");
  }

  @Test
  void aRestartedHubContinuesAboveTheCursorsItWroteBefore(@TempDir Path dataDir) throws Exception {
    long before;
    try (TestHub hub = TestHub.start(dataDir)) {
      JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
      hub.client().webhook(channel, HubClient.message("r-1", new JsonObject().put("email", "restart@example.com"), "one"));
      before = hub.hub().services().eventLog().horizon();
    }
    try (TestHub hub = TestHub.start(dataDir)) {
      assertThat(hub.hub().services().eventLog().horizon()).isGreaterThanOrEqualTo(before);
    }
  }

  @Test
  void aHeavyMessageIsKeptInMemoryByItsIdAndReadBackWhole() throws Exception {
    EventLog log = hub.hub().services().eventLog();
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
    JsonObject ack = hub.client().webhook(channel, HubClient.message("heavy-1", new JsonObject().put("email", "h@example.com"), "stored"))
        .json();
    String transcript = "word ".repeat(EventLog.HEAVY_CHARS / 4);
    long cursor = log.horizon() + 1_000;
    MessageStore messages = hub.hub().services().conversationServices().messages();
    Message stored = hub.hub().services().mongo().read(() -> messages.require(ack.getString("messageId"))).await(10, TimeUnit.SECONDS);
    Message heavy = new Message(stored.id(), stored.conversationId(), stored.customerId(), stored.channel(), stored.channelId(),
        stored.direction(), stored.author(), transcript, null, List.of(), stored.externalId(), stored.sentAt(), stored.createdAt(), null,
        Map.of());
    log.settled(List.of(new EventLog.Logged(cursor, new MessageCreated(heavy, null, null))), true);

    EventLog.Logged kept = log.recentBetween(cursor - 1, cursor, 10).orElseThrow().getFirst();
    assertThat(kept.complete()).as("memory keeps a stub").isFalse();
    assertThat(kept.payload().getJsonObject("message").fieldNames()).containsExactly("id");
    EventLog.Logged sent = EventLog.Logged.fromWire(new JsonObject(kept.wireForm().encode()));
    assertThat(sent.complete()).as("another node is sent the stub, and reads the transcript from the store when it needs it").isFalse();
    assertThat(sent.payload()).isEqualTo(kept.payload());
    EventLog.Logged rendered = hub.hub().services().mongo().read(() -> log.render(List.of(kept))).await(10, TimeUnit.SECONDS).getFirst();
    assertThat(rendered.complete()).isTrue();
    assertThat(rendered.payload().getJsonObject("message").getString("text")).as("read back from the store").isEqualTo("stored");
    assertThat(rendered.cursor()).isEqualTo(cursor);

    EventLog.Logged forSocket = log.readBetween(cursor - 1, cursor, 10, true).await(10, TimeUnit.SECONDS).getFirst();
    assertThat(forSocket.encoded()).as("a socket's read comes encoded by the store's worker, not its event loop").isTrue();
    assertThat(forSocket.frame()).contains("\"text\":\"stored\"");
    EventLog.Logged forReactions = log.readBetween(cursor - 1, cursor, 10, false).await(10, TimeUnit.SECONDS).getFirst();
    assertThat(forReactions.encoded()).as("nothing is encoded for a reader that sends no frames").isFalse();
    assertThat(forReactions.event()).isInstanceOfSatisfying(MessageCreated.class,
        created -> assertThat(created.message().text()).isEqualTo("stored"));
  }

  @Test
  void memoryAnswersOnlyForCursorsItStillHoldsEverythingAfter() {
    EventLog log = hub.hub().services().eventLog();
    long first = log.horizon() + 1;
    List<EventLog.Logged> flood = new java.util.ArrayList<>();
    for (int i = 0; i < EventLog.RECENT + 100; i++) {
      flood.add(new EventLog.Logged(first + i, "presence", false, Audience.UNSCOPED, new JsonObject().put("type", "presence")));
    }
    log.settled(flood, true);

    assertThat(log.recentBetween(first - 1, Long.MAX_VALUE, 10)).as("the oldest hundred were evicted: read the store").isEmpty();
    assertThat(log.recentBetween(first + 98, Long.MAX_VALUE, 10)).as("the oldest hundred were evicted: read the store").isEmpty();
    assertThat(log.recentBetween(first + 99, Long.MAX_VALUE, 10).orElseThrow()).extracting(EventLog.Logged::cursor)
        .startsWith(first + 100).hasSize(10);
  }
}
