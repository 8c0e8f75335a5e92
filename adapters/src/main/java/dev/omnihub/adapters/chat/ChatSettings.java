package dev.omnihub.adapters.chat;

import dev.omnihub.adapters.spi.CustomerSite;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Settings of a {@code chat} channel (the website widget).
 *
 * @param allowedOrigins the sites that may embed the widget ({@code scheme://host[:port]}); empty: any
 * @param greeting       the first line the widget shows, or {@code null}
 * @param offlineEmailDelayMinutes how long an agent's reply waits for a visitor who left before it is
 *                       emailed to them (0: never)
 * @param maxAttachmentBytes the largest file a visitor may send
 * @param language       the widget's language: {@code en}, {@code zh}, or {@code auto} (the embedding page's
 *                       {@code lang}, else the browser's languages)
 */
public record ChatSettings(List<String> allowedOrigins, String greeting, int offlineEmailDelayMinutes, int maxAttachmentBytes,
    String language) {

  /** Files up to 5 MiB by default. */
  public static final int DEFAULT_MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
  /** The most a channel may allow: what fits, base64-encoded, in one widget socket message. */
  public static final int MOST_ATTACHMENT_BYTES = 7 * 1024 * 1024;
  /** The languages the widget has texts in, and {@code auto}: the page's or the browser's (the default). */
  public static final List<String> LANGUAGES = List.of("auto", "en", "zh");

  public static ChatSettings from(JsonObject options) {
    JsonInput json = JsonInput.of(options);
    List<String> origins = json.optionalStringList("allowedOrigins", 100, 300);
    List<String> normalized = origins == null ? List.of() : origins.stream().map(ChatSettings::origin).toList();
    String greeting = json.optionalString("greeting", 500);
    // 0 turns the offline email off.
    Integer delay = json.optionalInt("offlineEmailDelayMinutes", 0, 24 * 60);
    Integer maxAttachment = json.optionalInt("maxAttachmentBytes", 1024, MOST_ATTACHMENT_BYTES);
    String language = json.optionalChoice("language", LANGUAGES);
    return new ChatSettings(normalized, greeting == null || greeting.isBlank() ? null : greeting.strip(), delay == null ? 15 : delay,
        maxAttachment == null ? DEFAULT_MAX_ATTACHMENT_BYTES : maxAttachment, language == null ? "auto" : language);
  }

  private static String origin(String value) {
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
        throw new IllegalArgumentException();
      }
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    } catch (Exception e) {
      throw InputRejectedException.invalid("allowedOrigins", "allowedOrigins entries must be scheme://host[:port], not '" + value + "'");
    }
  }

  /** Whether a browser's {@code Origin} may use the widget: any when none are listed. */
  public boolean allows(String origin) {
    return site().allows(origin);
  }

  /** What the hub needs to know of the widget's site: its origins and when unseen replies are emailed. */
  public CustomerSite site() {
    return new CustomerSite(allowedOrigins, Duration.ofMinutes(offlineEmailDelayMinutes));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("allowedOrigins", new JsonArray(allowedOrigins)).put("offlineEmailDelayMinutes",
        offlineEmailDelayMinutes).put("maxAttachmentBytes", maxAttachmentBytes).put("language", language);
    if (greeting != null) {
      json.put("greeting", greeting);
    }
    return json;
  }
}
