package dev.omnihub.hub.privacy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.errors.ConflictException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/** The profiles that make up one person: the current one and, transitively, those merged into it. */
final class CustomerProfiles {

  private static final int MAX_MERGE_DEPTH = 16;

  private CustomerProfiles() {
  }

  /**
   * @param verb what the caller does, for the error ("erase", "export")
   * @throws NotFoundException when there is no such customer
   * @throws ConflictException when the profile was merged into another: the person is that one now
   */
  static List<String> of(MongoCollection<Document> customers, String customerId, String verb) {
    Document customer = customers.find(Filters.eq("_id", customerId)).first();
    if (customer == null) {
      throw new NotFoundException("customer", customerId);
    }
    if (customer.getString("mergedInto") != null) {
      throw new ConflictException("customer_merged", "this profile was merged into " + customer.getString("mergedInto")
          + "; " + verb + " that one, which holds its conversations now");
    }
    Set<String> found = new LinkedHashSet<>(List.of(customerId));
    List<String> frontier = List.of(customerId);
    for (int depth = 0; depth < MAX_MERGE_DEPTH && !frontier.isEmpty(); depth++) {
      frontier = customers.find(Filters.in("mergedInto", frontier)).projection(new Document("_id", 1))
          .map(doc -> doc.getString("_id")).into(new ArrayList<>()).stream().filter(found::add).toList();
    }
    return List.copyOf(found);
  }
}
