package dev.omnihub.adapters.spi;

/**
 * A file that came with a message, referenced by URL (the hub copies content it must keep).
 *
 * @param size bytes, or -1 when the channel does not say
 */
public record Attachment(String fileName, String contentType, long size, String url) {
  public Attachment {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("attachment url must not be blank");
    }
    contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
  }
}
