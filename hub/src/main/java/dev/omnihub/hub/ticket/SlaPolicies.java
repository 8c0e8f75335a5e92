package dev.omnihub.hub.ticket;

import dev.omnihub.hub.businesstime.BusinessCalendar;
import dev.omnihub.hub.routing.Queue;
import dev.omnihub.hub.routing.QueueStore;
import dev.omnihub.hub.sla.Targets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;

/**
 * SLA policies ready to count with: targets, warning, calendar and what a breach does, read once per
 * policy and kept (policies and business hours are never changed once stored, only added).
 * Blocking: run through the store.
 */
public final class SlaPolicies {

  /** What a breach does to its ticket (API.md {@code onBreach}). */
  public record OnBreach(boolean escalate, boolean raisePriority, String queueId) {

    public boolean doesAnything() {
      return escalate || raisePriority || queueId != null;
    }
  }

  /** A policy ready to count with; {@code hoursId} is {@code null} for around the clock. */
  public record Policy(String id, String name, String hoursId, Map<String, Targets> targets, Duration warnBefore, BusinessCalendar calendar,
      OnBreach onBreach) {
  }

  private final SlaSettings settings;
  private final QueueStore queues;
  private final Map<String, Policy> known = new ConcurrentHashMap<>();

  public SlaPolicies(SlaSettings settings, QueueStore queues) {
    this.settings = settings;
    this.queues = queues;
  }

  public Optional<Policy> find(String policyId) {
    if (policyId == null) {
      return Optional.empty();
    }
    Policy cached = known.get(policyId);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Policy> read = settings.policy(policyId).map(this::read);
    read.ifPresent(policy -> known.put(policyId, policy));
    return read;
  }

  /** The policy of the queue, if it is a queue with one. */
  public Optional<Policy> ofQueue(String queueId) {
    return queueId == null ? Optional.empty() : queues.find(queueId).map(Queue::slaPolicyId).flatMap(this::find);
  }

  private Policy read(Document stored) {
    String hoursId = stored.getString("businessHoursId");
    BusinessCalendar calendar = hoursId == null ? BusinessCalendar.aroundTheClock()
        : settings.businessHours(hoursId).map(SlaDefinitions::calendar).orElse(BusinessCalendar.aroundTheClock());
    String warn = stored.getString("warnBefore");
    Document onBreach = stored.get("onBreach", Document.class);
    return new Policy(stored.getString("_id"), stored.getString("name"), hoursId, SlaDefinitions.targets(stored),
        warn == null ? null : Duration.parse(warn), calendar, onBreach == null ? new OnBreach(false, false, null)
            : new OnBreach(onBreach.getBoolean("escalate", false), onBreach.getBoolean("raisePriority", false), onBreach.getString("queueId")));
  }
}
