package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.customer.CustomerPatch;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityKey;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.errors.NotFoundException;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.service.CustomerService;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.Document;

/** {@code /api/v1/customers}: profiles, lookup by identity, edits and merges. */
final class CustomerRoutes {

  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,63}$");
  private static final int MAX_ATTRIBUTES = 100;

  private final PublishingStore store;
  private final CustomerStore customers;
  private final CustomerService service;
  private final IdentityNormalizer normalizer;

  CustomerRoutes(PublishingStore store, CustomerStore customers, CustomerService service, IdentityNormalizer normalizer) {
    this.store = store;
    this.customers = customers;
    this.service = service;
    this.normalizer = normalizer;
  }

  void mount(Router router, Authentication auth) {
    router.get("/api/v1/customers").handler(auth.require(Role.AGENT)).handler(this::list);
    router.get("/api/v1/customers/:id").handler(auth.require(Role.AGENT)).handler(this::get);
    router.patch("/api/v1/customers/:id").handler(auth.require(Role.AGENT)).handler(this::patch);
    router.post("/api/v1/customers/:id/merge").handler(auth.require(Role.AGENT)).handler(this::merge);
    router.get("/api/v1/customers/:id/conversations").handler(auth.require(Role.AGENT)).handler(this::conversations);
  }

  private void list(RoutingContext ctx) {
    String identity = Requests.query(ctx, "identity");
    if (identity != null) {
      // An unencoded '+' in a query string arrives as a space: "phone:+4930..." decodes to "phone: 4930...".
      if (identity.startsWith("phone: ")) {
        identity = "phone:+" + identity.substring("phone: ".length());
      }
      IdentityKey key = normalizer.parseKey(identity, "identity");
      store.read(() -> service.findByIdentity(key))
          .onSuccess(found -> Responses.items(ctx, found.map(Views::customer).stream().toList()))
          .onFailure(ctx::fail);
      return;
    }
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> customers.list(cursor, limit))
        .onSuccess(page -> Responses.page(ctx, page.map(Views::customer)))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    store.read(() -> customers.require(id)).onSuccess(customer -> Responses.ok(ctx, Views.customer(customer))).onFailure(ctx::fail);
  }

  private void patch(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    JsonInput body = Requests.body(ctx);
    CustomerPatch patch = new CustomerPatch(body.optionalString("name", 200), attributes(body.optionalObject("attributes")),
        body.optionalStringList("tags", 50, 64));
    store.write(() -> customers.patch(id, patch)).onSuccess(customer -> Responses.ok(ctx, Views.customer(customer))).onFailure(ctx::fail);
  }

  private void merge(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    String otherId = Requests.body(ctx).requiredString("otherId", 64);
    if (!Ids.looksLikeId(otherId)) {
      throw new NotFoundException("customer", otherId);
    }
    var actor = Requests.principal(ctx).actor();
    store.writeAndPublish(() -> service.merge(id, otherId, actor))
        .onSuccess(survivor -> Responses.ok(ctx, Views.customer(survivor)))
        .onFailure(ctx::fail);
  }

  private void conversations(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> service.conversationsOf(id, cursor, limit))
        .onSuccess(page -> Responses.page(ctx, page.map(Views::conversation)))
        .onFailure(ctx::fail);
  }

  /** Attribute names are plain identifiers (they become field paths); a null value removes the attribute. */
  private static Map<String, Object> attributes(JsonInput attributes) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (attributes == null) {
      return values;
    }
    JsonObject raw = attributes.raw();
    if (raw.size() > MAX_ATTRIBUTES) {
      throw InputRejectedException.invalid("attributes", "at most " + MAX_ATTRIBUTES + " attributes per request");
    }
    for (String key : raw.fieldNames()) {
      if (!ATTRIBUTE_KEY.matcher(key).matches()) {
        throw InputRejectedException.invalid("attributes." + key, "attribute names start with a letter and contain letters, digits, '_' or '-' (at most 64)");
      }
      Object value = raw.getValue(key);
      values.put(key, toStorable(value, "attributes." + key));
    }
    return values;
  }

  private static Object toStorable(Object value, String field) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      if (value instanceof String text && text.length() > 2000) {
        throw InputRejectedException.invalid(field, field + " is longer than 2000 characters");
      }
      return value;
    }
    if (value instanceof JsonObject object) {
      return Document.parse(object.encode());
    }
    if (value instanceof io.vertx.core.json.JsonArray array) {
      return Document.parse(new JsonObject().put("v", array).encode()).get("v");
    }
    throw InputRejectedException.invalid(field, field + " has an unsupported type");
  }
}
