package dev.omnihub.hub.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the clocks should announce now, and when to look again. Each warning and breach has a key (its
 * kind, target and the start of its clock), so that one recorded is never announced again, whoever
 * looks and however often: a next-response clock that starts again later has a new key.
 */
public final class SlaAlarms {

  private SlaAlarms() {
  }

  /** A warning or a breach to announce. */
  public record Alarm(Kind kind, SlaClocks.Clock clock) {

    public String key() {
      return SlaAlarms.key(kind, clock);
    }
  }

  /** {@code sla.warning} or {@code sla.breached}. */
  public enum Kind {
    WARNING("sla.warning"),
    BREACH("sla.breached");

    private final String eventType;

    Kind(String eventType) {
      this.eventType = eventType;
    }

    public String eventType() {
      return eventType;
    }
  }

  /** The alarms due and unannounced, and the next moment one falls due ({@code null}: none will). */
  public record Due(List<Alarm> now, Instant next) {
  }

  public static String key(Kind kind, SlaClocks.Clock clock) {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + clock.target().wireName() + ":" + clock.start();
  }

  /**
   * @param announced keys of the alarms already recorded
   */
  public static Due due(SlaClocks.Report report, Set<String> announced, Instant now) {
    List<Alarm> due = new ArrayList<>();
    Instant next = null;
    for (SlaClocks.Clock clock : report.clocks()) {
      boolean breachAnnounced = announced.contains(key(Kind.BREACH, clock));
      if (clock.breachedAt() != null) {
        if (!breachAnnounced) {
          due.add(new Alarm(Kind.BREACH, clock));
        }
        continue;
      }
      if (!clock.running() || clock.dueAt() == null) {
        continue; // met in time, stopped, or paused with no due time: nothing to come until it changes
      }
      if (clock.warnAt() != null && !announced.contains(key(Kind.WARNING, clock))) {
        if (clock.warnAt().isAfter(now)) {
          next = earlier(next, clock.warnAt());
        } else {
          due.add(new Alarm(Kind.WARNING, clock));
        }
      }
      if (!breachAnnounced) {
        next = earlier(next, clock.dueAt());
      }
    }
    return new Due(List.copyOf(due), next);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }
}
