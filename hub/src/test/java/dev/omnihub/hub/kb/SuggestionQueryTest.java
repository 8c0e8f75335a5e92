package dev.omnihub.hub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuggestionQueryTest {

  @Test
  void takesTheCustomersTurnSinceTheLastReplyOrElseTheTurnBeforeIt() {
    List<Message> newestFirst = List.of(inbound("and it is broken"), inbound("my order came"), outbound("Hello!"), inbound("hi"));
    assertThat(SuggestionQuery.of(newestFirst)).isEqualTo("my order came\nand it is broken");
    List<Message> answered = List.of(outbound("Sorry to hear that."), note("check stock"), inbound("it is broken"), outbound("Hi"),
        inbound("old question"));
    assertThat(SuggestionQuery.of(answered)).isEqualTo("it is broken");
    assertThat(SuggestionQuery.of(List.of(outbound("Welcome!")))).isEmpty();
  }

  @Test
  void aCallTranscriptGivesItsCustomersTurnsAndADiarizedOneEveryTurn() {
    Map<String, Object> labelled = Map.of("call", Map.of("from", "+4930123456", "segments", List.of(
        Map.of("speaker", "agent", "text", "Acme support, how can I help?"),
        Map.of("speaker", "customer", "text", "I was charged twice for order 1234."),
        Map.of("speaker", "supervisor", "text", "The refund is approved."))));
    assertThat(SuggestionQuery.of(List.of(message(Direction.INBOUND, "whole transcript", labelled))))
        .isEqualTo("I was charged twice for order 1234.");
    Map<String, Object> diarized = Map.of("call", Map.of("segments", List.of(
        Map.of("speaker", "spk_0", "text", "Hello, support."),
        Map.of("speaker", "spk_1", "text", "My parcel never came."))));
    assertThat(SuggestionQuery.of(List.of(message(Direction.INBOUND, "whole transcript", diarized))))
        .isEqualTo("Hello, support.\nMy parcel never came.");
  }

  private static Message inbound(String text) {
    return message(Direction.INBOUND, text, Map.of());
  }

  private static Message outbound(String text) {
    return message(Direction.OUTBOUND, text, Map.of());
  }

  private static Message note(String text) {
    return message(Direction.NOTE, text, Map.of());
  }

  private static Message message(Direction direction, String text, Map<String, Object> metadata) {
    return new Message("m", "c", "u", "api", "ch", direction, new Author(direction == Direction.INBOUND ? "customer" : "agent", null, null),
        text, null, List.of(), null, Instant.EPOCH, Instant.EPOCH, null, metadata);
  }
}
