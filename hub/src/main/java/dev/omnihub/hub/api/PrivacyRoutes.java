package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.SensitiveAttributes;
import dev.omnihub.hub.events.CustomerChanged;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.privacy.PrivacyServices;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A person's data rights (API.md "Privacy", "Consent"): {@code GET /api/v1/customers/{id}/export} and
 * {@code DELETE /api/v1/customers/{id}} for admins, {@code PUT /api/v1/customers/{id}/consent} for
 * anyone who talks to customers (consent is often given on a call).
 */
final class PrivacyRoutes {

  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,63}$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,31}$");
  private static final int MAX_PURPOSES = 20;
  private static final int MAX_CHANNELS = 20;

  private final PublishingStore store;
  private final CustomerStore customers;
  private final PrivacyServices privacy;
  private static final int MAX_SENSITIVE = 100;

  PrivacyRoutes(PublishingStore store, CustomerStore customers, PrivacyServices privacy) {
    this.store = store;
    this.customers = customers;
    this.privacy = privacy;
  }

  void mount(Router router, Authentication auth, ScopeGate scope) {
    router.get("/api/v1/customers/:id/export").handler(auth.require(Role.ADMIN)).handler(this::export);
    router.delete("/api/v1/customers/:id").handler(auth.require(Role.ADMIN)).handler(this::erase);
    router.get("/api/v1/settings/privacy").handler(auth.require(Role.ADMIN)).handler(this::policy);
    router.put("/api/v1/settings/privacy").handler(auth.require(Role.ADMIN)).handler(this::changePolicy);
    router.put("/api/v1/customers/:id/consent").handler(auth.require(Role.AGENT)).handler(scope.customer()).handler(this::consent);
  }

  private void export(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    store.read(() -> privacy.export().export(id)).onSuccess(document -> Responses.ok(ctx, document)).onFailure(ctx::fail);
  }

  private void erase(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    var actor = Requests.principal(ctx).actor();
    store.write(() -> privacy.erasure().erase(id, actor))
        .onSuccess(report -> Responses.ok(ctx, new JsonObject().put("id", id).put("erased", true)
            .put("profiles", report.profiles().size()).put("conversations", report.conversations())
            .put("messages", report.messages()).put("files", report.files())))
        .onFailure(ctx::fail);
  }

  private void policy(RoutingContext ctx) {
    store.read(() -> privacy.sensitive().policy()).onSuccess(policy -> Responses.ok(ctx, view(policy))).onFailure(ctx::fail);
  }

  /** Which customer attributes are encrypted, and who sees them in clear; existing values are sealed at once. */
  private void changePolicy(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    List<String> names = body.optionalStringList("sensitiveAttributes", MAX_SENSITIVE, 64);
    if (names == null) {
      throw InputRejectedException.invalid("sensitiveAttributes", "sensitiveAttributes lists the attribute names to encrypt ([] for none)");
    }
    for (String name : names) {
      if (!ATTRIBUTE_NAME.matcher(name).matches()) {
        throw InputRejectedException.invalid("sensitiveAttributes", "'" + name + "' is not an attribute name");
      }
    }
    String visibleTo = body.optionalChoice("sensitiveAttributesVisibleTo", Role.wireNames());
    var policy = new SensitiveAttributes.Policy(java.util.Set.copyOf(names),
        visibleTo == null ? Role.SUPERVISOR : Role.parse(visibleTo, "sensitiveAttributesVisibleTo"));
    store.write(() -> {
      privacy.sensitive().change(policy);
      return policy;
    }).onSuccess(changed -> Responses.ok(ctx, view(changed))).onFailure(ctx::fail);
  }

  private static JsonObject view(SensitiveAttributes.Policy policy) {
    return new JsonObject().put("sensitiveAttributes", new io.vertx.core.json.JsonArray(policy.names().stream().sorted().toList()))
        .put("sensitiveAttributesVisibleTo", policy.visibleTo().wireName());
  }

  private void consent(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    Map<String, Map<String, Boolean>> consent = consent(Requests.body(ctx));
    store.writeAndPublish(() -> {
      Customer customer = customers.setConsent(id, consent);
      return new Outcome<>(customer, List.of(CustomerChanged.updated(Views.customer(customer))));
    }).onSuccess(customer -> Responses.ok(ctx, Views.customer(customer))).onFailure(ctx::fail);
  }

  /** {@code {"marketing": {"email": true, "sms": false}, ...}}: purposes of channel types of yes/no. */
  private static Map<String, Map<String, Boolean>> consent(JsonInput body) {
    JsonObject raw = body.raw();
    if (raw.isEmpty() || raw.size() > MAX_PURPOSES) {
      throw InputRejectedException.invalid(null, "name 1 to " + MAX_PURPOSES + " purposes, e.g. {\"marketing\": {\"email\": true, \"sms\": false}}");
    }
    Map<String, Map<String, Boolean>> consent = new LinkedHashMap<>();
    for (String purpose : raw.fieldNames()) {
      if (!NAME.matcher(purpose).matches() || "updatedAt".equals(purpose)) {
        throw InputRejectedException.invalid(purpose, "a purpose is a name of letters, digits, '_' or '-' (at most 32)");
      }
      if (!(raw.getValue(purpose) instanceof JsonObject channels) || channels.isEmpty() || channels.size() > MAX_CHANNELS) {
        throw InputRejectedException.invalid(purpose, purpose + " maps channel types to true or false, e.g. {\"email\": true}");
      }
      Map<String, Boolean> answers = new LinkedHashMap<>();
      for (String channel : channels.fieldNames()) {
        if (!NAME.matcher(channel).matches() || !(channels.getValue(channel) instanceof Boolean agreed)) {
          throw InputRejectedException.invalid(purpose + "." + channel, purpose + "." + channel + " must be true or false");
        }
        answers.put(channel, agreed);
      }
      consent.put(purpose, answers);
    }
    return consent;
  }
}
