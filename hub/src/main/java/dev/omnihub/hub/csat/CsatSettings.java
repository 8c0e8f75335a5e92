package dev.omnihub.hub.csat;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A channel's satisfaction survey ({@code csat} among its settings, the hub's own, whatever the
 * channel type): whether to ask, the question, how long after the resolution, and how many days a
 * customer who was asked is not asked again.
 */
public record CsatSettings(boolean enabled, String question, Duration delay, int quietDays) {

  public static final String SETTING = "csat";
  public static final String DEFAULT_QUESTION = "How would you rate the help you got from us?";
  static final Duration LONGEST_DELAY = Duration.ofDays(7);
  public static final CsatSettings OFF = new CsatSettings(false, DEFAULT_QUESTION, Duration.ZERO, 7);

  /** The channel's settings, or {@link #OFF} when it has none. */
  public static CsatSettings of(JsonObject channelOptions) {
    JsonObject csat = channelOptions == null ? null : channelOptions.getJsonObject(SETTING);
    return csat == null ? OFF : parse(JsonInput.at(csat, SETTING));
  }

  /** @throws InputRejectedException naming the field ({@code csat.delay}) */
  public static CsatSettings parse(JsonInput csat) {
    Boolean enabled = csat.optionalBoolean("enabled");
    String question = csat.optionalString("question", 300);
    String delayText = csat.optionalString("delay", 40);
    Duration delay = Duration.ZERO;
    if (delayText != null) {
      try {
        delay = Duration.parse(delayText);
      } catch (DateTimeParseException e) {
        throw InputRejectedException.invalid(csat.pathOf("delay"), "delay is an ISO-8601 duration such as PT0S or PT2H");
      }
      if (delay.isNegative() || delay.compareTo(LONGEST_DELAY) > 0) {
        throw InputRejectedException.invalid(csat.pathOf("delay"), "delay is between PT0S and P7D");
      }
    }
    Integer quietDays = csat.optionalInt("quietDays", 0, 365);
    return new CsatSettings(Boolean.TRUE.equals(enabled), question == null || question.isBlank() ? DEFAULT_QUESTION : question.strip(), delay,
        quietDays == null ? 7 : quietDays);
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("question", question).put("delay", delay.toString()).put("quietDays", quietDays);
  }
}
