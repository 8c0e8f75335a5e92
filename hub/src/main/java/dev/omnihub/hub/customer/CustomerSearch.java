package dev.omnihub.hub.customer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.omnihub.hub.store.Docs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Finds customers by what an agent typed ({@link CustomerMatch}), and keeps the text it searches, each
 * profile's {@value CustomerMatch#SEARCH_TEXT}, in step with the profile's name and identities:
 * {@link CustomerStore} refreshes it after each write that changes them. Blocking.
 */
public final class CustomerSearch {

  private static final Bson NAME_AND_IDENTITIES = Projections.include("name", "identities");
  private static final int FILL_BATCH = 1000;

  private final MongoCollection<Document> customers;

  CustomerSearch(MongoCollection<Document> customers) {
    this.customers = customers;
  }

  /**
   * The customers the search names, if there are at most {@code max} candidates: one pass over the
   * profiles, which stops once it has found more (then the caller looks among the customers of the
   * conversations it lists instead, a few at a time).
   *
   * @return their ids, or empty when there are more than {@code max} candidates
   */
  public Optional<List<String>> matching(CustomerMatch match, int max) {
    List<Document> candidates = customers.find(match.candidates()).projection(NAME_AND_IDENTITIES).limit(max + 1)
        .into(new ArrayList<>());
    if (candidates.size() > max) {
      return Optional.empty();
    }
    return Optional.of(candidates.stream().filter(profile -> matches(match, profile)).map(profile -> profile.getString("_id")).toList());
  }

  /** Which of these customers the search names (one read by id). */
  public Set<String> matchingAmong(Collection<String> customerIds, CustomerMatch match) {
    Set<String> found = new HashSet<>();
    customers.find(Filters.and(Filters.in("_id", customerIds), match.candidates())).projection(NAME_AND_IDENTITIES)
        .forEach(profile -> {
          if (matches(match, profile)) {
            found.add(profile.getString("_id"));
          }
        });
    return found;
  }

  private static boolean matches(CustomerMatch match, Document profile) {
    return match.matches(profile.getString("name"), Docs.strings(profile, "identities"));
  }

  /**
   * Makes the profile's search text what its name and identities say now (none for a profile merged
   * into another). The write is made only over the state read, so a change racing with it cannot be
   * overwritten by an older text: that change's own refresh, which comes after it, writes the newer one.
   */
  void refresh(String customerId) {
    Document profile = customers.find(Filters.eq("_id", customerId))
        .projection(Projections.include("name", "identities", "mergedInto", CustomerMatch.SEARCH_TEXT)).first();
    if (profile == null) {
      return;
    }
    String name = profile.getString("name");
    List<String> identities = Docs.strings(profile, "identities");
    String wanted = profile.get("mergedInto") != null ? null : CustomerMatch.searchText(name, identities);
    if (Objects.equals(wanted, profile.getString(CustomerMatch.SEARCH_TEXT))) {
      return;
    }
    Bson asRead = Filters.and(Filters.eq("_id", customerId), Filters.eq("name", name), Filters.eq("identities", identities));
    customers.updateOne(asRead, wanted == null ? Updates.unset(CustomerMatch.SEARCH_TEXT) : Updates.set(CustomerMatch.SEARCH_TEXT, wanted));
  }

  /**
   * Gives every current profile without a search text one (those written before searches existed); run
   * once at start-up, before serving.
   *
   * @return how many it gave one
   */
  public int fillMissing() {
    Bson missing = Filters.and(Filters.exists(CustomerMatch.SEARCH_TEXT, false), Filters.exists("mergedInto", false));
    List<WriteModel<Document>> writes = new ArrayList<>();
    int filled = 0;
    for (Document profile : customers.find(missing).projection(NAME_AND_IDENTITIES)) {
      writes.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", profile.getString("_id")), missing),
          Updates.set(CustomerMatch.SEARCH_TEXT, CustomerMatch.searchText(profile.getString("name"), Docs.strings(profile, "identities")))));
      if (writes.size() == FILL_BATCH) {
        filled += write(writes);
      }
    }
    return writes.isEmpty() ? filled : filled + write(writes);
  }

  private int write(List<WriteModel<Document>> writes) {
    int modified = customers.bulkWrite(writes, new BulkWriteOptions().ordered(false)).getModifiedCount();
    writes.clear();
    return modified;
  }
}
