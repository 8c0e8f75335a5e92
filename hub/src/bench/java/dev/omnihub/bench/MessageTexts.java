package dev.omnihub.bench;

import java.util.SplittableRandom;

/**
 * Names and message texts for the loaded data set, each a function of a number and the seed, so that a
 * conversation's preview can be computed before its last message is written and both agree.
 */
final class MessageTexts {

  private static final String[] FIRST_NAMES = {"Ana", "Ben", "Chiara", "Dmitri", "Elif", "Felix", "Grace", "Hiro", "Ines", "Jonas",
      "Kemal", "Lena", "Malik", "Nora", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yusuf", "Zoe"};
  private static final String[] LAST_NAMES = {"Almeida", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen",
      "Ivanova", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka"};
  private static final String[] CUSTOMER_SENTENCES = {
      "Hi, my order still has not arrived and the tracking page has shown the same status for three days now.",
      "Could you check with the carrier and tell me when it will be delivered?",
      "I was charged twice for the same subscription this month, please refund one of the payments.",
      "The app logs me out every time I switch to another screen, which makes it almost unusable.",
      "I would like to change the delivery address of my last order to my office.",
      "The package arrived but the box was damaged and one of the glasses is broken.",
      "Is there a way to export my invoices for the whole year as one PDF?",
      "I tried to reset my password but the email with the link never came, not even in the spam folder.",
      "Thanks for the quick answer, that solved it.",
      "Can I still cancel the order? It has not been shipped yet according to my account page.",
      "The size I ordered is too small, how do I exchange it for a larger one?",
      "Your website says the item is in stock but at checkout it tells me it is unavailable.",
      "I have been waiting for a callback since Monday, could someone please get back to me?",
      "Where can I find the warranty conditions for the device I bought in March?",
      "The discount code from your newsletter is rejected at checkout."};
  private static final String[] AGENT_SENTENCES = {
      "Thanks for reaching out, I am sorry for the trouble.",
      "I have checked your order and asked the carrier for an update; you will hear from us within a day.",
      "I have refunded the duplicate payment, it should show on your statement in three to five business days.",
      "Could you send me the order number and a photo of the damaged item, please?",
      "I have changed the address for you; the confirmation email is on its way.",
      "Our developers are aware of the problem and a fix is planned for the next release.",
      "You can download all invoices under Account, Billing, Export.",
      "I have sent you a new link; please check that the address we have on file is correct.",
      "Is there anything else I can help you with?",
      "The exchange label is attached; drop the parcel at any post office free of charge."};
  private static final int MIN_CHARS = 100;
  private static final int MAX_CHARS = 300;

  private MessageTexts() {
  }

  static String customerName(int customer) {
    return FIRST_NAMES[customer % FIRST_NAMES.length] + " " + LAST_NAMES[customer / FIRST_NAMES.length % LAST_NAMES.length];
  }

  static String agentName(int agent) {
    return FIRST_NAMES[(agent * 7 + 3) % FIRST_NAMES.length] + " (support " + (agent + 1) + ")";
  }

  /** Sentences of the customer's or the agent's side, 100-300 characters in all. */
  static String message(long seed, int message, boolean fromAgent) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003 + message);
    String[] sentences = fromAgent ? AGENT_SENTENCES : CUSTOMER_SENTENCES;
    int wanted = MIN_CHARS + random.nextInt(MAX_CHARS - MIN_CHARS + 1);
    StringBuilder text = new StringBuilder();
    while (text.length() < wanted) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(sentences[random.nextInt(sentences.length)]);
    }
    // Cut at a word, as a customer who stops mid-thought would.
    return text.length() <= MAX_CHARS ? text.toString() : text.substring(0, text.lastIndexOf(" ", MAX_CHARS));
  }
}
