package dev.omnihub.hub.outbound;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.conversation.ListedAttachment;
import dev.omnihub.hub.conversation.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The files an agent's reply carries, as its channel takes them: an email gets their bytes (attached
 * parts), an integration a path it fetches with its token; chat visitors get them from their own feed,
 * so nothing travels with the delivery. Blocking: reads the store.
 */
final class OutboundFiles {

  static final String DOWNLOAD_PATH = "/api/v1/attachments/";

  private final AttachmentStore store;

  OutboundFiles(AttachmentStore store) {
    this.store = store;
  }

  List<Attachment> of(Message message, ChannelType type) {
    List<ListedAttachment> kept = message.attachments().stream().filter(ListedAttachment::kept).toList();
    if (kept.isEmpty() || !(ChannelType.EMAIL.equals(type) || ChannelType.API.equals(type))) {
      return List.of();
    }
    List<Attachment> files = new ArrayList<>();
    for (ListedAttachment file : kept) {
      if (ChannelType.API.equals(type)) {
        files.add(new Attachment(file.fileName(), file.contentType(), file.size(), DOWNLOAD_PATH + file.id()));
        continue;
      }
      AttachmentStore.StoredFile stored = store.find(file.id())
          .orElseThrow(() -> DeliveryException.permanent("the attachment " + file.fileName() + " is no longer stored"));
      files.add(Attachment.carried(stored.fileName(), stored.contentType(), stored.content(), false, null));
    }
    return files;
  }
}
