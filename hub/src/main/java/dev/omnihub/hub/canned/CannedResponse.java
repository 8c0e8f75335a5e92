package dev.omnihub.hub.canned;

import java.time.Instant;

/**
 * A prepared answer agents pick in the composer ({@code /shortcut}) and rules send by id.
 *
 * @param text with placeholders such as {@code {{customer.firstName}}} ({@link Placeholders})
 * @param locale the language it is written in ({@code en}, {@code zh}), or {@code null}
 */
public record CannedResponse(String id, String shortcut, String title, String text, String locale, Instant createdAt, Instant updatedAt) {
}
