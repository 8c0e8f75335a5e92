package dev.omnihub.hub.customer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.secrets.SecretBox;
import dev.omnihub.hub.secrets.SecretUnreadableException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;

/**
 * Field-level encryption of the customer attributes an admin marks sensitive (an ID or passport
 * number): their values are sealed with AES-GCM under the hub's secrets key, which is not in the store
 * ({@code SECRETS_KEY} or {@code DATA_DIR/secrets.key}), so a copy of the database does not show them.
 * Every view masks them as {@value #MASK}; the API opens them only for the roles the policy allows
 * (supervisors by default) and in exports. Blocking where it reads or writes.
 */
public final class SensitiveAttributes {

  public static final String MASK = "********";
  private static final String SETTINGS_ID = "privacy";
  private static final Duration POLICY_TTL = Duration.ofSeconds(5);

  /** Which attributes are sealed, and which role (and above) sees them. */
  public record Policy(Set<String> names, Role visibleTo) {

    static final Policy NONE = new Policy(Set.of(), Role.SUPERVISOR);

    public boolean sensitive(String name) {
      return names.contains(name);
    }
  }

  private final MongoCollection<Document> settings;
  private final MongoCollection<Document> customers;
  private final MongoCollection<Document> events;
  private final MongoCollection<Document> audit;
  private final SecretBox box;
  private final Clock clock;
  private volatile Policy cached;
  private volatile Instant cachedAt = Instant.MIN;

  public SensitiveAttributes(MongoStore store, SecretBox box, Clock clock) {
    this.settings = store.collection(Collections.SETTINGS);
    this.customers = store.collection(Collections.CUSTOMERS);
    this.events = store.collection(Collections.EVENTS);
    this.audit = store.collection(Collections.AUDIT);
    this.box = box;
    this.clock = clock;
  }

  /** The policy, read again every few seconds so every node follows a change. */
  public Policy policy() {
    Policy policy = cached;
    if (policy == null || cachedAt.plus(POLICY_TTL).isBefore(clock.instant())) {
      Document stored = settings.find(Filters.eq("_id", SETTINGS_ID)).first();
      policy = stored == null ? Policy.NONE : new Policy(Set.copyOf(Docs.strings(stored, "sensitiveAttributes")),
          Role.parse(stored.getString("sensitiveAttributesVisibleTo"), "sensitiveAttributesVisibleTo"));
      cached = policy;
      cachedAt = clock.instant();
    }
    return policy;
  }

  /**
   * Sets the policy and seals the values of newly sensitive attributes that are stored in clear.
   * Values of attributes no longer sensitive stay sealed (and readable by those the policy allows)
   * until they are written again.
   *
   * @return how many customers had values sealed
   */
  public long change(Policy policy) {
    settings.replaceOne(Filters.eq("_id", SETTINGS_ID), new Document("_id", SETTINGS_ID)
        .append("sensitiveAttributes", List.copyOf(new TreeSet<>(policy.names())))
        .append("sensitiveAttributesVisibleTo", policy.visibleTo().wireName()), new ReplaceOptions().upsert(true));
    cached = policy;
    cachedAt = clock.instant();
    long sealed = 0;
    for (String name : policy.names()) {
      sealed += sealStored(customers, "attributes", name);
      // Copies kept elsewhere: a merge's record of the profile it undoes, and logged profile changes.
      sealStored(audit, "details.loserProfile.attributes", name);
      String logged = "payload.customer.attributes." + name;
      events.updateMany(Filters.and(Filters.exists(logged), Filters.ne(logged, MASK)), Updates.set(logged, MASK));
    }
    return sealed;
  }

  /** Seals one attribute's clear values in a collection, where {@code path} leads to the attributes. */
  private long sealStored(MongoCollection<Document> collection, String path, String name) {
    String field = path + "." + name;
    long sealed = 0;
    for (Document holder : collection.find(Filters.and(Filters.exists(field), Filters.not(Filters.regex(field, "^enc:v1:"))))
        .projection(new Document(field, 1))) {
      Object value = holder.getEmbedded(List.of(path.split("\\.")), Document.class).get(name);
      if (value != null) {
        collection.updateOne(Filters.eq("_id", holder.get("_id")), Updates.set(field, seal(name, value)));
        sealed++;
      }
    }
    return sealed;
  }

  /** The attributes as they are to be stored: sensitive values sealed. */
  public Map<String, Object> sealing(Map<String, Object> attributes) {
    Policy policy = policy();
    Map<String, Object> stored = new LinkedHashMap<>();
    attributes.forEach((name, value) -> stored.put(name, value != null && policy.sensitive(name) ? seal(name, value) : value));
    return stored;
  }

  /** Whether the principal may see sensitive values in clear. */
  public boolean visibleTo(Principal principal) {
    return principal.has(policy().visibleTo());
  }

  /** The attributes with sealed values opened (for those the policy allows and for exports). */
  public Map<String, Object> opened(Map<String, Object> attributes) {
    Map<String, Object> opened = new java.util.LinkedHashMap<>();
    attributes.forEach((name, value) -> opened.put(name, isSealed(value) ? open(name, (String) value) : value));
    return opened;
  }

  /** The attributes with sealed values masked: what every view shows. */
  public static Map<String, Object> masked(Map<String, Object> attributes) {
    if (attributes.values().stream().noneMatch(SensitiveAttributes::isSealed)) {
      return attributes;
    }
    Map<String, Object> masked = new java.util.LinkedHashMap<>();
    attributes.forEach((name, value) -> masked.put(name, isSealed(value) ? MASK : value));
    return masked;
  }

  public static boolean isSealed(Object value) {
    return value instanceof String text && SecretBox.isSealed(text);
  }

  private String seal(String name, Object value) {
    return box.seal(new Document("v", value).toJson(), context(name));
  }

  private Object open(String name, String sealed) {
    try {
      return Document.parse(box.open(sealed, context(name))).get("v");
    } catch (SecretUnreadableException e) {
      // Sealed under another key (SECRETS_KEY changed): nobody can read it; show it masked.
      return MASK;
    }
  }

  /** Bound to the attribute's name, not the customer: a merge moves values between profiles. */
  private static String context(String name) {
    return "customer-attribute:" + name;
  }
}
