package dev.omnihub.adapters.chat;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.InputRejectedException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A widget frame as read from its text, with a message's file decoded: the parts of handling a frame
 * that cost in proportion to its size, so that a long one can be read off the event loop.
 *
 * @param frame        the JSON object, or {@code null} when the text is not one
 * @param files        a message's file, decoded (empty for other frames or without a file)
 * @param fileRejected why a message's file was refused (malformed, too large), or {@code null}
 */
record DecodedFrame(JsonObject frame, List<Attachment> files, InputRejectedException fileRejected) {

  /** Never throws: what is wrong is kept for the socket to answer. */
  static DecodedFrame of(String text, int maxAttachmentBytes) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException e) {
      return new DecodedFrame(null, List.of(), null);
    }
    if (!"message".equals(frame.getValue("type"))) {
      return new DecodedFrame(frame, List.of(), null);
    }
    try {
      return new DecodedFrame(frame, WidgetAttachment.read(frame.getValue("attachment"), maxAttachmentBytes), null);
    } catch (InputRejectedException rejected) {
      return new DecodedFrame(frame, List.of(), rejected);
    }
  }
}
