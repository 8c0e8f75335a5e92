package dev.omnihub.adapters.chat;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The embeddable widget ({@code widget/widget.js} on the class path), read once at start. */
final class WidgetScript {

  private static final String RESOURCE = "/widget/widget.js";

  private WidgetScript() {
  }

  static Buffer load() {
    try (InputStream in = WidgetScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the widget script " + RESOURCE + " is missing from the build");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
