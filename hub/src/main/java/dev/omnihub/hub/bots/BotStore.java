package dev.omnihub.hub.bots;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.omnihub.hub.secrets.SecretBox;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/** {@code bots}; a bot's secret is stored sealed, as channel secrets are. Blocking. */
public final class BotStore {

  private final MongoCollection<Document> bots;
  private final SecretBox secrets;

  public BotStore(MongoStore store, SecretBox secrets) {
    this.bots = store.collection(Collections.BOTS);
    this.secrets = secrets;
  }

  public void insert(Bot bot) {
    bots.insertOne(new Document("_id", bot.id()).append("name", bot.name()).append("webhookUrl", bot.webhookUrl())
        .append("channelIds", bot.channelIds()).append("secret", secrets.seal(bot.secret(), context(bot.id())))
        .append("tokenId", bot.tokenId()).append("timeoutSeconds", bot.timeout().toSeconds()).append("createdAt", Docs.date(bot.createdAt())));
  }

  public Optional<Bot> find(String id) {
    return Optional.ofNullable(bots.find(Filters.eq("_id", id)).first()).map(this::toBot);
  }

  /** The bot that answers first on this channel (the oldest, if several list it). */
  public Optional<Bot> forChannel(String channelId) {
    return Optional.ofNullable(bots.find(Filters.eq("channelIds", channelId)).sort(Sorts.ascending("createdAt")).first()).map(this::toBot);
  }

  public List<Bot> list() {
    return bots.find().sort(Sorts.ascending("createdAt")).map(this::toBot).into(new ArrayList<>());
  }

  private Bot toBot(Document document) {
    return new Bot(document.getString("_id"), document.getString("name"), document.getString("webhookUrl"),
        Docs.strings(document, "channelIds"), secrets.open(document.getString("secret"), context(document.getString("_id"))),
        document.getString("tokenId"), Duration.ofSeconds(Docs.longValue(document, "timeoutSeconds")), Docs.instant(document, "createdAt"));
  }

  private static String context(String botId) {
    return "bot:" + botId;
  }
}
