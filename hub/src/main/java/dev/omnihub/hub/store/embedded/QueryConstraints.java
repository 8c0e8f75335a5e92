package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a query says about single fields, in the form an index can use: equality (or {@code $in}) and
 * range bounds per field, read from the top level and from nested {@code $and}. Anything else
 * ({@code $or}, {@code $ne}, regular expressions, equality with an array or a document, ...) is
 * <em>residual</em>: it narrows nothing here. Every document an index scan returns is matched against
 * the whole query afterwards, so a scan only has to return a superset of the matches; the constraints
 * are used only where that holds.
 */
final class QueryConstraints {

  /** What one field must satisfy; {@code equals == null} when there is no equality on it. */
  static final class Field {
    List<Object> equals;
    Object lower;
    boolean lowerInclusive;
    Object upper;
    boolean upperInclusive;

    boolean hasRange() {
      return lower != null || upper != null;
    }
  }

  private final Map<String, Field> fields = new LinkedHashMap<>();
  private boolean residual;

  private QueryConstraints() {
  }

  static QueryConstraints of(Document query) {
    QueryConstraints constraints = new QueryConstraints();
    if (query != null) {
      constraints.readClause(query);
    }
    return constraints;
  }

  Field field(String path) {
    return fields.get(path);
  }

  /** Single-valued equality on the field: it has one value in every match, so it does not change the order. */
  boolean isFixed(String path) {
    Field field = fields.get(path);
    return field != null && field.equals != null && field.equals.size() == 1;
  }

  Collection<String> paths() {
    return fields.keySet();
  }

  /** True when the query holds more than the per-field constraints say. */
  boolean hasResidual() {
    return residual;
  }

  private void readClause(Document clause) {
    for (Map.Entry<String, Object> entry : clause.entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (key.equals("$and") && value instanceof List<?> parts) {
        for (Object part : parts) {
          if (part instanceof Document document) {
            readClause(document);
          } else {
            residual = true;
          }
        }
      } else if (key.startsWith("$")) {
        residual = true;
      } else if (isOperatorDocument(value)) {
        readOperators(key, (Document) value);
      } else if (isIndexable(value)) {
        addEquals(key, java.util.Collections.singletonList(value));
      } else {
        residual = true;
      }
    }
  }

  private void readOperators(String path, Document operators) {
    for (Map.Entry<String, Object> entry : operators.entrySet()) {
      Object operand = entry.getValue();
      switch (entry.getKey()) {
        case "$eq" -> {
          if (isIndexable(operand)) {
            addEquals(path, java.util.Collections.singletonList(operand));
          } else {
            residual = true;
          }
        }
        case "$in" -> {
          if (operand instanceof Collection<?> values && values.stream().allMatch(QueryConstraints::isIndexable)) {
            // Each value once, as the index orders them (0 and 0.0 are one key): two equal values would
            // scan one range twice and return its documents twice.
            java.util.TreeSet<Object> distinct = new java.util.TreeSet<>(ValueOrder::compare);
            distinct.addAll(values);
            addEquals(path, new ArrayList<>(distinct));
          } else {
            residual = true;
          }
        }
        case "$gt", "$gte" -> addBound(path, operand, true, entry.getKey().equals("$gte"));
        case "$lt", "$lte" -> addBound(path, operand, false, entry.getKey().equals("$lte"));
        default -> residual = true;
      }
    }
  }

  private void addEquals(String path, List<Object> values) {
    Field field = fields.computeIfAbsent(path, p -> new Field());
    if (field.equals != null || field.hasRange()) {
      // Two constraints on one field: either one alone finds a superset; the matcher checks both.
      residual = true;
      if (field.equals != null) {
        return;
      }
    }
    field.equals = values;
  }

  private void addBound(String path, Object value, boolean isLower, boolean inclusive) {
    if (!isRangeable(value)) {
      residual = true;
      return;
    }
    Field field = fields.computeIfAbsent(path, p -> new Field());
    boolean taken = isLower ? field.lower != null : field.upper != null;
    if (taken || field.equals != null) {
      residual = true;
      return;
    }
    if (isLower) {
      field.lower = value;
      field.lowerInclusive = inclusive;
    } else {
      field.upper = value;
      field.upperInclusive = inclusive;
    }
  }

  private static boolean isOperatorDocument(Object value) {
    return value instanceof Document document && !document.isEmpty() && document.keySet().iterator().next().startsWith("$");
  }

  /** Values whose equality the index answers exactly as the matcher does. */
  private static boolean isIndexable(Object value) {
    return value == null || isRangeable(value) || value instanceof Boolean;
  }

  private static boolean isRangeable(Object value) {
    return value instanceof String || value instanceof Number || value instanceof Instant || value instanceof ObjectId
        || value instanceof java.util.UUID;
  }
}
