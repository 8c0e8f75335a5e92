package dev.omnihub.hub.customer;

/** An address a customer wrote from: {@code kind} ({@code email}, {@code phone}, ...) and its value. */
public record ContactAddress(String kind, String value) {
}
