package dev.omnihub.adapters.voice;

import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The call a transcript belongs to. OmniHub's JSON carries it in the body; AWS Transcribe output and
 * WebVTT files know nothing of the call, so the sender passes it as query parameters.
 *
 * @param durationSec the call's length as given, or {@code null} to take it from the transcript
 */
record CallDetails(String callId, String from, String to, Instant startedAt, String recordingUrl, Long durationSec) {

  static final int MAX_CALL_ID = InboundMessage.MAX_EXTERNAL_ID_LENGTH;
  static final int MAX_ADDRESS = 256;
  static final int MAX_URL = 2048;

  private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");

  static CallDetails fromBody(JsonInput body) {
    String callId = body.requiredString("callId", MAX_CALL_ID);
    String from = body.requiredString("from", MAX_ADDRESS);
    String to = body.optionalString("to", MAX_ADDRESS);
    Instant startedAt = body.optionalInstant("startedAt");
    String recordingUrl = checkedUrl("recordingUrl", body.optionalString("recordingUrl", MAX_URL));
    Integer durationSec = body.optionalInt("durationSec", 0, Integer.MAX_VALUE);
    return new CallDetails(callId, from, to, startedAt, recordingUrl, durationSec == null ? null : durationSec.longValue());
  }

  static CallDetails fromQuery(Map<String, String> query) {
    return new CallDetails(
        requiredParameter(query, "callId", MAX_CALL_ID),
        requiredParameter(query, "from", MAX_ADDRESS),
        optionalParameter(query, "to", MAX_ADDRESS),
        instantParameter(query, "startedAt"),
        checkedUrl("recordingUrl", optionalParameter(query, "recordingUrl", MAX_URL)),
        durationParameter(query, "durationSec"));
  }

  /** The transcript of this call; {@code spokenUntilMs} gives the duration when none was given. */
  Transcript transcript(List<Transcript.Segment> segments, long spokenUntilMs) {
    long duration = durationSec != null ? durationSec : Math.ceilDiv(spokenUntilMs, 1000);
    return new Transcript(callId, from, to, startedAt, duration, recordingUrl, segments);
  }

  private static String requiredParameter(Map<String, String> query, String name, int maxLength) {
    String value = optionalParameter(query, name, maxLength);
    if (value == null || value.isBlank()) {
      throw InputRejectedException.invalid(name, "query parameter " + name + " is required");
    }
    return value;
  }

  private static String optionalParameter(Map<String, String> query, String name, int maxLength) {
    String value = query.get(name);
    if (value != null && value.length() > maxLength) {
      throw InputRejectedException.invalid(name, "query parameter " + name + " is longer than " + maxLength + " characters");
    }
    return value;
  }

  private static Instant instantParameter(Map<String, String> query, String name) {
    String value = optionalParameter(query, name, 64);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw InputRejectedException.invalid(name, "query parameter " + name + " must be an ISO-8601 UTC time such as 2026-11-25T10:15:30Z");
    }
  }

  private static Long durationParameter(Map<String, String> query, String name) {
    String value = optionalParameter(query, name, 32);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.startsWith("-")) {
      throw InputRejectedException.invalid(name, "query parameter " + name + " must not be negative");
    }
    if (!WHOLE_NUMBER.matcher(value).matches()) {
      throw InputRejectedException.invalid(name, "query parameter " + name + " must be a whole number of seconds, not '" + value + "'");
    }
    return Long.parseLong(value);
  }

  /** Only web links: the recording is shown to agents as a link, so no {@code javascript:} or {@code file:}. */
  private static String checkedUrl(String field, String url) {
    if (url == null || url.isEmpty()) {
      return null;
    }
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      throw InputRejectedException.invalid(field, field + " must be an http or https URL");
    }
    return url;
  }
}
