package dev.omnihub.adapters.spi;

/**
 * A file that came with a message: either referenced by URL (a provider keeps it), or carried with its
 * content (a mail's attachment), which the hub stores.
 *
 * @param size      bytes, or -1 when the channel does not say
 * @param url       where the channel keeps it, or {@code null} when {@code content} carries it
 * @param content   the file itself, or {@code null} when it is only referenced
 * @param inline    shown inside the message body (an email's inline image) rather than listed
 * @param contentId the id the body refers to it by ({@code cid:} in an email's HTML), or {@code null}
 */
public record Attachment(String fileName, String contentType, long size, String url, byte[] content, boolean inline, String contentId) {
  public Attachment {
    if ((url == null || url.isBlank()) && content == null) {
      throw new IllegalArgumentException("an attachment needs a url or its content");
    }
    contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
    size = content != null ? content.length : size;
  }

  /** A file the channel keeps at a URL. */
  public Attachment(String fileName, String contentType, long size, String url) {
    this(fileName, contentType, size, url, null, false, null);
  }

  /** A file carried with the message, for the hub to store. */
  public static Attachment carried(String fileName, String contentType, byte[] content, boolean inline, String contentId) {
    return new Attachment(fileName, contentType, content.length, null, content, inline, contentId);
  }
}
