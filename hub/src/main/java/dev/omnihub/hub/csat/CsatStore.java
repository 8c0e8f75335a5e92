package dev.omnihub.hub.csat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;

/** {@code csat_surveys}: each survey and its answer; answering is a conditional update, so a survey takes one answer. Blocking. */
final class CsatStore {

  private final MongoCollection<Document> surveys;

  CsatStore(MongoStore store) {
    this.surveys = store.collection(Collections.CSAT_SURVEYS);
  }

  /** @return false when this resolution's survey exists already */
  boolean schedule(CsatSurvey survey, Instant at) {
    try {
      surveys.insertOne(new Document("_id", survey.id()).append("conversationId", survey.conversationId())
          .append("customerId", survey.customerId()).append("channelId", survey.channelId()).append("channelType", survey.channelType())
          .append("agentId", survey.agentId()).append("queueId", survey.queueId()).append("question", survey.question())
          .append("status", CsatSurvey.SCHEDULED).append("dueAt", Docs.date(survey.dueAt())).append("createdAt", Docs.date(at)));
      return true;
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Whether the customer was asked (or is about to be) since then. */
  boolean askedSince(String customerId, Instant since) {
    return surveys.find(Filters.and(Filters.eq("customerId", customerId), Filters.gte("createdAt", Docs.date(since)),
        Filters.ne("status", CsatSurvey.CANCELLED))).projection(new Document("_id", 1)).first() != null;
  }

  Optional<CsatSurvey> find(String id) {
    return Optional.ofNullable(surveys.find(Filters.eq("_id", id)).first()).map(CsatStore::toSurvey);
  }

  void sent(String id, Instant at, String messageId, String smsKey) {
    surveys.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", CsatSurvey.SCHEDULED)), Updates.combine(
        Updates.set("status", CsatSurvey.SENT), Updates.set("askedAt", Docs.date(at)), Updates.set("messageId", messageId),
        smsKey == null ? Updates.unset("smsKey") : Updates.set("smsKey", smsKey)));
  }

  void cancel(String id, String reason) {
    surveys.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", CsatSurvey.SCHEDULED)),
        Updates.combine(Updates.set("status", CsatSurvey.CANCELLED), Updates.set("cancelReason", reason)));
  }

  /** @return whether this was the survey's answer (false: it had one, or was never sent) */
  boolean answer(String id, int score, String comment, String via, Instant at) {
    return surveys.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("status", CsatSurvey.SENT)), Updates.combine(
        Updates.set("status", CsatSurvey.ANSWERED), Updates.set("score", score), Updates.set("comment", comment), Updates.set("via", via),
        Updates.set("answeredAt", Docs.date(at)))).getModifiedCount() == 1;
  }

  /** The newest survey sent by SMS to that number on that channel since then and not answered. */
  Optional<CsatSurvey> awaitingSmsAnswer(String smsKey, Instant since) {
    return Optional.ofNullable(surveys.find(Filters.and(Filters.eq("smsKey", smsKey), Filters.eq("status", CsatSurvey.SENT),
        Filters.gte("askedAt", Docs.date(since)))).sort(Sorts.descending("askedAt")).first()).map(CsatStore::toSurvey);
  }

  private static CsatSurvey toSurvey(Document doc) {
    return new CsatSurvey(doc.getString("_id"), doc.getString("conversationId"), doc.getString("customerId"), doc.getString("channelId"),
        doc.getString("channelType"), doc.getString("agentId"), doc.getString("queueId"), doc.getString("question"), doc.getString("status"),
        Docs.instant(doc, "dueAt"), Docs.instant(doc, "askedAt"), doc.getString("smsKey"), Docs.instant(doc, "answeredAt"),
        doc.getInteger("score"), doc.getString("comment"));
  }
}
