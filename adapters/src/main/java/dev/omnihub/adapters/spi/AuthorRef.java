package dev.omnihub.adapters.spi;

/**
 * Who wrote a message on the business side.
 *
 * @param type one of {@code agent}, {@code bot}, {@code system}
 * @param id   the agent's, bot's or token's id; {@code null} for the system
 * @param name the name to show the customer, or {@code null}
 */
public record AuthorRef(String type, String id, String name) {
}
