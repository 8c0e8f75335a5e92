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
  public static final String TIMERS = "timers";
  public static final String AUDIT = "audit";
  public static final String SETTINGS = "settings";
  public static final String QUEUES = "queues";

  private Collections() {
  }
}
