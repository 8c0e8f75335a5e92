package dev.omnihub.hub.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;

/** An HTTP answer as the tests read it. */
public record HttpResult(int status, String body, HttpHeaders headers) {

  public JsonObject json() {
    return new JsonObject(body);
  }

  public JsonArray items() {
    return json().getJsonArray("items");
  }

  /** The {@code error.code} of an error body. */
  public String errorCode() {
    return json().getJsonObject("error").getString("code");
  }

  public String errorField() {
    return json().getJsonObject("error").getString("field");
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
