package dev.omnihub.adapters.voice;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the body of {@code POST /webhooks/voice/{channelId}} into a {@link Transcript}. The body is
 * one of:
 * <ul>
 *   <li>OmniHub's JSON ({@code application/json} with {@code segments}), which carries the call's details;</li>
 *   <li>an AWS Transcribe result document ({@code application/json} with {@code results});</li>
 *   <li>a WebVTT file with voice tags ({@code text/vtt}).</li>
 * </ul>
 * The last two know nothing of the call, so {@code callId}, {@code from} and optionally {@code to},
 * {@code startedAt}, {@code recordingUrl} and {@code durationSec} come as query parameters.
 *
 * <p>Anything unreadable is refused with an {@link InputRejectedException}: {@code payload_too_large}
 * over {@link #MAX_BYTES}, {@code no_speakers} when no one speaks, {@code invalid_vtt} naming the line,
 * else the offending field.
 */
public final class TranscriptParser {

  /** The largest body read, 20 MiB: hours of word-level AWS output fit. */
  public static final int MAX_BYTES = 20 * 1024 * 1024;

  private TranscriptParser() {
  }

  /**
   * @param contentType the request's {@code Content-Type}, parameters allowed ({@code application/json; charset=utf-8})
   * @param query       the request's query parameters; may be {@code null} when there are none
   */
  public static Transcript parse(String contentType, byte[] body, Map<String, String> query) {
    byte[] bytes = body == null ? new byte[0] : body;
    if (bytes.length > MAX_BYTES) {
      throw InputRejectedException.tooLarge("a transcript may be at most " + MAX_BYTES + " bytes (20 MiB), this one has " + bytes.length);
    }
    Map<String, String> parameters = query == null ? Map.of() : query;
    return switch (mediaType(contentType)) {
      case "application/json" -> parseJson(bytes, parameters);
      case "text/vtt" -> WebVttTranscript.parse(bytes, CallDetails.fromQuery(parameters));
      default -> throw InputRejectedException.invalid("unsupported_media_type", null,
          "a transcript must be sent as application/json or text/vtt, not '" + contentType + "'");
    };
  }

  private static Transcript parseJson(byte[] body, Map<String, String> query) {
    // OmniHub's own JSON, streamed; any other shape or a refusal is read from the tree.
    Optional<Transcript> streamed = StreamedJsonTranscript.parse(body);
    if (streamed.isPresent()) {
      return streamed.get();
    }
    JsonInput json = JsonInput.parse(Buffer.buffer(body));
    if (AwsTranscribeTranscript.recognises(json.raw())) {
      return AwsTranscribeTranscript.parse(json, CallDetails.fromQuery(query));
    }
    return JsonTranscript.parse(json);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int parameters = contentType.indexOf(';');
    return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
  }
}
