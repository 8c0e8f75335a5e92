package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.campaign.Campaign;
import dev.omnihub.hub.campaign.Campaigns;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/campaigns}: supervisors and admins send a proactive message to an audience (by tags,
 * attributes or ids), watch its counts and cancel what is not yet sent.
 */
final class CampaignRoutes {

  private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final int MAX_TEXT = 4_000;

  private final PublishingStore store;
  private final Campaigns campaigns;

  CampaignRoutes(PublishingStore store, Campaigns campaigns) {
    this.store = store;
    this.campaigns = campaigns;
  }

  void mount(io.vertx.ext.web.Router web, Authentication auth, ScopeGate scope) {
    web.post("/api/v1/campaigns").handler(auth.require(Role.SUPERVISOR)).handler(scope.unscopedOnly()).handler(this::create);
    web.get("/api/v1/campaigns").handler(auth.require(Role.SUPERVISOR)).handler(scope.unscopedOnly()).handler(ctx -> {
      var cursor = Requests.cursor(ctx);
      int limit = Requests.limit(ctx);
      store.read(() -> campaigns.list(cursor, limit)).onSuccess(page -> Responses.page(ctx, page.map(CampaignRoutes::view)))
          .onFailure(ctx::fail);
    });
    web.get("/api/v1/campaigns/:id").handler(auth.require(Role.SUPERVISOR)).handler(scope.unscopedOnly()).handler(ctx -> {
      String id = Requests.id(ctx, "id", "campaign");
      store.read(() -> campaigns.show(id)).onSuccess(shown -> Responses.ok(ctx, view(shown))).onFailure(ctx::fail);
    });
    web.post("/api/v1/campaigns/:id/cancel").handler(auth.require(Role.SUPERVISOR)).handler(scope.unscopedOnly()).handler(ctx -> {
      String id = Requests.id(ctx, "id", "campaign");
      store.write(() -> campaigns.cancel(id)).onSuccess(shown -> Responses.ok(ctx, view(shown))).onFailure(ctx::fail);
    });
  }

  private void create(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    String name = body.requiredString("name", 200).strip();
    String channelId = body.requiredString("channelId", 64);
    String purpose = body.optionalChoice("purpose", Campaign.PURPOSES);
    if (purpose == null) {
      throw InputRejectedException.invalid("purpose", "purpose is required: 'marketing' (sent only where the customer consented) or 'service'");
    }
    JsonInput audience = body.requiredObject("audience");
    List<String> tags = audience.optionalStringList("tags", 50, 64);
    Map<String, Object> attributes = attributes(audience.optionalObject("attributes"));
    List<String> customerIds = audience.optionalStringList("customerIds", Campaigns.MAX_LISTED, 64);
    if ((tags == null || tags.isEmpty()) && attributes.isEmpty() && customerIds == null) {
      throw InputRejectedException.invalid("audience", "the audience needs tags, attributes or customerIds; a campaign never goes to everyone by omission");
    }
    String text = CannedResponseRoutes.text(body.requiredString("text", MAX_TEXT));
    Campaigns.Request request = new Campaigns.Request(name, channelId, purpose, tags == null ? List.of() : tags, attributes, customerIds,
        text, body.optionalInstant("sendAt"), body.optionalInt("ratePerMinute", 1, Campaign.MAX_RATE_PER_MINUTE));
    var actor = Requests.principal(ctx).actor();
    store.write(() -> campaigns.create(request, actor)).onSuccess(created -> Responses.created(ctx, view(created))).onFailure(ctx::fail);
  }

  /** Attribute names as customers' attributes are named; values a string, number or boolean. */
  private static Map<String, Object> attributes(JsonInput given) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (given == null) {
      return attributes;
    }
    for (String name : given.raw().fieldNames()) {
      String path = given.pathOf(name);
      Object value = given.raw().getValue(name);
      if (!ATTRIBUTE.matcher(name).matches()) {
        throw InputRejectedException.invalid(path, "an attribute name is 1 to 64 letters, digits, '_' or '-'");
      }
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw InputRejectedException.invalid(path, path + " must be a string, a number or true/false");
      }
      attributes.put(name, value);
    }
    if (attributes.size() > 20) {
      throw InputRejectedException.invalid(given.pathOf(""), "at most 20 attributes");
    }
    return attributes;
  }

  static JsonObject view(Campaigns.Shown shown) {
    Campaign campaign = shown.campaign();
    Campaign.SendCounts counts = campaign.counts();
    return new JsonObject().put("id", campaign.id()).put("name", campaign.name()).put("channelId", campaign.channelId())
        .put("purpose", campaign.purpose()).put("audience", campaign.audience().toJson()).put("text", campaign.text())
        .put("sendAt", text(campaign.sendAt())).put("ratePerMinute", campaign.ratePerMinute()).put("status", campaign.status())
        .put("createdBy", new JsonObject().put("type", campaign.createdBy().type()).put("id", campaign.createdBy().id())
            .put("name", campaign.createdBy().name()))
        .put("createdAt", text(campaign.createdAt())).put("startedAt", text(campaign.startedAt())).put("finishedAt", text(campaign.finishedAt()))
        .put("counts", new JsonObject().put("targeted", counts.targeted()).put("sent", counts.sent()).put("delivered", shown.delivered())
            .put("failed", shown.failed()).put("skippedNoConsent", counts.skippedNoConsent()).put("skippedOptedOut", counts.skippedOptedOut())
            .put("skippedNoAddress", counts.skippedNoAddress()).put("replied", shown.replied()));
  }

  private static String text(java.time.Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
