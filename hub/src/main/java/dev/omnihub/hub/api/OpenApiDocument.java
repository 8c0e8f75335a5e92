package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ChannelType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The OpenAPI document as served: {@code openapi.json}, with every list of channel types (the
 * {@code ChannelType} schema, a message's {@code channel}) being the types this hub's adapters
 * declare, so a channel added by its adapter is documented without an edit here.
 */
public final class OpenApiDocument {

  /** The built-in types the file lists wherever it means "a channel type". */
  private static final Set<String> BUILT_IN = Set.of("api", "chat", "email", "sms", "voice");

  private OpenApiDocument() {
  }

  /**
   * @param served        every channel type the hub's adapters declare
   * @param takeWebhooks  those whose adapters take webhooks (the {@code type} of {@code /webhooks/{type}/...})
   */
  public static Buffer load(List<ChannelType> served, List<ChannelType> takeWebhooks) {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      JsonObject document = new JsonObject(Buffer.buffer(in.readAllBytes()));
      withChannelTypes(document, served.stream().map(ChannelType::wireName).toList());
      withWebhookTypes(document.getJsonObject("paths"), takeWebhooks.stream().map(ChannelType::wireName).toList());
      return document.toBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code type} path parameter of every webhook operation lists the types that take webhooks. */
  private static void withWebhookTypes(JsonObject paths, List<String> types) {
    for (String path : paths.fieldNames()) {
      if (!path.startsWith("/webhooks/{type}/")) {
        continue;
      }
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation && operation.getJsonArray("parameters") != null) {
          operation.getJsonArray("parameters").stream().map(JsonObject.class::cast)
              .filter(parameter -> "type".equals(parameter.getString("name")) && "path".equals(parameter.getString("in")))
              .forEach(parameter -> parameter.getJsonObject("schema").put("enum", new JsonArray(List.copyOf(types))));
        }
      }
    }
  }

  /** Replaces, everywhere in the tree, an enum that lists the built-in channel types by {@code types} (keeping its other values). */
  private static void withChannelTypes(Object node, List<String> types) {
    if (node instanceof JsonObject object) {
      for (String name : List.copyOf(object.fieldNames())) {
        Object value = object.getValue(name);
        if ("enum".equals(name) && value instanceof JsonArray values && values.getList().containsAll(BUILT_IN)) {
          List<Object> replaced = new ArrayList<>(types);
          values.forEach(item -> {
            if (!(item instanceof String type && BUILT_IN.contains(type))) {
              replaced.add(item);
            }
          });
          object.put(name, new JsonArray(replaced));
        } else {
          withChannelTypes(value, types);
        }
      }
    } else if (node instanceof JsonArray array) {
      array.forEach(item -> withChannelTypes(item, types));
    }
  }
}
