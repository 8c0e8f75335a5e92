package dev.omnihub.hub.privacy;

import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.audit.AuditLog;
import dev.omnihub.hub.config.HubConfig;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.SensitiveAttributes;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.secrets.SecretBox;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.timeline.TimelineEventStore;
import java.time.Clock;

/** What a person's data rights and the retention policy run on. */
public record PrivacyServices(CustomerExport export, CustomerErasure erasure, RetentionSweeper retention,
    SensitiveAttributes sensitive) {

  public static PrivacyServices create(HubConfig config, MongoStore mongo, CustomerStore customers, ConversationStore conversations,
      TimelineEventStore timeline, AttachmentStore attachments, EventLog eventLog, SecretBox secrets, Clock clock) {
    SensitiveAttributes sensitive = new SensitiveAttributes(mongo, secrets, clock);
    return new PrivacyServices(new CustomerExport(mongo, customers, conversations, timeline, sensitive, clock),
        new CustomerErasure(mongo, attachments, new AuditLog(mongo, clock), eventLog::forgetRecent, clock),
        new RetentionSweeper(mongo, attachments, config.auditRetention(), config.conversationRetention(), eventLog::forgetRecent, clock),
        sensitive);
  }
}
