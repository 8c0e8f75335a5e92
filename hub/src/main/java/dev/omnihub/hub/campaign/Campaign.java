package dev.omnihub.hub.campaign;

import dev.omnihub.hub.audit.Actor;
import java.time.Instant;
import java.util.List;

/**
 * A proactive message to an audience: written once per targeted customer, in their own thread, at
 * {@code ratePerMinute}, from {@code sendAt}.
 *
 * @param progress where the sends got to: the last customer id handled, in id order ({@code null} before the first)
 * @param counts   the sends' own figures (targeted, sent and each reason to skip), written with {@code progress}
 */
public record Campaign(String id, String name, String channelId, String purpose, CampaignAudience audience, String text, Instant sendAt,
    int ratePerMinute, String status, Actor createdBy, Instant createdAt, Instant startedAt, Instant finishedAt, String progress,
    SendCounts counts) {

  public static final String MARKETING = "marketing";
  public static final String SERVICE = "service";
  public static final List<String> PURPOSES = List.of(MARKETING, SERVICE);

  public static final String SCHEDULED = "scheduled";
  public static final String RUNNING = "running";
  public static final String DONE = "done";
  public static final String CANCELLED = "cancelled";

  public static final int DEFAULT_RATE_PER_MINUTE = 600;
  /** The sender writes at most {@value CampaignSender#MAX_BATCH} sends a second. */
  public static final int MAX_RATE_PER_MINUTE = 12_000;

  /** Whether sends are still to be written. */
  public boolean sending() {
    return SCHEDULED.equals(status) || RUNNING.equals(status);
  }

  /** The figures of the sends, kept exact by writing them with the progress they cover. */
  public record SendCounts(long targeted, long sent, long skippedNoConsent, long skippedOptedOut, long skippedNoAddress) {

    public static final SendCounts NONE = new SendCounts(0, 0, 0, 0, 0);

    SendCounts plus(SendCounts more) {
      return new SendCounts(targeted + more.targeted, sent + more.sent, skippedNoConsent + more.skippedNoConsent,
          skippedOptedOut + more.skippedOptedOut, skippedNoAddress + more.skippedNoAddress);
    }
  }
}
