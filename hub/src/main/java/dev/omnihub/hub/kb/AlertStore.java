package dev.omnihub.hub.kb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@code alerts}: supervisor alerts (API.md "Alerts"), newest first. Blocking. */
public final class AlertStore {

  /** One example question of an alert. */
  public record Example(String conversationId, String text) {
  }

  private final MongoCollection<Document> alerts;

  public AlertStore(MongoStore store) {
    this.alerts = store.collection(Collections.ALERTS);
  }

  /** Stores a trending-question alert. @return it as the API shows it */
  public JsonObject trending(String title, int questions, List<String> customerIds, List<Example> examples, String articleId, Instant at) {
    Document alert = new Document("_id", Ids.newId()).append("type", "trending").append("at", Docs.date(at)).append("title", title)
        .append("count", questions).append("customers", customerIds)
        .append("examples", examples.stream().map(example -> new Document("conversationId", example.conversationId())
            .append("text", example.text())).toList())
        .append("articleId", articleId);
    alerts.insertOne(alert);
    return view(alert);
  }

  /** Stores an alert a rule raised about a conversation ({@code notify}). @return it as the API shows it */
  public JsonObject ruleNotice(String text, String ruleId, String conversationId, String customerId, Instant at) {
    Document alert = new Document("_id", Ids.newId()).append("type", "rule").append("at", Docs.date(at)).append("title", text)
        .append("count", 1).append("customers", customerId == null ? List.of() : List.of(customerId))
        .append("examples", List.of(new Document("conversationId", conversationId).append("text", text))).append("ruleId", ruleId);
    alerts.insertOne(alert);
    return view(alert);
  }

  /** Alerts raised at or after {@code since} (all when {@code null}), newest first. */
  public Page<JsonObject> list(Instant since, PageCursor cursor, int limit) {
    List<Bson> clauses = new ArrayList<>();
    if (since != null) {
      clauses.add(Filters.gte("at", Docs.date(since)));
    }
    if (cursor != null) {
      clauses.add(cursor.afterDescending("at"));
    }
    List<Document> fetched = alerts.find(clauses.isEmpty() ? new Document() : Filters.and(clauses)).sort(Sorts.descending("at", "_id"))
        .limit(limit + 1).into(new ArrayList<>());
    return Page.fromDocuments(fetched, limit, "at", AlertStore::view);
  }

  private static JsonObject view(Document alert) {
    JsonArray examples = new JsonArray();
    for (Document example : alert.getList("examples", Document.class)) {
      examples.add(new JsonObject().put("conversationId", example.getString("conversationId")).put("text", example.getString("text")));
    }
    JsonObject view = new JsonObject().put("id", alert.getString("_id")).put("type", alert.getString("type"))
        .put("at", Docs.instant(alert, "at").toString()).put("title", alert.getString("title")).put("count", alert.getInteger("count"))
        .put("customers", new JsonArray(Docs.strings(alert, "customers"))).put("examples", examples);
    if (alert.getString("articleId") != null) {
      view.put("articleId", alert.getString("articleId"));
    }
    if (alert.getString("ruleId") != null) {
      view.put("ruleId", alert.getString("ruleId"));
    }
    return view;
  }
}
