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
 * @param contacts    per channel id, the address the customer last wrote from on it
 *                    ({@code {kind, value}}): where an answer on that channel goes
 * @param claims      identities the customer said are theirs without proof (an email typed into the
 *                    widget): {@code {key, kind, value, source, at}}; never used to find or merge them
 * @param consent     what the customer agreed to ({@code marketing.sms}, set by STOP/START), or {@code null}
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
    List<String> mergedFrom,
    Document contacts,
    List<Document> claims,
    Document consent) {

  /** The address the customer last wrote from on a channel, or {@code null}. */
  public Document contactOn(String channelId) {
    return contacts.get(channelId) instanceof Document contact ? contact : null;
  }

  /** Whether an identity (a normalized key) is a claim of this customer, unproven. */
  public boolean claims(String identityKey) {
    return claims.stream().anyMatch(claim -> identityKey.equals(claim.getString("key")));
  }

  public boolean merged() {
    return mergedInto != null;
  }
}
