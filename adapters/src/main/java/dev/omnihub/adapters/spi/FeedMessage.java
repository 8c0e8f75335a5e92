package dev.omnihub.adapters.spi;

import java.time.Instant;
import java.util.List;

/**
 * A message of a customer's conversation as the customer may see it (never a private note or a system
 * line about agents), handed to a customer-facing channel by its {@link CustomerFeed}.
 *
 * @param direction  {@code inbound} (the customer wrote it) or {@code outbound}
 * @param authorType {@code customer}, {@code agent}, {@code bot} or {@code system}
 * @param authorName the name to show, or {@code null}
 * @param files      the files kept by the hub, each with its place in the message (files a provider
 *                   keeps elsewhere are left out)
 * @param externalId the id the channel gave the message when it came in, or {@code null}
 * @param surveyId   for the hub's satisfaction survey (its {@code text} the question), the survey to
 *                   answer through {@link CustomerAccess#answerSurvey}; else {@code null}
 */
public record FeedMessage(String id, String conversationId, String direction, String authorType, String authorName, String text,
    Instant createdAt, List<File> files, String externalId, String surveyId) {

  public FeedMessage {
    files = files == null ? List.of() : List.copyOf(files);
  }

  public boolean inbound() {
    return "inbound".equals(direction);
  }

  /**
   * A file of the message.
   *
   * @param index its place among the message's files, which is how it is downloaded
   */
  public record File(int index, String name, String contentType, long size) {
  }
}
