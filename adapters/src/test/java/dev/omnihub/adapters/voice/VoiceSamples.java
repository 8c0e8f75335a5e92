package dev.omnihub.adapters.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.omnihub.adapters.spi.InputRejectedException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The sample files under src/test/resources/voice and the checks the voice tests share. */
final class VoiceSamples {

  static final String JSON = "application/json";
  static final String VTT = "text/vtt";
  static final Map<String, String> CALL = Map.of("callId", "call-42", "from", "+4930123456");

  private VoiceSamples() {
  }

  static byte[] bytes(String file) {
    try (InputStream in = VoiceSamples.class.getResourceAsStream("/voice/" + file)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String file) {
    return new String(bytes(file), StandardCharsets.UTF_8);
  }

  static JsonObject json(String file) {
    return new JsonObject(text(file));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] utf8(JsonObject json) {
    return utf8(json.encode());
  }

  /** Asserts the call is refused as INVALID with this code and a message containing every fragment. */
  static InputRejectedException refused(ThrowingCallable call, String code, String... fragments) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(InputRejectedException.class).hasMessageContainingAll(fragments);
    InputRejectedException rejected = (InputRejectedException) thrown;
    assertThat(rejected.kind()).isEqualTo(InputRejectedException.Kind.INVALID);
    assertThat(rejected.code()).isEqualTo(code);
    return rejected;
  }
}
