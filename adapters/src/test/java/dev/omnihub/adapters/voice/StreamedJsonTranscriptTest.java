package dev.omnihub.adapters.voice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.JsonInput;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streamed read gives what the tree gives, and leaves everything else to the tree. */
class StreamedJsonTranscriptTest {

  private static JsonObject transcript() {
    return new JsonObject().put("callId", "CA-1").put("from", "+4930123456").put("to", "+4930999").put("startedAt", "2026-12-06T10:00:00Z")
        .put("durationSec", 8).put("segments", new JsonArray()
            .add(new JsonObject().put("speaker", "customer").put("startMs", 0).put("endMs", 3_800).put("text", " Where is my parcel? "))
            .add(new JsonObject().put("speaker", "agent").put("startMs", 4_000).put("endMs", 7_900).put("text", "Let me look.")));
  }

  private static byte[] bytes(JsonObject json) {
    return json.encode().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPlainTranscriptReadsAsTheTreeReadsIt() {
    JsonObject body = transcript();

    assertThat(StreamedJsonTranscript.parse(bytes(body))).contains(JsonTranscript.parse(JsonInput.parse(Buffer.buffer(bytes(body)))));
  }

  @Test
  void anAwsTranscribeDocumentIsLeftToTheTree() {
    JsonObject aws = new JsonObject().put("jobName", "call-1").put("results", new JsonObject().put("transcripts", new JsonArray()));

    assertThat(StreamedJsonTranscript.parse(bytes(aws))).isEmpty();
  }

  @Test
  void aRefusalIsLeftToTheTreeSoItsWordsStayTheSame() {
    JsonObject backwards = transcript();
    backwards.getJsonArray("segments").getJsonObject(1).put("endMs", 1);

    assertThat(StreamedJsonTranscript.parse(bytes(backwards))).isEmpty();
    assertThat(StreamedJsonTranscript.parse("{\"callId\": \"CA-1\", \"segments\": [".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(StreamedJsonTranscript.parse(bytes(transcript().put("segments", new JsonArray())))).isEmpty();
  }
}
