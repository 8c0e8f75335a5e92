package dev.omnihub.adapters.voice;

import static dev.omnihub.adapters.voice.VoiceSamples.CALL;
import static dev.omnihub.adapters.voice.VoiceSamples.JSON;
import static dev.omnihub.adapters.voice.VoiceSamples.VTT;
import static dev.omnihub.adapters.voice.VoiceSamples.bytes;
import static dev.omnihub.adapters.voice.VoiceSamples.json;
import static dev.omnihub.adapters.voice.VoiceSamples.refused;
import static dev.omnihub.adapters.voice.VoiceSamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.omnihub.adapters.spi.InputRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Choosing the shape by content type and body, the size limit, and that bad input never escapes as anything else. */
class TranscriptParserTest {

  @Test
  void aBodyOverTwentyMebibytesIsTooLargeBeforeItIsRead() {
    byte[] body = new byte[TranscriptParser.MAX_BYTES + 1];
    Arrays.fill(body, (byte) '{'); // not JSON: a parse would fail differently

    Throwable thrown = catchThrowable(() -> TranscriptParser.parse(JSON, body, CALL));

    assertThat(thrown).isInstanceOfSatisfying(InputRejectedException.class, rejected -> {
      assertThat(rejected.kind()).isEqualTo(InputRejectedException.Kind.TOO_LARGE);
      assertThat(rejected.code()).isEqualTo("payload_too_large");
      assertThat(rejected.getMessage()).contains(String.valueOf(TranscriptParser.MAX_BYTES));
    });
    assertThat(TranscriptParser.MAX_BYTES).isEqualTo(20 * 1024 * 1024);
  }

  @Test
  void aBodyOfExactlyTwentyMebibytesIsRead() {
    JsonObject body = json("call-transcript.json");
    JsonArray segments = body.getJsonArray("segments");
    for (int i = 0; i < 4; i++) {
      segments.getJsonObject(i).put("text", "x".repeat(4_000_000));
    }
    segments.getJsonObject(4).put("text", "");
    int padding = TranscriptParser.MAX_BYTES - utf8(body).length;
    segments.getJsonObject(4).put("text", "y".repeat(padding));
    byte[] bytes = utf8(body);

    assertThat(bytes).hasSize(TranscriptParser.MAX_BYTES);
    assertThat(TranscriptParser.parse(JSON, bytes, Map.of()).segments().getLast().text()).hasSize(padding);
  }

  @Test
  void contentTypeParametersAndCaseDoNotMatter() {
    assertThat(TranscriptParser.parse("Application/JSON; charset=UTF-8", bytes("call-transcript.json"), Map.of()).callId())
        .isEqualTo("CA5f1e2d3c4b5a69788796a5b4c3d2e1f0");
    assertThat(TranscriptParser.parse("text/vtt;charset=utf-8", bytes("call-recording.vtt"), CALL).callId()).isEqualTo("call-42");
  }

  @Test
  void otherContentTypesAreRefused() {
    refused(() -> TranscriptParser.parse("text/plain", bytes("call-recording.vtt"), CALL), "unsupported_media_type", "text/plain");
    refused(() -> TranscriptParser.parse(null, bytes("call-transcript.json"), CALL), "unsupported_media_type", "application/json");
  }

  @Test
  void jsonWithSegmentsIsOmniHubsOwnEvenWithAResultsField() {
    JsonObject body = json("call-transcript.json").put("results", new JsonObject());

    assertThat(TranscriptParser.parse(JSON, utf8(body), Map.of()).callId()).isEqualTo("CA5f1e2d3c4b5a69788796a5b4c3d2e1f0");
  }

  @Test
  void jsonWithAwsResultsIsReadAsAwsTranscribeOutput() {
    assertThat(TranscriptParser.parse(JSON, bytes("aws-transcribe-speaker-labels.json"), CALL).segments().getFirst().speaker())
        .isEqualTo("spk_0");
  }

  @Test
  void aJsonBodyThatIsNotAnObjectIsRefused() {
    refused(() -> TranscriptParser.parse(JSON, utf8("[]"), CALL), "invalid_json", "must be a JSON object");
    refused(() -> TranscriptParser.parse(JSON, null, CALL), "invalid_json", "must be a JSON object");
  }

