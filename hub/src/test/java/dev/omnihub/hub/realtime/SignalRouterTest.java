package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.events.ConversationSignal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which agent sockets a typing signal is handed to: only those that may show it. */
class SignalRouterTest {

  /** A socket stand-in that records what it was handed. */
  private static final class Recorder implements SignalRouter.Receiver {
    final List<ConversationSignal> got = new ArrayList<>();

    @Override
    public void signal(ConversationSignal signal) {
      got.add(signal);
    }
  }

  private final SignalRouter router = new SignalRouter();
  private final Recorder supervisor = new Recorder();
  private final Recorder ana = new Recorder();
  private final Recorder ben = new Recorder();
  private final Recorder viewer = new Recorder();

  SignalRouterTest() {
    router.follow(SignalRouter.EVERYTHING, supervisor);
    for (var agent : List.of(ana, ben, viewer)) {
      router.follow(SignalRouter.POOL, agent);
    }
    router.follow(SignalRouter.agent("ana"), ana);
    router.follow(SignalRouter.agent("ben"), ben);
    router.follow(SignalRouter.agent("vic"), viewer);
    router.follow(SignalRouter.viewers("c-assigned"), viewer);
  }

  @Test
  void aSignalInAnAssignedConversationReachesItsAgentItsViewersAndSupervisorsOnly() {
    ConversationSignal typing = new ConversationSignal("typing", "c-assigned", "customer", "cu1", null, "ana", null);

    router.route(typing);

    assertThat(ana.got).containsExactly(typing);
    assertThat(viewer.got).containsExactly(typing);
    assertThat(supervisor.got).containsExactly(typing);
    assertThat(ben.got).isEmpty();
  }

  @Test
  void aSignalInTheUnassignedPoolReachesEveryAgentOnce() {
    router.follow(SignalRouter.viewers("c-pooled"), ana);
    ConversationSignal typing = new ConversationSignal("typing", "c-pooled", "customer", "cu2", null, null, null);

    router.route(typing);

    assertThat(List.of(ana, ben, viewer, supervisor)).allSatisfy(socket -> assertThat(socket.got).containsExactly(typing));
  }

  @Test
  void aSocketThatStoppedViewingNoLongerGetsTheConversationsSignals() {
    router.unfollow(SignalRouter.viewers("c-assigned"), viewer);

    router.route(new ConversationSignal("typing", "c-assigned", "customer", "cu1", null, "ana", null));

    assertThat(viewer.got).isEmpty();
  }
}
