package dev.omnihub.hub.rules;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** One thing a rule does, as the API lists them; checked when the rule is saved. */
public sealed interface RuleAction {

  /** The action as the API shows it. */
  JsonObject toJson();

  /** {@code {type: assign, queueId?, agentId?}}: to a queue, an agent, or both. */
  record Assign(String queueId, String agentId) implements RuleAction {
    public JsonObject toJson() {
      return new JsonObject().put("type", "assign").put("queueId", queueId).put("agentId", agentId);
    }
  }

  /** {@code {type: requireSkills, skills}}: routing offers it only to agents with them. */
  record RequireSkills(List<String> skills) implements RuleAction {
    public JsonObject toJson() {
      return new JsonObject().put("type", "requireSkills").put("skills", new JsonArray(skills));
    }
  }

  /** {@code {type: setPriority, priority}}: the conversation's (and routing's order). */
  record SetPriority(String priority) implements RuleAction {
    public JsonObject toJson() {
      return new JsonObject().put("type", "setPriority").put("priority", priority);
    }
  }

  /** {@code {type: addTags|removeTags, tags}}: the conversation's tags. */
  record Tags(boolean add, List<String> tags) implements RuleAction {
    public JsonObject toJson() {
      return new JsonObject().put("type", add ? "addTags" : "removeTags").put("tags", new JsonArray(tags));
    }
  }

  /** {@code {type: escalate, reason?, priority?}}: a ticket, or its open ticket a level up. */
  record Escalate(String reason, String priority) implements RuleAction {
    public JsonObject toJson() {
      return new JsonObject().put("type", "escalate").put("reason", reason).put("priority", priority);
    }
  }

  /** {@code {type: reply, text | cannedResponseId}}: to the customer, authored {@code system}. */
  record Reply(String text, String cannedResponseId) implements RuleAction {
    public JsonObject toJson() {
      return new JsonObject().put("type", "reply").put("text", text).put("cannedResponseId", cannedResponseId);
    }
  }

  /** {@code {type: note, text}}: for the agents. */
  record Note(String text) implements RuleAction {
    public JsonObject toJson() {
      return new JsonObject().put("type", "note").put("text", text);
    }
  }

  /** {@code {type: setStatus, status}}. */
  record SetStatus(String status) implements RuleAction {
    public JsonObject toJson() {
      return new JsonObject().put("type", "setStatus").put("status", status);
    }
  }

  /** {@code {type: notify, text}}: an {@code alert.created} for supervisors. */
  record Notify(String text) implements RuleAction {
    public JsonObject toJson() {
      return new JsonObject().put("type", "notify").put("text", text);
    }
  }

  /** {@code {type: webhook, url}}: the event, signed, through the delivery queue. */
  record Webhook(String url) implements RuleAction {
    public JsonObject toJson() {
      return new JsonObject().put("type", "webhook").put("url", url);
    }
  }
}
