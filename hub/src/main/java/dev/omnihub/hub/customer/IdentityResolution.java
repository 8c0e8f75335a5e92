package dev.omnihub.hub.customer;

import java.util.List;

/**
 * Who sent a message.
 *
 * @param created true when this message created the customer
 * @param merges  profiles merged because the message linked them
 */
public record IdentityResolution(String customerId, boolean created, List<MergeResult> merges) {
}
