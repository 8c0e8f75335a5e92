package dev.omnihub.hub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
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
    Document labelled = new Document("call", new Document("from", "+4930123456").append("segments", List.of(
        new Document("speaker", "agent").append("text", "Acme support, how can I help?"),
        new Document("speaker", "customer").append("text", "I was charged twice for order 1234."),
        new Document("speaker", "supervisor").append("text", "The refund is approved."))));
    assertThat(SuggestionQuery.of(List.of(message(Direction.INBOUND, "whole transcript", labelled))))
        .isEqualTo("I was charged twice for order 1234.");
    Document diarized = new Document("call", new Document("segments", List.of(
        new Document("speaker", "spk_0").append("text", "Hello, support."),
        new Document("speaker", "spk_1").append("text", "My parcel never came."))));
    assertThat(SuggestionQuery.of(List.of(message(Direction.INBOUND, "whole transcript", diarized))))
        .isEqualTo("Hello, support.\nMy parcel never came.");
  }

  private static Message inbound(String text) {
    return message(Direction.INBOUND, text, new Document());
  }

  private static Message outbound(String text) {
    return message(Direction.OUTBOUND, text, new Document());
  }

  private static Message note(String text) {
    return message(Direction.NOTE, text, new Document());
  }

  private static Message message(Direction direction, String text, Document metadata) {
    return new Message("m", "c", "u", "api", "ch", direction, new Document("type", direction == Direction.INBOUND ? "customer" : "agent"),
        text, null, List.of(), null, Instant.EPOCH, Instant.EPOCH, null, metadata);
  }
}
