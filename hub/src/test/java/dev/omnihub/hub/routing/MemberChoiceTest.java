package dev.omnihub.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strategies' picks: least loaded with its tie-break, round robin in the members' order. */
class MemberChoiceTest {

  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void leastLoadedTakesTheFewestOfTheTypeThenTheLongestSinceTheirLastAssignment() {
    Agent ana = agent("ana");
    Agent ben = agent("ben");
    Agent cy = agent("cy");
    Map<String, AgentLoads.Load> loads = Map.of(
        "ana", load("ana", Map.of("chat", 1, "email", 0), T.plusSeconds(5)),
        "ben", load("ben", Map.of("chat", 1, "email", 4), T.plusSeconds(1)),
        "cy", load("cy", Map.of("chat", 2), T));
    assertThat(MemberChoice.leastLoaded(List.of(ana, ben, cy), loads, "chat")).as("tie at 1 chat: Ben waited longer").isEqualTo(ben);
    assertThat(MemberChoice.leastLoaded(List.of(ana, ben, cy), loads, "email")).as("Cy holds no email").isEqualTo(cy);
    Agent newcomer = agent("dee");
    assertThat(MemberChoice.leastLoaded(List.of(ana, newcomer), loads, "chat")).as("never assigned goes first").isEqualTo(newcomer);
  }

  @Test
  void roundRobinTakesTheNextEligibleMemberAfterTheLastTurnAndWrapsAround() {
    Agent ana = agent("ana");
    Agent ben = agent("ben");
    Agent cy = agent("cy");
    Queue queue = new Queue("q", "Q", List.of(), List.of(), Queue.Strategy.ROUND_ROBIN, 0, null, null, null, List.of("ana", "ben", "cy"),
        null, T);
    assertThat(MemberChoice.nextInTurn(queue, List.of(ana, ben, cy), null)).isEqualTo(ana);
    assertThat(MemberChoice.nextInTurn(queue, List.of(ana, ben, cy), "ana")).isEqualTo(ben);
    assertThat(MemberChoice.nextInTurn(queue, List.of(ana, ben, cy), "cy")).as("wraps").isEqualTo(ana);
    assertThat(MemberChoice.nextInTurn(queue, List.of(ana, cy), "ana")).as("Ben has no room: skipped").isEqualTo(cy);
  }

  @Test
  void roomIsCapacityLessWhatTheLedgerCounts() {
    Agent ana = new Agent("ana", "Ana", "ana@t.test", List.of(Role.AGENT), List.of(), Map.of("chat", 3), "online", "online", T, true, T, 0,
        List.of());
    Map<String, AgentLoads.Load> loads = Map.of("ana", load("ana", Map.of("chat", 2), T));
    assertThat(MemberChoice.room(ana, loads, "chat")).isEqualTo(1);
    assertThat(MemberChoice.room(ana, loads, "sms")).as("the default capacity for sms, 5, none held").isEqualTo(5);
    AgentLoads.Load planned = MemberChoice.counted(loads.get("ana"), "ana", "chat", T.plusSeconds(9));
    assertThat(planned.count("chat")).isEqualTo(3);
    assertThat(planned.lastAssignedAt()).isEqualTo(T.plusSeconds(9));
  }

  private static Agent agent(String id) {
    return new Agent(id, id, id + "@t.test", List.of(Role.AGENT), List.of(), Map.of("chat", 3, "email", 10), "online", "online", T, true, T, 0,
        List.of());
  }

  private static AgentLoads.Load load(String agentId, Map<String, Integer> counts, Instant lastAssignedAt) {
    return new AgentLoads.Load(agentId, counts, List.of(), lastAssignedAt);
  }
}
