package dev.omnihub.hub.conversation;

/**
 * A file listed on a message: either kept by the hub ({@code id} set, served at {@code url}) or only
 * linked to where the channel keeps it ({@code id} {@code null}).
 *
 * @param inline    for a kept file: whether the message's HTML shows it in place ({@code null} for a link)
 * @param contentId for an inline file: the {@code cid:} the HTML refers to it by, or {@code null}
 * @param erased    the customer was erased: only a placeholder is left, so the thread still shows a file was there
 */
public record ListedAttachment(String id, String url, String fileName, String contentType, long size, Boolean inline, String contentId,
    boolean erased) {

  public boolean kept() {
    return id != null;
  }
}
