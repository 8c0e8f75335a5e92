package dev.omnihub.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.omnihub.adapters.spi.Leases;
import dev.omnihub.hub.HubServices;
import dev.omnihub.hub.channel.LeaseStore;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reactions run after the event is durable, in log order, once per event, again after a restart from where they got. */
class ReactionsTest {

  /**
   * One hub for the class. Each test runs its own reactions, named for the test so that none resumes
   * from another's position, and they react only to the channel the test created.
   */
  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  private static final AtomicInteger tests = new AtomicInteger();

  /** Records the inbound messages it sees, and whether each was already stored when it ran. */
  private static final class Recording implements Reaction {

    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<Long> cursors = new CopyOnWriteArrayList<>();
    final List<Boolean> storedWhenRun = new CopyOnWriteArrayList<>();
    private final String name;
    private final HubServices services;
    private final String channelId;

    Recording(String name, HubServices services, String channelId) {
      this.name = name;
      this.services = services;
      this.channelId = channelId;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean wants(EventLog.Logged event) {
      return isInboundMessage(event, channelId);
    }

    @Override
    public List<HubEvent> react(EventLog.Logged event) {
      String id = event.payload().getJsonObject("message").getString("id");
      storedWhenRun.add(services.mongo().collection(Collections.MESSAGES).find(Filters.eq("_id", id)).first() != null);
      seen.add(id);
      cursors.add(event.cursor());
      return List.of();
    }
  }

  @Test
  void eachDurableEventGetsItsReactionOnceInLogOrder() throws Exception {
    int test = tests.incrementAndGet();
    HubServices services = hub.hub().services();
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App " + test, null);
    Recording recording = new Recording("recording-" + test, services, channel.getString("id"));
    Reactions reactions = Reactions.builder("test-" + test).add(recording).build();
    startOn(reactions, leases(services, "node-a"));

    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(hub.client().webhook(channel, HubClient.message("r-" + i, new JsonObject().put("email", "r" + (i % 3) + "@example.com"),
          "hello " + i)).json().getString("messageId"));
    }

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> recording.seen.size() >= sent.size());
    assertThat(recording.seen).containsExactlyElementsOf(sent);
    assertThat(recording.cursors).isSorted();
    assertThat(recording.storedWhenRun).containsOnly(true);
    reactions.stop().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aRestartReactsToWhatHappenedWhileStoppedAndNothingTwice() throws Exception {
    int test = tests.incrementAndGet();
    HubServices services = hub.hub().services();
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App " + test, null);
    Recording first = new Recording("recording-" + test, services, channel.getString("id"));
    Reactions before = Reactions.builder("test-" + test).add(first).build();
    startOn(before, leases(services, "node-a"));
    for (int i = 0; i < 3; i++) {
      hub.client().webhook(channel, HubClient.message("before-" + i, new JsonObject().put("email", "a@example.com"), "before " + i));
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first.seen.size() == 3);
    before.stop().await(10, TimeUnit.SECONDS);

    List<String> whileStopped = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      whileStopped.add(hub.client().webhook(channel, HubClient.message("during-" + i, new JsonObject().put("email", "a@example.com"),
          "during " + i)).json().getString("messageId"));
    }
    // Out of memory too: the log is read back from the store, as after a restart.
    services.eventLog().forgetRecent();

