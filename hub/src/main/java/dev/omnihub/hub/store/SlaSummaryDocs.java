package dev.omnihub.hub.store;

import dev.omnihub.hub.sla.SlaSummary;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** An {@link SlaSummary} as tickets and conversations keep it (their {@code sla} field). */
public final class SlaSummaryDocs {

  private SlaSummaryDocs() {
  }

  public static Document toDocument(SlaSummary sla) {
    List<Document> breaches = sla.breaches().stream().map(breach -> new Document("target", breach.target())
        .append("dueAt", Docs.date(breach.dueAt())).append("at", Docs.date(breach.at()))).toList();
    return new Document("policyId", sla.policyId())
        .append("firstResponseDueAt", Docs.date(sla.firstResponseDueAt()))
        .append("nextResponseDueAt", Docs.date(sla.nextResponseDueAt()))
        .append("resolutionDueAt", Docs.date(sla.resolutionDueAt()))
        .append("firstRespondedAt", Docs.date(sla.firstRespondedAt()))
        .append("breaches", breaches);
  }

  /** @return {@code null} for none */
  public static SlaSummary fromDocument(Document sla) {
    if (sla == null) {
      return null;
    }
    List<SlaSummary.Breach> breaches = new ArrayList<>();
    for (Document breach : sla.getList("breaches", Document.class, List.of())) {
      breaches.add(new SlaSummary.Breach(breach.getString("target"), Docs.instant(breach, "dueAt"), Docs.instant(breach, "at")));
    }
    return new SlaSummary(sla.getString("policyId"), Docs.instant(sla, "firstResponseDueAt"), Docs.instant(sla, "nextResponseDueAt"),
        Docs.instant(sla, "resolutionDueAt"), Docs.instant(sla, "firstRespondedAt"), breaches);
  }
}
