package dev.omnihub.adapters.voice;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads OmniHub's transcript JSON as a stream, one segment at a time, without building the body's tree:
 * a 15 MiB transcript's tree was tens of thousands of maps the hub held while it parsed, and what the
 * collector then copied. Only the plain, well-formed case is read this way; anything else (another
 * format such as AWS Transcribe's, nested values, a refusal) answers empty, and the caller parses the
 * tree as before, so every refusal keeps its wording and its order.
 */
final class StreamedJsonTranscript {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private StreamedJsonTranscript() {
  }

  /** The transcript, or empty when the body is not plain OmniHub JSON that passes every check. */
  static Optional<Transcript> parse(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      JsonObject details = new JsonObject();
      List<Transcript.Segment> segments = null;
      long spokenUntil = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("segments".equals(name) && value == JsonToken.START_ARRAY) {
          segments = new ArrayList<>();
          spokenUntil = 0;
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            Optional<JsonObject> item = flatObject(parser);
            if (item.isEmpty()) {
              return Optional.empty();
            }
            Transcript.Segment segment = JsonTranscript.segment(JsonInput.at(item.get(), "segments[" + segments.size() + "]"));
            segments.add(segment);
            spokenUntil = Math.max(spokenUntil, segment.endMs());
          }
          if (parser.currentToken() != JsonToken.END_ARRAY) {
            return Optional.empty();
          }
        } else if (value.isScalarValue()) {
          details.put(name, scalar(parser, value));
        } else {
          return Optional.empty();
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null || segments == null || segments.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(CallDetails.fromBody(JsonInput.of(details)).transcript(segments, spokenUntil));
    } catch (IOException | InputRejectedException | IllegalArgumentException e) {
      // Malformed, or refused: the tree parse says why, in the words it always has.
      return Optional.empty();
    }
  }

  /** The rest of an object whose values are all scalars; empty when one is not. */
  private static Optional<JsonObject> flatObject(JsonParser parser) throws IOException {
    JsonObject object = new JsonObject();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (!value.isScalarValue()) {
        return Optional.empty();
      }
      object.put(name, scalar(parser, value));
    }
    return Optional.of(object);
  }

  private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> null;
    };
  }
}
