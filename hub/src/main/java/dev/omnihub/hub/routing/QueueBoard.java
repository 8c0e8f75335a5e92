package dev.omnihub.hub.routing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * What supervisors see of queues and agents (API.md "Supervisors"), read from the store: the waiting
 * line of each queue, its members by presence and load, and the day's assignments, counted as they
 * happen ({@code routing_days}, one document per queue and day), never by scanning conversations.
 * Blocking: call through {@link MongoStore}.
 */
public final class QueueBoard {

  private final MongoCollection<Document> conversations;
  private final MongoCollection<Document> days;
  private final QueueStore queues;
  private final AgentStore agents;
  private final AgentLoads loads;
  private final ChannelStore channels;

  public QueueBoard(MongoStore store, QueueStore queues, AgentStore agents, AgentLoads loads, ChannelStore channels) {
    this.conversations = store.collection(Collections.CONVERSATIONS);
    this.days = store.collection(Collections.ROUTING_DAYS);
    this.queues = queues;
    this.agents = agents;
    this.loads = loads;
    this.channels = channels;
  }

  /** More conversations assigned in the queue today (UTC): counted once per routing pass, not per assignment. */
  public void countAssigned(String queueId, int count, Instant at) {
    if (count > 0) {
      days.updateOne(Filters.eq("_id", dayKey(queueId, at)), Updates.inc("assigned", count), new UpdateOptions().upsert(true));
    }
  }

  /** Every queue's figures, in the queues' order. */
  /** How soon a due time counts as at risk on the board. */
  static final Duration AT_RISK_WITHIN = Duration.ofMinutes(30);
  private static final org.bson.conversions.Bson ACTIVE = Filters.in("status", "open", "pending", "snoozed");

  public List<JsonObject> queueFigures(Instant now) {
    List<Agent> all = agents.list().stream().filter(Agent::active).toList();
    Map<String, AgentLoads.Load> held = loads.of(all.stream().map(Agent::id).toList());
    List<JsonObject> figures = new ArrayList<>();
    for (Queue queue : queues.list()) {
      figures.add(figures(queue, all, held, now));
    }
    return figures;
  }

  private JsonObject figures(Queue queue, List<Agent> all, Map<String, AgentLoads.Load> held, Instant now) {
    long waiting = 0;
    long totalWait = 0;
    long longest = 0;
    for (Document doc : conversations.find(Filters.eq("routing.wait.q", queue.id())).projection(Projections.include("routing.wait.at"))) {
      Instant since = Docs.instant(Docs.subDocument(Docs.subDocument(doc, "routing"), "wait"), "at");
      long seconds = since == null ? 0 : Math.max(0, Duration.between(since, now).toSeconds());
      waiting++;
      totalWait += seconds;
      longest = Math.max(longest, seconds);
    }
    Set<String> types = typesOf(queue);
    int online = 0;
    int away = 0;
    int busy = 0;
    for (Agent agent : all) {
      if (!queue.agentIds().contains(agent.id())) {
        continue;
      }
      if ("away".equals(agent.presence())) {
        away++;
      } else if (agent.online()) {
        online++;
        AgentLoads.Load load = held.getOrDefault(agent.id(), AgentLoads.Load.empty(agent.id()));
        if (!types.isEmpty() && types.stream().allMatch(type -> load.count(type) >= Capacities.of(agent, type))) {
          busy++;
        }
      }
    }
    Document today = days.find(Filters.eq("_id", dayKey(queue.id(), now))).first();
    SlaFigures sla = slaFigures(queue.id(), now);
    return new JsonObject()
        .put("queueId", queue.id())
        .put("name", queue.name())
        .put("waiting", waiting)
        .put("longestWaitSeconds", longest)
        .put("averageWaitSeconds", waiting == 0 ? 0 : totalWait / waiting)
        .put("assignedToday", today == null ? 0 : today.getInteger("assigned", 0))
        .put("slaAtRisk", sla.atRisk())
        .put("slaBreached", sla.breached())
        .put("agentsOnline", online)
        .put("agentsAway", away)
        .put("agentsBusy", busy);
  }

  /** A queue's SLA figures: active conversations with a breach, and without one but due soon. */
  private record SlaFigures(long atRisk, long breached) {
  }

  /**
   * Reads the queue's active conversations' {@code sla} once (through the queue's index, every one
   * read is returned) and counts those with a breach, and those without one whose first response (not
   * yet given), next response or resolution falls due within {@link #AT_RISK_WITHIN}.
   */
  private SlaFigures slaFigures(String queueId, Instant now) {
    Instant soon = now.plus(AT_RISK_WITHIN);
    long atRisk = 0;
    long breached = 0;
    for (Document doc : conversations.find(Filters.and(Filters.eq("queueId", queueId), ACTIVE)).projection(Projections.include("sla"))) {
      Document sla = Docs.subDocument(doc, "sla");
      if (sla == null) {
        continue;
      }
      if (!sla.getList("breaches", Document.class, List.of()).isEmpty()) {
        breached++;
      } else if (dueBy(sla, "nextResponseDueAt", soon) || dueBy(sla, "resolutionDueAt", soon)
          || (sla.get("firstRespondedAt") == null && dueBy(sla, "firstResponseDueAt", soon))) {
        atRisk++;
      }
    }
    return new SlaFigures(atRisk, breached);
  }

  private static boolean dueBy(Document sla, String field, Instant soon) {
    Instant due = Docs.instant(sla, field);
    return due != null && !due.isAfter(soon);
  }

  /** The channel types a queue takes (its channel ids stand for their types). */
  private Set<String> typesOf(Queue queue) {
    Set<String> types = new LinkedHashSet<>();
    for (String channel : queue.channels()) {
      types.add(dev.omnihub.hub.store.Ids.looksLikeId(channel)
          ? channels.findCached(channel).map(found -> found.type().wireName()).orElse(channel) : channel);
    }
    return types;
  }

  /** Every active agent's figures, by name. */
  public List<JsonObject> agentFigures() {
    List<Agent> all = agents.list().stream().filter(Agent::active).toList();
    Map<String, AgentLoads.Load> held = loads.of(all.stream().map(Agent::id).toList());
    List<Queue> queueList = queues.list();
    List<JsonObject> figures = new ArrayList<>();
    for (Agent agent : all) {
      AgentLoads.Load load = held.getOrDefault(agent.id(), AgentLoads.Load.empty(agent.id()));
      Map<String, Object> loadView = new LinkedHashMap<>();
      Map<String, Object> capacity = new LinkedHashMap<>();
      for (String type : agent.capacity().keySet()) {
        loadView.put(type, load.count(type));
        capacity.put(type, Capacities.of(agent, type));
      }
      load.counts().forEach((type, count) -> loadView.putIfAbsent(type, count));
      figures.add(new JsonObject()
          .put("agentId", agent.id())
          .put("name", agent.name())
          .put("presence", agent.presence())
          .put("queues", new JsonArray(queueList.stream().filter(queue -> queue.agentIds().contains(agent.id())).map(Queue::id).toList()))
          .put("load", new JsonObject(loadView))
          .put("capacity", new JsonObject(capacity))
          .put("openConversations", load.total())
          .put("lastAssignedAt", load.lastAssignedAt() == null ? null : load.lastAssignedAt().toString()));
    }
    return figures;
  }

  private static String dayKey(String queueId, Instant at) {
    return queueId + ":" + LocalDate.ofInstant(at, ZoneOffset.UTC);
  }
}
