package dev.omnihub.hub.store.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Random documents and query parts over a few fields with few values, so that values collide, types
 * mix (int, long, double, -0.0, NaN, strings, booleans, dates, ids, null), fields go missing, hold
 * arrays (empty, nested) or subdocuments, and the path {@code d.e} reaches into subdocuments and
 * arrays of them.
 */
final class RandomDocuments {

  static final List<String> FIELDS = List.of("a", "b", "c", "d.e", "t");
  /**
   * The one field that also holds empty arrays. It is never a sort key: the server's sort finds two
   * empty arrays unequal, so its order then depends on the order it read the documents in.
   */
  static final String ARRAYS = "t";

  private static final Object[] SCALARS = {
      null, 0, 1, 2, 2L, 3.0, 2.5, -0.0, Double.NaN, "", "a", "b", "c", "ab", true, false,
      new Date(1_700_000_000_000L), new Date(1_700_000_001_000L), new Date(1_600_000_000_000L),
      new ObjectId("65f1c2a9e4b0a1b2c3d4e5f6"), new ObjectId("65f1c2a9e4b0a1b2c3d4e5f7")};

  private final Random random;

  RandomDocuments(Random random) {
    this.random = random;
  }

  Document document(int id) {
    Document document = new Document("_id", id);
    for (String field : List.of("a", "b", "c", "t")) {
      maybePut(document, field);
    }
    switch (random.nextInt(5)) {
      case 0 -> { }
      case 1 -> document.put("d", new Document("e", value()));
      case 2 -> document.put("d", List.of(new Document("e", scalar()), new Document("e", scalar()), new Document("f", 1)));
      case 3 -> document.put("d", scalar());
      default -> document.put("d", new Document("f", scalar()));
    }
    return document;
  }

  private void maybePut(Document document, String field) {
    if (random.nextInt(6) != 0) {
      document.put(field, field.equals(ARRAYS) && random.nextBoolean() ? array(0) : value());
    }
  }

  /** Mostly scalars; sometimes an array or a subdocument. */
  Object value() {
    int kind = random.nextInt(12);
    if (kind == 0) {
      return array(1);
    }
    if (kind == 1) {
      return new Document("x", scalar());
    }
    return scalar();
  }

  Object scalar() {
    return SCALARS[random.nextInt(SCALARS.length)];
  }

  /** A non-null scalar (range operands). */
  Object bound() {
    Object value;
    do {
      value = scalar();
    } while (value == null);
    return value;
  }

  private List<Object> array(int minimumSize) {
    int size = minimumSize + random.nextInt(4 - minimumSize);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      values.add(random.nextInt(8) == 0 ? Arrays.asList(scalar(), scalar()) : scalar());
    }
    return values;
  }

  String field() {
    return FIELDS.get(random.nextInt(FIELDS.size()));
  }

  /** One clause on one field: equality, $in, ranges, and operators no index helps with. */
  Document clause(String field) {
    return switch (random.nextInt(14)) {
      case 0, 1, 2 -> new Document(field, scalar());
      case 3 -> new Document(field, value());
      case 4, 5 -> new Document(field, new Document("$in", Arrays.asList(scalar(), scalar(), scalar())));
      case 6 -> new Document(field, new Document(pick("$gt", "$gte"), bound()));
      case 7 -> new Document(field, new Document(pick("$lt", "$lte"), bound()));
      case 8 -> new Document(field, new Document(pick("$gt", "$gte"), bound()).append(pick("$lt", "$lte"), bound()));
      case 9 -> new Document(field, new Document("$ne", scalar()));
      case 10 -> new Document(field, new Document("$exists", random.nextBoolean()));
      case 11 -> new Document(field, new Document("$nin", Arrays.asList(scalar(), scalar())));
      case 12 -> new Document(field, new Document("$eq", scalar()));
      default -> new Document("$or", List.of(clause(field()), clause(field())));
    };
  }

  /** One to three clauses, at the top level or under an explicit $and. */
  Document filter() {
    int clauses = 1 + random.nextInt(3);
    List<Document> parts = new ArrayList<>();
    for (int i = 0; i < clauses; i++) {
      parts.add(clause(field()));
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    if (random.nextBoolean()) {
      return new Document("$and", parts);
    }
    Document merged = new Document();
    for (Document part : parts) {
      part.forEach(merged::putIfAbsent);
    }
    return merged;
  }

  /** Zero to two sort keys, then _id, so the order is total and a limit picks the same documents. */
  Document sort() {
    Document sort = new Document();
    int keys = random.nextInt(3);
    for (int i = 0; i < keys; i++) {
      String field = field();
      if (!field.equals(ARRAYS)) {
        sort.putIfAbsent(field, random.nextBoolean() ? 1 : -1);
      }
    }
    sort.put("_id", random.nextBoolean() ? 1 : -1);
    return sort;
  }

  Document index() {
    Document keys = new Document();
    int count = 1 + random.nextInt(3);
    while (keys.size() < count) {
      keys.putIfAbsent(field(), random.nextBoolean() ? 1 : -1);
    }
    if (random.nextInt(4) == 0) {
      keys.putIfAbsent("_id", random.nextBoolean() ? 1 : -1);
    }
    return keys;
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  private String pick(String first, String second) {
    return random.nextBoolean() ? first : second;
  }
}
