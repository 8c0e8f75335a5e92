package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.errors.ConflictException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code attachmentIds} of a reply or note: the writer's own uploads ({@code POST /api/v1/uploads}),
 * each not yet sent, at most {@value #MAX_FILES} and {@link AttachmentStore#MAX_FILE_BYTES} together.
 */
final class UploadedFiles {

  static final int MAX_FILES = 10;

  private final AttachmentStore files;

  UploadedFiles(AttachmentStore files) {
    this.files = files;
  }

  /** The ids asked for, checked for shape before anything is read. */
  static List<String> ids(JsonInput body) {
    List<String> ids = body.optionalStringList("attachmentIds", MAX_FILES, 64);
    return ids == null ? List.of() : ids.stream().distinct().toList();
  }

  /** The uploads (blocking: run in the store write that sends them). */
  List<AttachmentStore.Upload> resolve(List<String> ids, Principal writer) {
    List<AttachmentStore.Upload> found = new ArrayList<>();
    long total = 0;
    for (String id : ids) {
      AttachmentStore.Upload upload = files.findUpload(id).filter(file -> file.uploadedBy().equals(writer.id()))
          .orElseThrow(() -> new NotFoundException("attachment", id)); // someone else's upload is not there for this writer
      if (!upload.pending()) {
        throw new ConflictException("attachment_sent", "the upload " + id + " went out with another message already; upload it again");
      }
      total += upload.size();
      found.add(upload);
    }
    if (total > AttachmentStore.MAX_FILE_BYTES) {
      throw InputRejectedException.invalid("attachmentIds", "the files add up to " + total + " bytes; one message carries at most "
          + AttachmentStore.MAX_FILE_BYTES);
    }
    return found;
  }

  /** The message that carries them is written: they stay. */
  void claim(List<AttachmentStore.Upload> sent) {
    sent.forEach(upload -> files.claim(upload.id()));
  }
}
