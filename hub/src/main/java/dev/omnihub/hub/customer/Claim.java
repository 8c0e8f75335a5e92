package dev.omnihub.hub.customer;

import java.time.Instant;

/**
 * An identity a customer said is theirs without proof (an email typed into the widget); never used to
 * find or merge them.
 *
 * @param key    the identity's normalized key
 * @param source where it was said ({@code widget})
 */
public record Claim(String key, String kind, String value, String source, Instant at) {
}
