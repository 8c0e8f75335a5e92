package dev.omnihub.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * What a loaded data directory holds, as far as the reads need to know: its size, the agents and
 * queues its conversations name, and random samples to aim requests at (so that a later run need not
 * search a million documents for them). Saved next to the store; a run that finds it skips loading.
 *
 * @param bsonBytes         the loaded documents' size as BSON (estimated), without indexes
 * @param conversations     a random sample of conversation ids
 * @param longConversations ids of conversations with more messages than one page holds
 * @param customers         a random sample of customers who have conversations
 */
record LoadedDataset(int messageCount, int conversationCount, int customerCount, double bsonBytes, List<Agent> agents,
    List<String> queues, List<String> conversations, List<String> longConversations, List<Customer> customers) {

  static final String FILE = "scale-bench.json";
  /** The API's default page size: longer conversations have an older page. */
  static final int PAGE_SIZE = 50;
  private static final int SAMPLE = 10_000;

  record Agent(String id, String name) {
  }

  /** A customer and their identities as stored ({@code email:...}, {@code phone:+...}). */
  record Customer(String id, String emailKey, String phoneKey) {
  }

  static LoadedDataset sample(DatasetPlan plan, PlanDocuments documents, double bsonBytes, List<Agent> agents, List<String> queues) {
    SplittableRandom random = new SplittableRandom(plan.seed);
    List<String> conversations = pick(plan.conversations, random).mapToObj(documents::conversationId).toList();
    List<String> longConversations = IntStream.range(0, plan.conversations).filter(c -> plan.messageCount(c) > PAGE_SIZE)
        .mapToObj(documents::conversationId).toList();
    // Customers numbered below the conversation count wrote at least one (see DatasetPlan).
    List<Customer> customers = pick(Math.min(plan.customers, plan.conversations), random)
        .mapToObj(i -> new Customer(documents.customerId(i), PlanDocuments.emailKey(i).key(), PlanDocuments.phoneKey(i).key())).toList();
    return new LoadedDataset(plan.messages, plan.conversations, plan.customers, bsonBytes, agents, queues, conversations,
        longConversations, customers);
  }

  /** Up to {@value #SAMPLE} distinct numbers below {@code bound}, at random. */
  private static IntStream pick(int bound, SplittableRandom random) {
    if (bound <= SAMPLE) {
      return IntStream.range(0, bound);
    }
    return random.ints(0, bound).distinct().limit(SAMPLE);
  }

  static Optional<LoadedDataset> read(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonObject json = new JsonObject(Files.readString(file));
    List<Agent> agents = new ArrayList<>();
    json.getJsonArray("agents").forEach(a -> agents.add(new Agent(((JsonObject) a).getString("id"), ((JsonObject) a).getString("name"))));
    List<Customer> customers = new ArrayList<>();
    json.getJsonArray("customers").forEach(c -> {
      JsonObject customer = (JsonObject) c;
      customers.add(new Customer(customer.getString("id"), customer.getString("email"), customer.getString("phone")));
    });
    return Optional.of(new LoadedDataset(json.getInteger("messageCount"), json.getInteger("conversationCount"),
        json.getInteger("customerCount"), json.getDouble("bsonBytes"), agents, strings(json, "queues"), strings(json, "conversations"),
        strings(json, "longConversations"), customers));
  }

  void write(Path dataDir) throws IOException {
    JsonArray agentsJson = new JsonArray();
    agents.forEach(agent -> agentsJson.add(new JsonObject().put("id", agent.id()).put("name", agent.name())));
    JsonArray customersJson = new JsonArray();
    customers.forEach(c -> customersJson.add(new JsonObject().put("id", c.id()).put("email", c.emailKey()).put("phone", c.phoneKey())));
    JsonObject json = new JsonObject()
        .put("messageCount", messageCount)
        .put("conversationCount", conversationCount)
        .put("customerCount", customerCount)
        .put("bsonBytes", bsonBytes)
        .put("agents", agentsJson)
        .put("queues", new JsonArray(queues))
        .put("conversations", new JsonArray(conversations))
        .put("longConversations", new JsonArray(longConversations))
        .put("customers", customersJson);
    Files.writeString(dataDir.resolve(FILE), json.encode());
  }

  private static List<String> strings(JsonObject json, String field) {
    return json.getJsonArray(field).stream().map(String.class::cast).toList();
  }
}
