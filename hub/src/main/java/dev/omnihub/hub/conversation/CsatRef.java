package dev.omnihub.hub.conversation;

import java.time.Instant;

/** The customer's answer to the conversation's satisfaction survey: a score from 1 to 5, maybe a comment. */
public record CsatRef(int score, String comment, Instant at) {
}
