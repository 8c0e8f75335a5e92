package dev.omnihub.hub.timeline;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened to a customer outside the conversations (an order placed, a return requested
 * in the app, a store visit), posted by the business's systems.
 *
 * @param externalId the poster's id for it: posting it again changes nothing
 * @param data       the poster's details, kept as given
 */
public record TimelineEvent(String id, String customerId, String type, String title, Instant occurredAt, String externalId,
    Map<String, Object> data,
    Instant createdAt) {
}