  /**
   * Every value of every sample (in arrays, of the first two entries: the rest are alike) replaced by
   * every other JSON type or removed: refused or read, never another exception.
   */
  @Test
  void wrongTypesAnywhereAreRefusedNeverThrownAsOtherExceptions() {
    List<Object> replacements = List.of("x", "-1", -1, 1.5, true, new JsonObject(), new JsonArray(), new JsonArray().add("x"));
    for (String file : List.of("call-transcript.json", "aws-transcribe-speaker-labels.json", "aws-transcribe-audio-segments.json")) {
      JsonObject sample = json(file);
      for (List<Object> path : paths(sample)) {
        if (path.stream().anyMatch(step -> step instanceof Integer index && index > 1)) {
          continue;
        }
        for (Object replacement : replacements) {
          assertReadOrRefused(JSON, utf8(replaced(sample, path, container -> set(container, path.getLast(), replacement))), file + " " + path);
        }
        assertReadOrRefused(JSON, utf8(replaced(sample, path, container -> remove(container, path.getLast()))), file + " -" + path);
      }
    }
  }

  /** Random damage to every sample's bytes: refused or read, never another exception. */
  @Test
  void damagedBytesAreRefusedNeverThrownAsOtherExceptions() {
    Random random = new Random(20261201);
    byte[] noise = utf8("\"{}[]:,-.0159x<>/&;v \n\r\t\u00e9-->");
    Map<String, String> types = Map.of("call-transcript.json", JSON, "aws-transcribe-speaker-labels.json", JSON,
        "aws-transcribe-audio-segments.json", JSON, "call-recording.vtt", VTT);
    types.forEach((file, type) -> {
      byte[] original = bytes(file);
      for (int round = 0; round < 400; round++) {
        byte[] damaged = original.clone();
        int cut = random.nextInt(damaged.length);
        if (round % 4 == 0) {
          damaged = Arrays.copyOf(damaged, cut);
        } else {
          for (int i = 0; i < 1 + round % 5; i++) {
            damaged[random.nextInt(damaged.length)] = noise[random.nextInt(noise.length)];
          }
        }
        assertReadOrRefused(type, damaged, file + " round " + round);
      }
    });
  }

  private static void assertReadOrRefused(String contentType, byte[] body, String what) {
    Throwable thrown = catchThrowable(() -> TranscriptParser.parse(contentType, body, CALL));
    if (thrown != null && !(thrown instanceof InputRejectedException)) {
      throw new AssertionError(what + " escaped as " + thrown, thrown);
    }
  }

  /** The path (keys and indexes) of every value in a JSON tree. */
  private static List<List<Object>> paths(Object node) {
    List<List<Object>> paths = new ArrayList<>();
    collect(node, new ArrayList<>(), paths);
    return paths;
  }

  private static void collect(Object node, List<Object> path, List<List<Object>> paths) {
    if (node instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        walk(object.getValue(key), path, key, paths);
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        walk(array.getValue(i), path, i, paths);
      }
    }
  }

  private static void walk(Object child, List<Object> path, Object step, List<List<Object>> paths) {
    List<Object> childPath = new ArrayList<>(path);
    childPath.add(step);
    paths.add(childPath);
    collect(child, childPath, paths);
  }

  private static JsonObject replaced(JsonObject sample, List<Object> path, Consumer<Object> change) {
    JsonObject copy = sample.copy();
    Object container = copy;
    for (Object step : path.subList(0, path.size() - 1)) {
      container = container instanceof JsonObject object ? object.getValue((String) step) : ((JsonArray) container).getValue((Integer) step);
    }
    change.accept(container);
    return copy;
  }

  private static void set(Object container, Object step, Object value) {
    if (container instanceof JsonObject object) {
      object.put((String) step, value);
    } else {
      ((JsonArray) container).set((Integer) step, value);
    }
  }

  private static void remove(Object container, Object step) {
    if (container instanceof JsonObject object) {
      object.remove((String) step);
    } else {
      ((JsonArray) container).remove((int) (Integer) step);
    }
  }
}
