package dev.omnihub.adapters.email;

/**
 * A file carried by a mail.
 *
 * @param fileName    decoded (RFC 2047 and RFC 2231), or a name made up from the type when the mail has none
 * @param contentId   the {@code Content-ID} an inline image is referenced by in the HTML, or {@code null}
 */
public record MailAttachment(String fileName, String contentType, boolean inline, String contentId, byte[] content) {

  public long size() {
    return content.length;
  }
}
