package dev.omnihub.adapters.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Settings of an {@code api} channel.
 *
 * @param webhookUrl where agent replies are POSTed, signed; {@code null} when the integration reads
 *                   replies through the conversation API instead
 */
public record ApiChannelOptions(String webhookUrl) {

  static final String WEBHOOK_URL = "webhookUrl";

  /** @throws InputRejectedException naming {@code webhookUrl} when it is not an absolute http(s) URL */
  public static ApiChannelOptions from(JsonObject options) {
    String url = JsonInput.of(options).optionalString(WEBHOOK_URL, 2048);
    if (url == null || url.isBlank()) {
      return new ApiChannelOptions(null);
    }
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
        throw InputRejectedException.invalid(WEBHOOK_URL, "webhookUrl must be an absolute http or https URL, not '" + url + "'");
      }
      return new ApiChannelOptions(uri.toString());
    } catch (URISyntaxException e) {
      throw InputRejectedException.invalid(WEBHOOK_URL, "webhookUrl is not a valid URL: " + e.getReason());
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (webhookUrl != null) {
      json.put(WEBHOOK_URL, webhookUrl);
    }
    return json;
  }
}
