package dev.omnihub.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.events.TicketChanged;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Which of the hub's events automation rules run on. */
class RuleEventsTest {

  private static final JsonObject TICKET = new JsonObject().put("number", 1001).put("conversationId", "c1");

  @Test
  void aTicketChangeIsARuleEventButDueTimesAMessageMovedAreNot() {
    assertThat(RuleEngine.ruleEvent(new TicketChanged(TicketChanged.UPDATED, TICKET, "a1", "q1"))).isEqualTo("ticket.updated");
    assertThat(RuleEngine.ruleEvent(new TicketChanged(TicketChanged.UPDATED, TICKET, "a1", "q1", true)))
        .as("the message that moved them is the event rules see").isNull();
  }
}
