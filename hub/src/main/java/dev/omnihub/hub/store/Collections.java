package dev.omnihub.hub.store;

/** Collection names; they are part of the storage contract shared by every hub node. */
public final class Collections {

  public static final String CUSTOMERS = "customers";
  public static final String IDENTITIES = "identities";
  public static final String CONVERSATIONS = "conversations";
  public static final String MESSAGES = "messages";
  public static final String THREAD_KEYS = "thread_keys";
  public static final String AGENTS = "agents";
  public static final String API_TOKENS = "api_tokens";
  public static final String CHANNELS = "channels";
  public static final String OUTBOX = "outbox";
  /** Queued deliveries (other than reply messages, whose failure their message records) that were given up. */
  public static final String DEAD_DELIVERIES = "dead_deliveries";
  public static final String TIMERS = "timers";
  public static final String DEAD_TIMERS = "dead_timers";
  /** Where {@code Reactions} got to in the event log. */
  public static final String REACTION_POSITIONS = "reaction_positions";
  /** Events a reaction gave up on. */
  public static final String DEAD_REACTIONS = "dead_reactions";
  public static final String AUDIT = "audit";
  public static final String SETTINGS = "settings";
  public static final String QUEUES = "queues";
  /** The capacity ledger: what each agent holds (routing). */
  public static final String AGENT_LOADS = "agent_loads";
  /** Per queue and day: how many conversations were assigned (supervisors' board). */
  public static final String ROUTING_DAYS = "routing_days";
  /** Sequences that must never give a number twice (ticket numbers). */
  public static final String COUNTERS = "counters";
  /** Escalated conversations: numbered tickets with priorities, owners and SLA clocks. */
  public static final String TICKETS = "tickets";
  /** Business-hours calendars (time zone, openings per weekday, holidays) that SLA policies count in. */
  public static final String BUSINESS_HOURS = "business_hours";
  /** SLA policies: targets per priority, warning, what a breach does. */
  public static final String SLA_POLICIES = "sla_policies";
  /** SLA clocks of a ticket or a queued conversation: what they count, the policy, alarms announced, breaches. */
  public static final String SLA_CLOCKS = "sla_clocks";
  /** Prepared answers agents pick by shortcut and rules send. */
  public static final String CANNED_RESPONSES = "canned_responses";
  /** Automation rules: events, conditions, actions, in order. */
  public static final String RULES = "rules";
  /** Which rule ran for which event (a reaction run again after a crash applies it once). */
  public static final String RULE_RUNS = "rule_runs";
  /** When a rule last replied in a conversation (one automatic reply per rule and conversation a day). */
  public static final String RULE_REPLIES = "rule_replies";
  /** Proactive campaigns with their progress and send counts. */
  public static final String CAMPAIGNS = "campaigns";
  /** Satisfaction surveys and their answers. */
  public static final String CSAT_SURVEYS = "csat_surveys";
  /** The reports' hourly counters per dimension. */
  public static final String REPORT_BUCKETS = "report_buckets";
  /** The reports' state of each conversation's current contact (start, first response, end). */
  public static final String REPORT_CONTACTS = "report_contacts";
  public static final String EVENTS = "events";
  public static final String ADAPTER_STATE = "adapter_state";
  public static final String LEASES = "leases";
  /** The login throttle's counts, when nodes share the store. */
  public static final String LOGIN_THROTTLE = "login_throttle";
  /** Each node's counts of the per-client limits' busy keys, when nodes share the store. */
  public static final String RATE_COUNTS = "rate_counts";
  /** The nodes sharing the store: each one's slot in the event log's cursors, liveness and published horizon. */
  public static final String NODES = "nodes";
  public static final String CHANNEL_STATUS = "channel_status";
  public static final String MERGE_SUGGESTIONS = "merge_suggestions";
  public static final String CUSTOMER_EVENTS = "customer_events";
  public static final String OPT_OUTS = "opt_outs";
  public static final String CALLS = "calls";
  public static final String BOTS = "bots";
  public static final String KB_ARTICLES = "kb_articles";
  public static final String KB_ARTICLE_VERSIONS = "kb_article_versions";
  public static final String KB_FEEDBACK = "kb_feedback";
  public static final String KB_FEEDBACK_TOTALS = "kb_feedback_totals";
  public static final String KB_ANSWERS = "kb_answers";
  public static final String ALERTS = "alerts";

  private Collections() {
  }
}
