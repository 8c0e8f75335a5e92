package dev.omnihub.hub.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A person the business talks to, on any channel.
 *
 * @param identities  every identity key that leads to this customer
 * @param attributes  free-form facts set by agents and integrations (plan, company, ...)
 * @param mergedInto  when this profile was merged into another, that one's id; the API follows it
 * @param mergedFrom  profiles merged into this one
 * @param contacts    per channel id, the address the customer last wrote from on it
 *                    where an answer on that channel goes
 * @param claims      identities the customer said are theirs without proof (an email typed into the widget)
 * @param consent     what the customer agreed to ({@code marketing.sms}, set by STOP/START, and
 *                    {@code updatedAt}), or {@code null}
 */
public record Customer(
    String id,
    String name,
    List<String> identities,
    Map<String, Object> attributes,
    List<String> tags,
    Instant createdAt,
    Instant updatedAt,
    long version,
    String mergedInto,
    List<String> mergedFrom,
    Map<String, ContactAddress> contacts,
    List<Claim> claims,
    Map<String, Object> consent) {

  /** The address the customer last wrote from on a channel, or {@code null}. */
  public ContactAddress contactOn(String channelId) {
    return contacts.get(channelId);
  }

  /** Whether an identity (a normalized key) is a claim of this customer, unproven. */
  public boolean claims(String identityKey) {
    return claims.stream().anyMatch(claim -> identityKey.equals(claim.key()));
  }

  public boolean merged() {
    return mergedInto != null;
  }
}
