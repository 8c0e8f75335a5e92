package dev.omnihub.hub.service;

import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.conversation.MessageStore;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/** An agent's uploaded files as a message lists them (like a customer's kept files: id, download path, name, type, size). */
final class AgentFiles {

  /** The channels whose replies carry files: SMS (no MMS yet) and voice do not. */
  static final Set<ChannelType> CARRY_FILES = Set.of(ChannelType.EMAIL, ChannelType.CHAT, ChannelType.API);

  private AgentFiles() {
  }

  static Document listed(List<AttachmentStore.Upload> files) {
    return new Document("attachments", files.stream().map(file -> new Document("fileName", file.fileName())
        .append("contentType", file.contentType()).append("size", file.size()).append("id", file.id())
        .append("url", MessageStore.ATTACHMENT_PATH + file.id()).append("inline", false)).toList());
  }
}
