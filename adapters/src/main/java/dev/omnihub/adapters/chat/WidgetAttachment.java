package dev.omnihub.adapters.chat;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.FeedMessage;
import dev.omnihub.adapters.spi.InputRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A file in a widget message: {@code {"name", "contentType", "dataBase64"}} from the visitor, checked
 * against the channel's size limit; and the files of a message as the widget lists them, each with
 * the path the visitor downloads it from (with their token).
 */
final class WidgetAttachment {

  private static final Pattern CONTENT_TYPE = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,63}/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,127}$");
  private static final int MAX_NAME = 255;

  private WidgetAttachment() {
  }

  /**
   * @return the file, or none when the frame has no {@code attachment}
   * @throws InputRejectedException {@code invalid_field} for a malformed one, {@code attachment_too_large} over the limit
   */
  static List<Attachment> read(Object value, int maxBytes) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonObject attachment)) {
      throw InputRejectedException.invalid("attachment", "attachment must be an object {name, contentType, dataBase64}");
    }
    Object name = attachment.getValue("name");
    Object contentType = attachment.getValue("contentType");
    Object data = attachment.getValue("dataBase64");
    if (!(name instanceof String fileName) || fileName.isBlank() || fileName.length() > MAX_NAME || fileName.matches(".*[\\x00-\\x1f/\\\\].*")) {
      throw InputRejectedException.invalid("attachment.name", "attachment.name must be a file name of at most " + MAX_NAME
          + " characters, without slashes or control characters");
    }
    if (!(contentType instanceof String type) || !CONTENT_TYPE.matcher(type).matches()) {
      throw InputRejectedException.invalid("attachment.contentType", "attachment.contentType must be a media type such as image/png");
    }
    if (!(data instanceof String base64) || base64.isEmpty()) {
      throw InputRejectedException.invalid("attachment.dataBase64", "attachment.dataBase64 must hold the file, base64-encoded");
    }
    // Checked before decoding: base64 takes 4 characters for every 3 bytes.
    if ((long) base64.length() * 3 / 4 - 2 > maxBytes) {
      throw tooLarge(maxBytes);
    }
    byte[] content;
    try {
      content = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw InputRejectedException.invalid("attachment.dataBase64", "attachment.dataBase64 is not valid base64");
    }
    if (content.length > maxBytes) {
      throw tooLarge(maxBytes);
    }
    return List.of(Attachment.carried(fileName.strip(), type, content, false, null));
  }

  private static InputRejectedException tooLarge(int maxBytes) {
    return InputRejectedException.invalid("attachment_too_large", "attachment", "files up to " + maxBytes + " bytes may be sent here");
  }

  /** A message's files as the widget lists them, each with the path the visitor downloads it from. */
  static JsonArray listed(FeedMessage message, String channelId) {
    JsonArray listed = new JsonArray();
    for (FeedMessage.File file : message.files()) {
      listed.add(new JsonObject().put("name", file.name()).put("contentType", file.contentType())
          .put("size", file.size()).put("url", path(channelId, message.id(), file.index())));
    }
    return listed;
  }

  /** Where the visitor downloads the file (adding {@code ?token=<visitorToken>}). */
  static String path(String channelId, String messageId, int index) {
    return "/api/v1/widget/" + channelId + "/messages/" + messageId + "/attachments/" + index;
  }
}
