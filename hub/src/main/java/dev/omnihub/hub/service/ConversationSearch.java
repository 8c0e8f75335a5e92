package dev.omnihub.hub.service;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationFilter;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.customer.CustomerMatch;
import dev.omnihub.hub.customer.CustomerSearch;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The inbox searched by customer ({@code GET /api/v1/conversations?q=}): the conversations the list's
 * filters keep whose customer the text names ({@link CustomerMatch}), most recent activity first,
 * paged like the list. Two ways, chosen by how many customers the text names:
 * <ul>
 *   <li>up to {@value #FEW_CUSTOMERS} (a name, an address, a number: the common search): their ids, then
 *       their conversations, {@value #CUSTOMERS_PER_READ} customers per read (each read one index scan of
 *       {@code customer_recent}, merged in order), the page taken from the merged reads;
 *   <li>more (two letters, a common first name, a mail domain): their conversations are common, so the
 *       list is read in its own order, {@value #CONVERSATIONS_PER_READ} at a time, keeping those whose
 *       customer the text names, until the page is full or the list ends.
 * </ul>
 * Either way memory holds at most {@value #FEW_CUSTOMERS} ids and a read's worth of conversations,
 * whatever the number of matches: never the ids of 50,000 customers. Blocking: run through the store.
 */
public final class ConversationSearch {

  /** Most customers looked up by id; above, the list is read in order instead. */
  static final int FEW_CUSTOMERS = 1000;
  /** Customers per read of their conversations (the embedded store plans at most 256 ranges per index scan). */
  static final int CUSTOMERS_PER_READ = 250;
  /** Conversations per read while the list is read in order. */
  static final int CONVERSATIONS_PER_READ = 250;

  private final ConversationStore conversations;
  private final CustomerSearch customers;
  private final int fewCustomers;
  private final int customersPerRead;
  private final int conversationsPerRead;

  public ConversationSearch(ConversationStore conversations, CustomerSearch customers) {
    this(conversations, customers, FEW_CUSTOMERS, CUSTOMERS_PER_READ, CONVERSATIONS_PER_READ);
  }

  /** With other sizes, so that a test runs both ways and several reads each on a few conversations. */
  ConversationSearch(ConversationStore conversations, CustomerSearch customers, int fewCustomers, int customersPerRead,
      int conversationsPerRead) {
    this.conversations = conversations;
    this.customers = customers;
    this.fewCustomers = fewCustomers;
    this.customersPerRead = customersPerRead;
    this.conversationsPerRead = conversationsPerRead;
  }

  /** One page of the filter's conversations whose customer the text names, most recent activity first. */
  public Page<Conversation> search(ConversationFilter filter, CustomerMatch match, PageCursor cursor, int limit) {
    Optional<List<String>> few = customers.matching(match, fewCustomers);
    List<Conversation> fetched = few.isPresent() ? ofCustomers(filter, few.get(), cursor, limit + 1)
        : inListOrder(filter, match, cursor, limit + 1);
    return Page.fromFetched(fetched, limit, ConversationStore::cursorOf);
  }

  /** The newest {@code count} conversations of these customers, from reads of a few customers each. */
  private List<Conversation> ofCustomers(ConversationFilter filter, List<String> customerIds, PageCursor cursor, int count) {
    List<Conversation> newest = new ArrayList<>();
    for (int from = 0; from < customerIds.size(); from += customersPerRead) {
      List<String> some = customerIds.subList(from, Math.min(customerIds.size(), from + customersPerRead));
      newest.addAll(conversations.newest(filter.amongCustomers(some), cursor, count));
      newest.sort(ConversationStore.NEWEST_FIRST);
      if (newest.size() > count) {
        newest.subList(count, newest.size()).clear();
      }
    }
    return newest;
  }

  /** The list in its order, read in slices, keeping the conversations of customers the text names. */
  private List<Conversation> inListOrder(ConversationFilter filter, CustomerMatch match, PageCursor cursor, int count) {
    List<Conversation> found = new ArrayList<>();
    PageCursor after = cursor;
    while (true) {
      List<Conversation> slice = conversations.newest(filter, after, conversationsPerRead);
      if (slice.isEmpty()) {
        return found;
      }
      Set<String> customerIds = new LinkedHashSet<>();
      slice.forEach(conversation -> customerIds.add(conversation.customerId()));
      Set<String> named = customers.matchingAmong(customerIds, match);
      for (Conversation conversation : slice) {
        if (named.contains(conversation.customerId())) {
          found.add(conversation);
          if (found.size() == count) {
            return found;
          }
        }
      }
      if (slice.size() < conversationsPerRead) {
        return found;
      }
      after = ConversationStore.cursorOf(slice.get(slice.size() - 1));
    }
  }
}
