package dev.omnihub.hub.conversation;

/** The short text an inbox shows for a conversation's last message. */
public final class Preview {

  static final int LENGTH = 140;

  private Preview() {
  }

  /** The stripped text, cut at {@value #LENGTH} characters; a note of the attachments when there is no text. */
  public static String of(String text, int attachments) {
    String stripped = text == null ? "" : text.strip();
    if (stripped.isEmpty()) {
      return "[" + attachments + (attachments == 1 ? " attachment]" : " attachments]");
    }
    return stripped.length() <= LENGTH ? stripped : stripped.substring(0, LENGTH - 1) + "…";
  }
}
