package dev.omnihub.hub.customer;

import java.time.Instant;
import java.util.List;
import org.bson.Document;

/**
 * A person the business talks to, on any channel.
 *
 * @param identities  every identity key that leads to this customer
 * @param attributes  free-form facts set by agents and integrations (plan, company, ...)
 * @param mergedInto  when this profile was merged into another, that one's id; the API follows it
 * @param mergedFrom  profiles merged into this one
 */
public record Customer(
    String id,
    String name,
    List<String> identities,
    Document attributes,
    List<String> tags,
    Instant createdAt,
    Instant updatedAt,
    long version,
    String mergedInto,
    List<String> mergedFrom) {

  public boolean merged() {
    return mergedInto != null;
  }
}
