package dev.omnihub.adapters.sms;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Settings of an {@code sms} channel (API.md "sms — Twilio-compatible").
 *
 * @param accountSid  the provider account ({@code AC...})
 * @param authToken   the account's auth token: signs the provider's webhooks and authenticates our
 *                    calls (a credential, stored encrypted)
 * @param phoneNumber the channel's number in E.164, the {@code From} of every message
 * @param apiBaseUrl  the provider's REST base ({@code https://api.twilio.com} by default)
 */
public record SmsSettings(String accountSid, String authToken, String phoneNumber, String apiBaseUrl) {

  public static final String DEFAULT_API_BASE_URL = "https://api.twilio.com";
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  private static final Pattern ACCOUNT_SID = Pattern.compile("^[A-Za-z0-9]{2,64}$");

  /** @throws InputRejectedException naming the bad field */
  public static SmsSettings from(JsonObject options) {
    JsonInput json = JsonInput.of(options);
    String accountSid = json.requiredString("accountSid", 64).strip();
    if (!ACCOUNT_SID.matcher(accountSid).matches()) {
      throw InputRejectedException.invalid("accountSid", "accountSid is the provider's account id (letters and digits, e.g. AC...)");
    }
    String authToken = json.requiredString("authToken", 200);
    String phoneNumber = json.requiredString("phoneNumber", 20).replace(" ", "");
    if (!E164.matcher(phoneNumber).matches()) {
      throw InputRejectedException.invalid("phoneNumber", "phoneNumber must be in E.164 form, such as +4930123456");
    }
    String base = json.optionalString("apiBaseUrl", 500);
    return new SmsSettings(accountSid, authToken, phoneNumber, base == null || base.isBlank() ? DEFAULT_API_BASE_URL : baseUrl(base.strip()));
  }

  private static String baseUrl(String value) {
    try {
      URI uri = new URI(value);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    } catch (Exception e) {
      throw InputRejectedException.invalid("apiBaseUrl", "apiBaseUrl must be an absolute http(s) URL");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("accountSid", accountSid).put("authToken", authToken).put("phoneNumber", phoneNumber)
        .put("apiBaseUrl", apiBaseUrl);
  }
}
