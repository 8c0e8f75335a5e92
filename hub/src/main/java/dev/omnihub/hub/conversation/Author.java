package dev.omnihub.hub.conversation;

/**
 * Who wrote a message.
 *
 * @param type {@code customer}, {@code agent}, {@code bot} or {@code system}
 * @param id   that author's id; {@code null} for a system line nobody wrote
 * @param name as shown beside the message
 */
public record Author(String type, String id, String name) {

  public static final String CUSTOMER = "customer";
  public static final String AGENT = "agent";
  public static final String SYSTEM = "system";
}
