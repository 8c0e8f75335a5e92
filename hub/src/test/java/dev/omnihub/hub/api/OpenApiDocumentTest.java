package dev.omnihub.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /api/v1/openapi.json describes exactly the routes the router serves. */
class OpenApiDocumentTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void everyServedRouteIsDocumentedAndNothingElse() {
    HttpResult served = hub.client().get("/api/v1/openapi.json", null);
    assertThat(served.status()).isEqualTo(200);
    JsonObject document = served.json();
    assertThat(document.getString("openapi")).startsWith("3.1");

    Set<String> documented = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
          documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }

    Router router = ApiRouter.create(hub.hub().vertx(), hub.hub().services());
    Set<String> routed = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      if (methods == null || methods.isEmpty() || route.getPath() == null) {
        continue; // middleware on every method: body limits, headers
      }
      String path = route.getPath().replaceAll(":(\\w+)", "{$1}").replace("/console/", "/console/{path}")
          .replace("/_static/", "/_static/{path}");
      methods.forEach(method -> routed.add(method.name() + " " + path));
    }

    assertThat(documented).isEqualTo(routed);
  }

  @Test
  void everyOperationDescribesItsErrorsWithTheSharedSchema() {
    JsonObject paths = hub.client().get("/api/v1/openapi.json", null).json().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      if (!path.startsWith("/api/v1/") || path.equals("/api/v1/openapi.json")) {
        continue;
      }
      JsonObject operations = paths.getJsonObject(path);
      for (String method : operations.fieldNames()) {
        if (operations.getValue(method) instanceof JsonObject operation && operation.containsKey("responses")) {
          JsonObject responses = operation.getJsonObject("responses");
          assertThat(responses.fieldNames()).as(method + " " + path).anyMatch(status -> status.startsWith("4"));
          assertThat(operation.getString("operationId")).as(method + " " + path).isNotBlank();
        }
      }
    }
  }
}
