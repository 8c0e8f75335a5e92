package dev.omnihub.hub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.TestHub;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalation: a conversation has at most one open ticket, whatever escalates it at the same moment;
 * each escalation of an open ticket raises it one level, with the priority, reason, queue or assignee
 * given, and every one of them is in its history.
 */
class TicketStoreTest {

  private static final int AT_ONCE = 20;
  private static final Actor BEA = new Actor("agent", "agent-bea", "Bea");

  @TempDir
  Path dataDir;

  @Test
  void escalationsAtTheSameMomentOpenOneTicketAndRaiseItOnceEach() throws Exception {
    try (TestHub hub = TestHub.start(dataDir, Map.of())) {
      MongoStore store = hub.hub().services().mongo();
      TicketStore tickets = new TicketStore(store, new TicketNumbers(store));
      List<TicketStore.Escalated> results = new ArrayList<>();
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<TicketStore.Escalated>> calls = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
          calls.add(pool.submit(() -> store.write(() -> tickets.escalate("conv-1", "cust-1",
              new TicketStore.Escalation(null, null, null, null), BEA, Instant.now())).await(30, TimeUnit.SECONDS)));
        }
        for (Future<TicketStore.Escalated> call : calls) {
          results.add(call.get(60, TimeUnit.SECONDS));
        }
      }
      assertThat(results).filteredOn(TicketStore.Escalated::created).hasSize(1);
      assertThat(results).extracting(result -> result.ticket().id()).containsOnly(results.get(0).ticket().id());
      Ticket ticket = store.read(() -> tickets.openFor("conv-1")).await(30, TimeUnit.SECONDS).orElseThrow();
      assertThat(ticket.escalationLevel()).isEqualTo(AT_ONCE);
      assertThat(ticket.history()).hasSize(AT_ONCE);
      assertThat(ticket.status()).isEqualTo("open");
      assertThat(ticket.priority()).isEqualTo("normal");
      assertThat(ticket.number()).isGreaterThanOrEqualTo(1001);

      Ticket other = store.write(() -> tickets.escalate("conv-2", "cust-2", new TicketStore.Escalation("urgent", "refund to approve",
          "queue-seniors", null), BEA, Instant.now())).await(30, TimeUnit.SECONDS).ticket();
      assertThat(other.number()).isNotEqualTo(ticket.number());
      assertThat(other.priority()).isEqualTo("urgent");
      assertThat(other.escalationLevel()).isEqualTo(1);
      assertThat(other.history().get(0).change()).containsEntry("created", true).containsEntry("reason", "refund to approve");
      assertThat(other.history().get(0).actorId()).isEqualTo("agent-bea");

      TicketStore.Escalated again = store.write(() -> tickets.escalate("conv-2", "cust-2", new TicketStore.Escalation("high", null,
          null, "agent-cy"), BEA, Instant.now())).await(30, TimeUnit.SECONDS);
      assertThat(again.created()).isFalse();
      assertThat(again.ticket().escalationLevel()).isEqualTo(2);
      assertThat(again.ticket().priority()).isEqualTo("high");
      assertThat(again.ticket().queueId()).as("kept").isEqualTo("queue-seniors");
      assertThat(again.ticket().assigneeId()).isEqualTo("agent-cy");
      assertThat(store.read(() -> tickets.findByNumber(other.number())).await(30, TimeUnit.SECONDS)).isPresent();
    }
  }
}
