package dev.omnihub.hub.bots;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A bot that answers first on its channels: it gets signed events of the conversations it handles at
 * {@code webhookUrl}, answers through the conversation API with its own token, and hands off to
 * humans (or is handed off when it fails or stays silent longer than {@code timeout}).
 *
 * @param secret  signs the events it receives (the api channel's scheme)
 * @param tokenId the API token it answers with
 */
public record Bot(String id, String name, String webhookUrl, List<String> channelIds, String secret, String tokenId, Duration timeout,
    Instant createdAt) {
}
