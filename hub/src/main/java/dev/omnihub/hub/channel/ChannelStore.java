package dev.omnihub.hub.channel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.secrets.SecretBox;
import dev.omnihub.hub.secrets.SecretUnreadableException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.bson.Document;

/**
 * Configured channels. Credentials are sealed with the {@link SecretBox} before they reach the store
 * and opened when read. Blocking: call through {@link MongoStore}.
 */
public final class ChannelStore {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** How long a webhook may use a channel read earlier; edits on another node show after this. */
  private static final Duration CACHE_TTL = Duration.ofSeconds(5);

  private record Cached(Optional<Channel> channel, long expiresAtNanos) {
  }

  private final MongoCollection<Document> channels;
  private final SecretBox secrets;
  private final Function<ChannelType, Set<String>> credentialSettings;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** @param credentialSettings per channel type, the settings to keep sealed (dotted paths) */
  public ChannelStore(MongoStore store, SecretBox secrets, Function<ChannelType, Set<String>> credentialSettings, Clock clock) {
    this.channels = store.collection(Collections.CHANNELS);
    this.secrets = secrets;
    this.credentialSettings = credentialSettings;
    this.clock = clock;
  }

  /**
   * At start: seals secrets written before they were encrypted, and checks that every sealed one
   * opens, so a wrong or lost key stops start-up instead of failing each webhook.
   *
   * @throws SecretUnreadableException naming the channel whose secret does not open
   * @return how many plain secrets were sealed
   */
  public int sealPlainSecrets() {
    int sealed = 0;
    for (Document doc : channels.find().projection(new Document("secret", 1))) {
      String id = doc.getString("_id");
      String stored = doc.getString("secret");
      if (stored == null) {
        continue;
      }
      if (SecretBox.isSealed(stored)) {
        secrets.open(stored, secretContext(id));
      } else if (channels.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("secret", stored)),
          Updates.set("secret", secrets.seal(stored, secretContext(id)))).getModifiedCount() == 1) {
        sealed++;
      }
    }
    cache.clear();
    return sealed;
  }

  /** Creates a channel with a fresh signing secret. */
  public Channel create(ChannelType type, String name, JsonObject options) {
    Channel channel = new Channel(Ids.newId(), type, name, newSecret(), options, clock.instant());
    channels.insertOne(new Document("_id", channel.id())
        .append("type", type.wireName())
        .append("name", name)
        .append("secret", secrets.seal(channel.secret(), secretContext(channel.id())))
        .append("options", Document.parse(sealCredentials(channel.id(), type, options).encode()))
        .append("createdAt", Docs.date(channel.createdAt())));
    cache.remove(channel.id());
    return channel;
  }

  public Optional<Channel> find(String id) {
    return Optional.ofNullable(channels.find(Filters.eq("_id", id)).first()).map(this::toChannel);
  }

  /**
   * The channel as read at most a few seconds ago: every inbound webhook needs it, and it rarely
   * changes. Edits on this node are seen at once.
   */
  public Optional<Channel> findCached(String id) {
    long now = System.nanoTime();
    Cached cached = cache.get(id);
    if (cached != null && now - cached.expiresAtNanos() < 0) {
      return cached.channel();
    }
    Optional<Channel> channel = find(id);
    if (cache.size() > 10_000) {
      cache.clear(); // unknown ids from a scanner must not grow the map without bound
    }
    cache.put(id, new Cached(channel, now + CACHE_TTL.toNanos()));
    return channel;
  }

  /** @throws NotFoundException when there is no such channel */
  public Channel require(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("channel", id));
  }

  public List<Channel> list() {
    return channels.find().sort(Sorts.ascending("createdAt")).map(this::toChannel).into(new ArrayList<>());
  }

  /** Renames a channel read just before and/or replaces its settings ({@code null}: unchanged). */
  public Channel update(Channel channel, String name, JsonObject options) {
    String id = channel.id();
    List<org.bson.conversions.Bson> updates = new ArrayList<>();
    if (name != null) {
      updates.add(Updates.set("name", name));
    }
    if (options != null) {
      updates.add(Updates.set("options", Document.parse(sealCredentials(id, channel.type(), options).encode())));
    }
    if (!updates.isEmpty()) {
      channels.updateOne(Filters.eq("_id", id), Updates.combine(updates));
      cache.remove(id);
    }
    return require(id);
  }

  /** Replaces the signing secret; senders must switch to the new one. */
  public Channel rotateSecret(String id) {
    require(id);
    channels.updateOne(Filters.eq("_id", id), Updates.set("secret", secrets.seal(newSecret(), secretContext(id))));
    cache.remove(id);
    return require(id);
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private Channel toChannel(Document doc) {
    Document options = Docs.subDocument(doc, "options");
    String id = doc.getString("_id");
    ChannelType type = ChannelType.fromWireName(doc.getString("type"));
    String stored = doc.getString("secret");
    String secret = SecretBox.isSealed(stored) ? secrets.open(stored, secretContext(id)) : stored;
    return new Channel(id, type, doc.getString("name"), secret, openCredentials(id, type, new JsonObject(options.toJson())),
        Docs.instant(doc, "createdAt"));
  }

  /** A copy of the options with each credential setting sealed (a value already sealed stays). */
  private JsonObject sealCredentials(String id, ChannelType type, JsonObject options) {
    JsonObject sealed = options.copy();
    for (String path : credentialSettings.apply(type)) {
      SettingPath.at(sealed, path).ifPresent(setting -> {
        if (setting.value() instanceof String plain && !SecretBox.isSealed(plain)) {
          setting.replace(secrets.seal(plain, settingContext(id, path)));
        }
      });
    }
    return sealed;
  }

  private JsonObject openCredentials(String id, ChannelType type, JsonObject options) {
    for (String path : credentialSettings.apply(type)) {
      SettingPath.at(options, path).ifPresent(setting -> {
        if (setting.value() instanceof String stored && SecretBox.isSealed(stored)) {
          setting.replace(secrets.open(stored, settingContext(id, path)));
        }
      });
    }
    return options;
  }

  private static String settingContext(String channelId, String path) {
    return "channel:" + channelId + ":settings." + path;
  }

  /** Binds a sealed secret to its channel and field. */
  private static String secretContext(String channelId) {
    return "channel:" + channelId + ":secret";
  }
}
