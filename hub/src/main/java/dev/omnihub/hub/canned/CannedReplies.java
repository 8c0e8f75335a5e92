package dev.omnihub.hub.canned;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;

/** Canned responses filled in for a conversation, as an agent (or a rule) sends them. Blocking: run inside a store read or write. */
public final class CannedReplies {

  private final CannedResponseStore responses;
  private final CustomerStore customers;

  public CannedReplies(CannedResponseStore responses, CustomerStore customers) {
    this.responses = responses;
    this.customers = customers;
  }

  public CannedResponseStore responses() {
    return responses;
  }

  /**
   * The response's text with the conversation's customer, the sender and its ticket filled in.
   *
   * @param field the request field that named it, for the 400 when there is no such response
   */
  public String filled(String cannedResponseId, Conversation conversation, String senderName, String field) {
    CannedResponse response = responses.find(cannedResponseId)
        .orElseThrow(() -> InputRejectedException.invalid(field, "no canned response '" + cannedResponseId + "'"));
    return fill(response.text(), conversation, senderName);
  }

  /** A text with placeholders filled in for the conversation. */
  public String fill(String text, Conversation conversation, String senderName) {
    String customerName = customers.find(conversation.customerId()).map(Customer::name).orElse(null);
    return Placeholders.fill(text, Placeholders.values(customerName, senderName, conversation.ticket() == null ? null
        : conversation.ticket().number()));
  }
}
