package dev.omnihub.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.events.Audience;
import dev.omnihub.hub.events.EventLog;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Other nodes' entries as their bus news bring them: held only while each slot's news follow one another. */
class PeerEntriesTest {

  private static final long RUN = 7;
  private final PeerEntries entries = new PeerEntries();

  @Test
  void newsThatFollowOneAnotherHoldTheirSlotAndAreTakenInCursorOrderAcrossSlots() {
    entries.heard(1, RUN, 0, 100, entries(17, 81), 0);
    entries.heard(2, RUN, 0, 100, entries(34, 50), 0);
    entries.heard(1, RUN, 100, 200, entries(113), 0);

    assertThat(entries.holds(1, 200, 0)).isTrue();
    assertThat(entries.holds(2, 100, 0)).isTrue();
    assertThat(entries.holds(2, 101, 0)).as("slot 2 said nothing past 100 yet").isFalse();
    assertThat(cursors(entries.take(100))).containsExactly(17L, 34L, 50L, 81L);
    assertThat(cursors(entries.take(200))).containsExactly(113L);
  }

  @Test
  void aLostNewsBreaksTheChainUntilTheLogHasMergedPastWhereTheNextOneStarts() {
    entries.heard(1, RUN, 0, 100, entries(17), 0);
    // The news for (100, 200] was lost.
    entries.heard(1, RUN, 200, 300, entries(250), 0);

    assertThat(entries.holds(1, 300, 0)).isFalse();
    assertThat(entries.holds(1, 100, 0)).isTrue();
    assertThat(cursors(entries.take(300))).as("what came after the gap is not held").containsExactly(17L);

    // The store was read up to 200: the next news continues from there.
    entries.readFromStore(200);
    entries.heard(1, RUN, 300, 400, entries(350), 200);
    assertThat(entries.holds(1, 400, 200)).as("a gap before the store's read is not closed by the log").isFalse();
    entries.readFromStore(400);
    entries.heard(1, RUN, 400, 500, entries(450), 400);
    assertThat(entries.holds(1, 500, 400)).isTrue();
    assertThat(cursors(entries.take(500))).containsExactly(450L);
  }

  @Test
  void aNewsWithoutItsEntriesHoldsNothing() {
    entries.heard(1, RUN, 0, 100, null, 0);

    assertThat(entries.holds(1, 100, 0)).isFalse();
    assertThat(entries.holds(1, 100, 100)).as("unless the log merged that far already").isTrue();
  }

  @Test
  void anotherRunOfANodeInTheSlotStartsItsChainAfresh() {
    entries.heard(1, RUN, 0, 200, entries(120), 0);

    // The node restarted: its first news starts from its new floor, below what its predecessor's chain reached.
    entries.heard(1, RUN + 1, 150, 300, entries(160), 0);

    assertThat(entries.holds(1, 300, 0)).as("the predecessor's last entries came in no news").isFalse();
  }

  @Test
  void entriesTheLogMergedAlreadyAndThoseTheStoreBroughtAreNotMergedAgain() {
    entries.heard(1, RUN, 0, 100, entries(10, 60, 90), 50);
    entries.readFromStore(80);

    assertThat(cursors(entries.take(100))).containsExactly(90L);
    assertThat(entries.size()).isZero();
  }

  @Test
  void tooManyEntriesWaitingAreDroppedAndEveryChainBreaks() {
    long[] flood = new long[PeerEntries.MAX_PENDING + 1];
    Arrays.setAll(flood, i -> i + 1);
    entries.heard(2, RUN, 0, 10, entries(5), 0);
    entries.heard(1, RUN, 0, flood.length, entries(flood), 0);

    assertThat(entries.size()).isZero();
    assertThat(entries.holds(1, 1, 0)).isFalse();
    assertThat(entries.holds(2, 10, 0)).isFalse();
  }

  private static List<EventLog.Logged> entries(long... cursors) {
    return Arrays.stream(cursors).mapToObj(cursor -> new EventLog.Logged(cursor, "presence", false, Audience.UNSCOPED,
        new JsonObject().put("type", "presence"))).toList();
  }

  private static List<Long> cursors(List<EventLog.Logged> taken) {
    return taken.stream().map(EventLog.Logged::cursor).toList();
  }
}
