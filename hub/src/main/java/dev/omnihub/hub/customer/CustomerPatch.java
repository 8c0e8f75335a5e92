package dev.omnihub.hub.customer;

import java.util.List;
import java.util.Map;

/**
 * An edit of a customer profile.
 *
 * @param name       a new name, "" to clear it, or {@code null} to leave it
 * @param attributes keys to set; a {@code null} value removes the key
 * @param tags       the new tag list, or {@code null} to leave it
 */
public record CustomerPatch(String name, Map<String, Object> attributes, List<String> tags) {
  public CustomerPatch {
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
  }
}
