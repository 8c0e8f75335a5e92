package dev.omnihub.adapters.email;

/**
 * What a delivery status notification ({@code multipart/report; report-type=delivery-status}, RFC
 * 3464) says about a mail we sent.
 *
 * @param originalMessageId the {@code Message-ID} of the mail it reports on, from its returned
 *                          headers, or {@code null} when the report does not include them
 * @param recipient         the {@code Final-Recipient} address, or {@code null}
 * @param action            {@code failed}, {@code delayed}, {@code delivered}, {@code relayed} or
 *                          {@code expanded} (lower case), or {@code null}
 * @param status            the enhanced status code ({@code 5.1.1}), or {@code null}
 * @param diagnostic        the remote server's answer ({@code Diagnostic-Code}), or {@code null}
 */
public record MailBounce(String originalMessageId, String recipient, String action, String status, String diagnostic) {

  /** The mail will never arrive: the action is {@code failed}, or a 5.x.x status without an action. */
  public boolean permanent() {
    return "failed".equals(action) || (action == null && status != null && status.startsWith("5"));
  }

  /** A line for the delivery's {@code lastError}. */
  public String reason() {
    StringBuilder reason = new StringBuilder("bounced");
    if (recipient != null) {
      reason.append(" for ").append(recipient);
    }
    if (status != null) {
      reason.append(" (").append(status).append(")");
    }
    if (diagnostic != null) {
      reason.append(": ").append(diagnostic);
    }
    return reason.toString();
  }
}
