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

  /**
   * Takes the uploads for the message about to be written (blocking: run in that store write); give
   * them back if it is not written. Each is taken by one message only, whatever races for it.
   */
  List<AttachmentStore.Upload> take(List<String> ids, Principal writer) {
    List<AttachmentStore.Upload> found = new ArrayList<>();
    long total = 0;
    for (String id : ids) {
      AttachmentStore.Upload upload = files.findUpload(id).filter(file -> file.uploadedBy().equals(writer.id()))
          .orElseThrow(() -> new NotFoundException("attachment", id)); // someone else's upload is not there for this writer
      total += upload.size();
      found.add(upload);
    }
    if (total > AttachmentStore.MAX_FILE_BYTES) {
      throw InputRejectedException.invalid("attachmentIds", "the files add up to " + total + " bytes; one message carries at most "
          + AttachmentStore.MAX_FILE_BYTES);
    }
    List<AttachmentStore.Upload> taken = new ArrayList<>();
    for (AttachmentStore.Upload upload : found) {
      if (!files.take(upload.id())) {
        giveBack(taken);
        throw new ConflictException("attachment_sent", "the upload " + upload.id() + " went out with another message already; upload it again");
      }
      taken.add(upload);
    }
    return taken;
  }

  void giveBack(List<AttachmentStore.Upload> taken) {
    taken.forEach(upload -> files.giveBack(upload.id()));
  }
}