    Recording second = new Recording("recording-" + test, services, channel.getString("id"));
    Reactions after = Reactions.builder("test-" + test).add(second).build();
    startOn(after, leases(services, "node-a"));
    String last = hub.client().webhook(channel, HubClient.message("after", new JsonObject().put("email", "a@example.com"), "after"))
        .json().getString("messageId");

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> second.seen.contains(last));
    List<String> expected = new ArrayList<>(whileStopped);
    expected.add(last);
    assertThat(second.seen).as("what happened while stopped, then the new message; nothing seen before the stop")
        .containsExactlyElementsOf(expected);
    after.stop().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aFailingReactionIsTriedAgainThenRecordedAsDeadWhileOthersGoOn() throws Exception {
    int test = tests.incrementAndGet();
    HubServices services = hub.hub().services();
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App " + test, null);
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    // Fails twice on "flaky", always on "broken".
    String pickyName = "picky-" + test;
    String recordingName = "recording-" + test;
    Reaction picky = failing(pickyName, channel.getString("id"), text -> text.equals("broken"), text -> text.equals("flaky"), attempts);
    Recording recording = new Recording(recordingName, services, channel.getString("id"));
    Reactions reactions = Reactions.builder("test-" + test).add(picky).add(recording).retryAfter(Duration.ofMillis(20)).build();
    startOn(reactions, leases(services, "node-a"));

    String broken = hub.client().webhook(channel, HubClient.message("x-1", new JsonObject().put("email", "b@example.com"), "broken"))
        .json().getString("messageId");
    String flaky = hub.client().webhook(channel, HubClient.message("x-2", new JsonObject().put("email", "b@example.com"), "flaky"))
        .json().getString("messageId");
    String fine = hub.client().webhook(channel, HubClient.message("x-3", new JsonObject().put("email", "b@example.com"), "fine"))
        .json().getString("messageId");

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> recording.seen.contains(fine));
    assertThat(recording.seen).containsExactly(broken, flaky, fine);
    // Events that arrive together are tried as one batch first (one more attempt each when it fails).
    assertThat(attempts.get("broken").get()).isBetween(Reactions.MAX_ATTEMPTS, Reactions.MAX_ATTEMPTS + 1);
    assertThat(attempts.get("flaky").get()).as("two failures, then done").isEqualTo(3);
    assertThat(attempts.get("fine").get()).isBetween(1, 2);
    // Of this test's two reactions, only the picky one left a dead event.
    List<Document> dead = services.mongo().read(() -> services.mongo().collection(Collections.DEAD_REACTIONS)
        .find(Filters.in("reaction", pickyName, recordingName)).into(new ArrayList<>())).await(10, TimeUnit.SECONDS);
    assertThat(dead).singleElement().satisfies(document -> {
      assertThat(document.getString("reaction")).isEqualTo(pickyName);
      assertThat(document.getString("type")).isEqualTo("message.created");
      assertThat(document.getString("error")).contains("refused broken");
    });
    reactions.stop().await(10, TimeUnit.SECONDS);
  }

  /**
   * What piled up while the runner was stopped comes back as one batch: each reaction takes it in one
   * write; a batch that fails is taken again one event at a time, so the good events still get their
   * reaction and only the poisonous one is given up.
   */
  @Test
  void aBatchWithAPoisonousEventFallsBackToOneAtATime() throws Exception {
    int test = tests.incrementAndGet();
    HubServices services = hub.hub().services();
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App " + test, null);
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    String pickyName = "picky-" + test;
    Recording warmUp = new Recording("recording-" + test, services, channel.getString("id"));
    Reactions first = Reactions.builder("test-" + test).add(warmUp).build();
    startOn(first, leases(services, "node-a"));
    String hello = hub.client().webhook(channel, HubClient.message("p-0", new JsonObject().put("email", "p@example.com"), "hello"))
        .json().getString("messageId");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> warmUp.seen.contains(hello));
    first.stop().await(10, TimeUnit.SECONDS);
    List<String> piled = new ArrayList<>();
    for (String text : List.of("one", "broken", "two", "three")) {
      piled.add(hub.client().webhook(channel, HubClient.message("p-" + text, new JsonObject().put("email", "p@example.com"), text))
          .json().getString("messageId"));
    }

    Reaction picky = failing(pickyName, channel.getString("id"), text -> text.equals("broken"), text -> false, attempts);
    Recording recording = new Recording("recording-" + test, services, channel.getString("id"));
    Reactions again = Reactions.builder("test-" + test).add(picky).add(recording).retryAfter(Duration.ofMillis(20)).build();
    startOn(again, leases(services, "node-a"));

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts.containsKey("three") && recording.seen.size() == piled.size());
    assertThat(recording.seen).as("the recording reaction's batch").containsExactlyElementsOf(piled);
    // The batch went as far as "broken"; then each event alone: "one" again, "broken" until given up, the rest once.
    assertThat(attempts.get("one").get()).as("in the batch, then alone").isEqualTo(2);
    assertThat(attempts.get("broken").get()).isEqualTo(1 + Reactions.MAX_ATTEMPTS);
    assertThat(attempts.get("two").get()).isEqualTo(1);
    assertThat(attempts.get("three").get()).isEqualTo(1);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> services.mongo().read(() -> services.mongo()
        .collection(Collections.DEAD_REACTIONS).countDocuments(Filters.eq("reaction", pickyName))).await(10, TimeUnit.SECONDS) == 1);
    again.stop().await(10, TimeUnit.SECONDS);
  }

  /**
   * Two nodes' runners of one name on one store: only the one holding the lease reacts; when it stops,
   * the other takes over from the position it saved, so nothing is lost and nothing seen twice.
   */
  @Test
  void oneRunnerOfANameReactsAtATimeAndAnotherTakesOverWhenItStops() throws Exception {
    int test = tests.incrementAndGet();
    HubServices services = hub.hub().services();
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App " + test, null);
    Recording onA = new Recording("recording-" + test, services, channel.getString("id"));
    Recording onB = new Recording("recording-" + test, services, channel.getString("id"));
    Reactions nodeA = Reactions.builder("test-" + test).add(onA).leaseTtl(Duration.ofSeconds(3)).build();
    Reactions nodeB = Reactions.builder("test-" + test).add(onB).leaseTtl(Duration.ofSeconds(3)).build();
    startOn(nodeA, leases(services, "node-a"));
    CountingLeases leasesOfB = new CountingLeases(leases(services, "node-b"));
    startOn(nodeB, leasesOfB);

    List<String> first = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      first.add(hub.client().webhook(channel, HubClient.message("a-" + i, new JsonObject().put("email", "a@example.com"), "a " + i))
          .json().getString("messageId"));
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onA.seen.size() >= first.size());
    // Three more of B's tries for the lease (every second) were refused after A reacted: B had its chances.
    int refusedSoFar = leasesOfB.refused.get();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> leasesOfB.refused.get() >= refusedSoFar + 3);
    assertThat(onA.seen).containsExactlyElementsOf(first);
    assertThat(onB.seen).as("the runner without the lease reacts to nothing").isEmpty();

    nodeA.stop().await(10, TimeUnit.SECONDS);
    List<String> second = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      second.add(hub.client().webhook(channel, HubClient.message("b-" + i, new JsonObject().put("email", "a@example.com"), "b " + i))
          .json().getString("messageId"));
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onB.seen.size() >= second.size());
    assertThat(onB.seen).as("from where A stopped: nothing lost, nothing again").containsExactlyElementsOf(second);
    nodeB.stop().await(10, TimeUnit.SECONDS);
  }

  /**
   * A runner whose lease another node took while it did not notice (as after a pause past the lease's
   * end; here its renewal is seconds away) has its next position save refused by the newer holder's
   * fencing token, stops, and never moves the position that holder saved.
   */
  @Test
  void aRunnerWhoseLeaseChangedHandsUnnoticedIsFencedAtItsNextSaveAndStops() throws Exception {
    int test = tests.incrementAndGet();
    HubServices services = hub.hub().services();
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App " + test, null);
    Recording onA = new Recording("recording-" + test, services, channel.getString("id"));
    // Renewed every 10 s: the saves, every second, meet the fence first.
    Reactions nodeA = Reactions.builder("test-" + test).add(onA).leaseTtl(Duration.ofSeconds(30)).build();
    startOn(nodeA, leases(services, "node-a"));
    String before = hub.client().webhook(channel, HubClient.message("before", new JsonObject().put("email", "a@example.com"), "before"))
        .json().getString("messageId");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onA.seen.contains(before));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> position(services, test) != null
        && position(services, test).getLong("cursor") >= onA.cursors.get(0));

    // Node B takes the lease over and saves the position it starts from under its own token.
    LeaseStore leasesOfB = leases(services, "node-b");
    String lease = "reactions:test-" + test;
    long fenceOfA = position(services, test).getLong("fence");
    services.mongo().write(() -> leasesOfB.endLeasesOf("node-a")).await(10, TimeUnit.SECONDS);
    long fenceOfB = leasesOfB.acquireFenced(lease, Duration.ofMinutes(5)).await(10, TimeUnit.SECONDS);
    assertThat(fenceOfB).as("a takeover raises the token").isGreaterThan(fenceOfA);
    long positionOfB = position(services, test).getLong("cursor");
    services.mongo().write(() -> services.mongo().collection(Collections.REACTION_POSITIONS).updateOne(Filters.eq("_id", "test-" + test),
        com.mongodb.client.model.Updates.set("fence", fenceOfB))).await(10, TimeUnit.SECONDS);

    for (int i = 0; i < 3; i++) {
      hub.client().webhook(channel, HubClient.message("after-" + i, new JsonObject().put("email", "a@example.com"), "after " + i));
    }
    Thread.sleep(3_000);
    String later = hub.client().webhook(channel, HubClient.message("later", new JsonObject().put("email", "a@example.com"), "later"))
        .json().getString("messageId");
    Thread.sleep(2_000);
    assertThat(onA.seen).as("fenced, it stopped").doesNotContain(later);
    assertThat(position(services, test).getLong("cursor")).as("the stale runner's saves were refused").isEqualTo(positionOfB);
    assertThat(position(services, test).getLong("fence")).isEqualTo(fenceOfB);
    nodeA.stop().await(10, TimeUnit.SECONDS);
  }

  private static Document position(HubServices services, int test) throws Exception {
    return services.mongo().read(() -> services.mongo().collection(Collections.REACTION_POSITIONS).find(Filters.eq("_id", "test-" + test))
        .first()).await(10, TimeUnit.SECONDS);
  }

  /** Leases that count how often this node was refused. */
  private static final class CountingLeases implements Leases {

    final AtomicInteger refused = new AtomicInteger();
    private final Leases leases;

    CountingLeases(Leases leases) {
      this.leases = leases;
    }

    @Override
    public io.vertx.core.Future<Long> acquireFenced(String name, Duration ttl) {
      return leases.acquireFenced(name, ttl).onSuccess(token -> {
        if (token == 0) {
          refused.incrementAndGet();
        }
      });
    }

    @Override
    public io.vertx.core.Future<Void> release(String name) {
      return leases.release(name);
    }
  }

  /** Starts a runner on the test hub, as the given node. */
  private static void startOn(Reactions reactions, Leases leases) throws Exception {
    HubServices services = hub.hub().services();
    reactions.start(hub.hub().vertx(), services.store(), services.mongo(), services.eventLog(), services.clock(), leases)
        .await(10, TimeUnit.SECONDS);
  }

  /** A node's leases on the hub's store, as another node would hold them. */
  private static LeaseStore leases(HubServices services, String node) {
    return new LeaseStore(services.mongo(), services.clock(), node);
  }

  private static Reaction failing(String name, String channelId, Predicate<String> always, Predicate<String> twice,
      Map<String, AtomicInteger> attempts) {
    return new Reaction() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        return isInboundMessage(event, channelId);
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        String text = event.payload().getJsonObject("message").getString("text");
        int attempt = attempts.computeIfAbsent(text, key -> new AtomicInteger()).incrementAndGet();
        if (always.test(text) || (twice.test(text) && attempt <= 2)) {
          throw new IllegalStateException("refused " + text);
        }
        return List.of();
      }
    };
  }

  private static boolean isInboundMessage(EventLog.Logged event, String channelId) {
    if (!MessageCreated.TYPE.equals(event.type())) {
      return false;
    }
    JsonObject message = event.payload().getJsonObject("message");
    return "inbound".equals(message.getString("direction")) && channelId.equals(message.getString("channelId"));
  }
}
