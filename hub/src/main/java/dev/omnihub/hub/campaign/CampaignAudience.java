package dev.omnihub.hub.campaign;

import com.mongodb.client.model.Filters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.conversions.Bson;

/**
 * Who a campaign is for: current customer profiles (not merged into another) with every one of
 * {@code tags}, every attribute equal to {@code attributes}, and, when {@code customerIds} is given,
 * one of those (resolved to their current profiles when the campaign was created, sorted, each once).
 * At least one of the three is given: a campaign never goes to everyone by omission.
 */
public record CampaignAudience(List<String> tags, Map<String, Object> attributes, List<String> customerIds) {

  public CampaignAudience {
    tags = List.copyOf(tags);
    attributes = Map.copyOf(attributes);
    customerIds = customerIds == null ? null : List.copyOf(customerIds);
  }

  /** The query of the audience's customers whose id comes after {@code after} (all of them for {@code null}). */
  Bson customersAfter(String after, List<String> idsOfPage) {
    List<Bson> filters = new ArrayList<>();
    filters.add(Filters.exists("mergedInto", false));
    if (idsOfPage != null) {
      filters.add(Filters.in("_id", idsOfPage));
    } else if (after != null) {
      filters.add(Filters.gt("_id", after));
    }
    if (!tags.isEmpty()) {
      filters.add(Filters.all("tags", tags));
    }
    attributes.forEach((name, value) -> filters.add(Filters.eq("attributes." + name, value)));
    return Filters.and(filters);
  }

  /** The listed customers after {@code after}, at most {@code limit}; {@code null} when the audience is not a list of ids. */
  List<String> listedAfter(String after, int limit) {
    if (customerIds == null) {
      return null;
    }
    int from = 0;
    if (after != null) {
      int found = java.util.Collections.binarySearch(customerIds, after);
      from = found >= 0 ? found + 1 : -found - 1;
    }
    return customerIds.subList(from, Math.min(customerIds.size(), from + limit));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("tags", new JsonArray(tags)).put("attributes", new JsonObject(new java.util.LinkedHashMap<>(attributes)));
    if (customerIds != null) {
      json.put("customerIds", new JsonArray(customerIds));
    }
    return json;
  }
}
