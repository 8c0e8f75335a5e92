package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerPatch;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityKey;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.customer.SensitiveAttributes;
import dev.omnihub.hub.events.CustomerChanged;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.service.CustomerService;
import dev.omnihub.hub.store.ClientDocuments;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code /api/v1/customers}: profiles, lookup by identity, edits and merges. */
final class CustomerRoutes {

  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,63}$");
  private static final int MAX_ATTRIBUTES = 100;

  private final PublishingStore store;
  private final CustomerStore customers;
  private final CustomerService service;
  private final IdentityNormalizer normalizer;
  private final SensitiveAttributes sensitive;

  CustomerRoutes(PublishingStore store, CustomerStore customers, CustomerService service, IdentityNormalizer normalizer,
      SensitiveAttributes sensitive) {
    this.sensitive = sensitive;
    this.store = store;
    this.customers = customers;
    this.service = service;
    this.normalizer = normalizer;
  }

  void mount(Router router, Authentication auth, ScopeGate scope) {
    router.get("/api/v1/customers").handler(auth.require(Role.AGENT)).handler(this::list);
    router.get("/api/v1/customers/:id").handler(auth.require(Role.AGENT)).handler(scope.customer()).handler(this::get);
    router.patch("/api/v1/customers/:id").handler(auth.require(Role.AGENT)).handler(scope.customer()).handler(this::patch);
    // Merging two people's histories is for supervisors: it shows each one's conversations to the other's agents.
    router.post("/api/v1/customers/:id/merge").handler(auth.require(Role.SUPERVISOR)).handler(scope.unscopedOnly()).handler(this::merge);
    router.post("/api/v1/customers/:id/unmerge").handler(auth.require(Role.SUPERVISOR)).handler(scope.unscopedOnly()).handler(this::unmerge);
    router.get("/api/v1/customers/:id/conversations").handler(auth.require(Role.AGENT)).handler(scope.customer()).handler(this::conversations);
  }

  private void list(RoutingContext ctx) {
    String identity = Requests.query(ctx, "identity");
    if (identity != null) {
      // An unencoded '+' in a query string arrives as a space: "phone:+4930..." decodes to "phone: 4930...".
      if (identity.startsWith("phone: ")) {
        identity = "phone:+" + identity.substring("phone: ".length());
      }
      IdentityKey key = normalizer.parseKey(identity, "identity");
      List<String> reachedBy = ScopeGate.channelsOf(ctx);
      store.read(() -> service.findByIdentity(key).filter(found -> reachedBy == null
              || !service.conversationsOf(found.id(), reachedBy, null, 1).items().isEmpty()))
          .onSuccess(found -> {
            found.ifPresent(customer -> ctx.put(AuditRoutes.CUSTOMER, customer.id()));
            Responses.items(ctx, found.map(Views::customer).stream().toList());
          })
          .onFailure(ctx::fail);
      return;
    }
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    List<String> reachedBy = ScopeGate.channelsOf(ctx);
    store.read(() -> customers.list(reachedBy, cursor, limit))
        .onSuccess(page -> Responses.page(ctx, page.map(Views::customer)))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    Principal principal = Requests.principal(ctx);
    store.read(() -> view(customers.require(id), principal)).onSuccess(view -> Responses.ok(ctx, view)).onFailure(ctx::fail);
  }

  private void patch(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    JsonInput body = Requests.body(ctx);
    String name = body.optionalString("name", 200);
    Map<String, Object> attributes = attributes(body.optionalObject("attributes"));
    List<String> tags = body.optionalStringList("tags", 50, 64);
    Principal principal = Requests.principal(ctx);
    store.writeAndPublish(() -> {
      Customer customer = customers.patch(id, new CustomerPatch(name, sensitive.sealing(attributes), tags));
      return new Outcome<>(view(customer, principal), List.of(CustomerChanged.updated(Views.customer(customer))));
    }).onSuccess(view -> Responses.ok(ctx, view)).onFailure(ctx::fail);
  }

  /** The customer's view, with sensitive attributes in clear for the roles the policy allows (blocking). */
  private JsonObject view(Customer customer, Principal principal) {
    JsonObject view = Views.customer(customer);
    return sensitive.visibleTo(principal) ? view.put("attributes", Views.json(sensitive.opened(customer.attributes()))) : view;
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

  /** Undoes a merge from its audit record: {@code otherId} is a profile of its own again. */
  private void unmerge(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    String otherId = Requests.body(ctx).requiredString("otherId", 64);
    if (!Ids.looksLikeId(otherId)) {
      throw new NotFoundException("customer", otherId);
    }
    var actor = Requests.principal(ctx).actor();
    store.writeAndPublish(() -> service.unmerge(id, otherId, actor))
        .onSuccess(survivor -> Responses.ok(ctx, Views.customer(survivor)))
        .onFailure(ctx::fail);
  }

  private void conversations(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    List<String> reachedBy = ScopeGate.channelsOf(ctx);
    store.read(() -> service.conversationsOf(id, reachedBy, cursor, limit))
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
      if (SensitiveAttributes.MASK.equals(value)) {
        // A form sends the masked value back unchanged: the stored value stays.
        continue;
      }
      if (SensitiveAttributes.isSealed(value)) {
        throw InputRejectedException.invalid("attributes." + key, "attributes." + key + " looks like a sealed value; send the value itself");
      }
      values.put(key, toStorable(value, "attributes." + key));
    }
    return values;
  }

  /** Nested attribute values: a few levels, a few hundred values, texts up to 2,000 characters. */
  private static final ClientDocuments.Limits ATTRIBUTE_LIMITS = new ClientDocuments.Limits(5, 500, 2000);

  private static Object toStorable(Object value, String field) {
    return ClientDocuments.toStorable(value, field, ATTRIBUTE_LIMITS);
  }
}
