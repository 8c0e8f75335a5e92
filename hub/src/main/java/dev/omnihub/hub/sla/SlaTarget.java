package dev.omnihub.hub.sla;

/** The three promises of an SLA policy, by their names in the API. */
public enum SlaTarget {
  FIRST_RESPONSE("firstResponse"),
  NEXT_RESPONSE("nextResponse"),
  RESOLUTION("resolution");

  private final String wireName;

  SlaTarget(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
