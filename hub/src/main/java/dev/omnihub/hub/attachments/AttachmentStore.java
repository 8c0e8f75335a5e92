package dev.omnihub.hub.attachments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.hub.store.MongoStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Files that came with messages, in GridFS (bucket {@code attachments}) beside the messages that list
 * them. A file's id is derived from its message's idempotency key and its position, so a channel's
 * retry of a message stores each file once, and a crash in the middle of an upload is repaired by
 * the retry (its orphaned chunks are removed first). Blocking: run in a store write, so the group
 * commit that makes the message durable covers its files.
 */
public final class AttachmentStore {

  public static final String BUCKET = "attachments";
  /** Largest file kept; the mail size limit bounds it already, other channels meet it here. */
  public static final long MAX_FILE_BYTES = 25L * 1024 * 1024;

  /** A stored file, ready to serve. */
  public record StoredFile(String id, String fileName, String contentType, byte[] content) {
  }

  /**
   * A file an agent uploaded to send with a reply or note: kept {@code pending} until a message carries
   * it, and deleted by {@link #sweepUnclaimed} if none does within a day.
   */
  public record Upload(String id, String fileName, String contentType, long size, String uploadedBy) {
  }

  private final GridFSBucket bucket;
  private final MongoCollection<Document> files;
  private final MongoCollection<Document> chunks;

  public AttachmentStore(MongoStore store) {
    this.bucket = store.bucket(BUCKET);
    this.files = store.collection(BUCKET + ".files");
    this.chunks = store.collection(BUCKET + ".chunks");
  }

  /**
   * Stores an agent's upload, pending until a message carries it.
   *
   * @throws dev.omnihub.adapters.spi.InputRejectedException when it is larger than {@link #MAX_FILE_BYTES}
   */
  public Upload upload(String fileName, String contentType, byte[] content, String uploadedBy, Instant at) {
    if (content.length > MAX_FILE_BYTES) {
      throw dev.omnihub.adapters.spi.InputRejectedException.tooLarge("the file has " + content.length + " bytes; at most " + MAX_FILE_BYTES
          + " are kept");
    }
    ObjectId id = new ObjectId();
    bucket.uploadFromStream(new BsonObjectId(id), fileName, new ByteArrayInputStream(content), new GridFSUploadOptions().metadata(
        new Document("contentType", contentType).append("uploadedBy", uploadedBy).append("uploadedAt", java.util.Date.from(at))
            .append("pending", true)));
    return new Upload(id.toHexString(), fileName, contentType, content.length, uploadedBy);
  }

  public Optional<Upload> findUpload(String id) {
    if (!ObjectId.isValid(id)) {
      return Optional.empty();
    }
    GridFSFile file = bucket.find(Filters.eq("_id", new ObjectId(id))).first();
    if (file == null || file.getMetadata() == null || file.getMetadata().getString("uploadedBy") == null) {
      return Optional.empty();
    }
    Document metadata = file.getMetadata();
    return Optional.of(new Upload(id, file.getFilename(), metadata.getString("contentType"), file.getLength(),
        metadata.getString("uploadedBy")));
  }

  /**
   * Takes a pending upload for one message: a conditional update, so of two sends racing for it (two
   * threads, two nodes) one gets it. Returns whether this caller did.
   */
  public boolean take(String id) {
    return files.updateOne(Filters.and(Filters.eq("_id", new ObjectId(id)), Filters.eq("metadata.pending", true)),
        Updates.set("metadata.pending", false)).getModifiedCount() == 1;
  }

  /** Gives a taken upload back (its message was not written after all). */
  public void giveBack(String id) {
    files.updateOne(Filters.eq("_id", new ObjectId(id)), Updates.set("metadata.pending", true));
  }

  /**
   * Deletes uploads no message carried that were made before {@code before}; returns how many. Each is
   * deleted only while still pending, so one taken by a send meanwhile stays.
   */
  public int sweepUnclaimed(Instant before) {
    int deleted = 0;
    for (Document file : files.find(Filters.and(Filters.eq("metadata.pending", true), Filters.lt("metadata.uploadedAt",
        java.util.Date.from(before)))).projection(new Document("_id", 1)).limit(1_000)) {
      ObjectId id = file.getObjectId("_id");
      if (files.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq("metadata.pending", true))).getDeletedCount() == 1) {
        chunks.deleteMany(Filters.eq("files_id", id));
        deleted++;
      }
    }
    return deleted;
  }

  /** The id a message's file at {@code index} gets: the same for every delivery of that message. */
  public static String idFor(String dedupeKey, int index) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((dedupeKey + "#" + index).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Stores a carried file under its id unless it is there already.
   *
   * @throws dev.omnihub.adapters.spi.InputRejectedException when it is larger than {@link #MAX_FILE_BYTES}
   */
  public void store(String id, Attachment attachment) {
    if (attachment.content().length > MAX_FILE_BYTES) {
      throw dev.omnihub.adapters.spi.InputRejectedException.tooLarge("the attachment '" + attachment.fileName() + "' has "
          + attachment.content().length + " bytes; at most " + MAX_FILE_BYTES + " are kept");
    }
    BsonObjectId fileId = new BsonObjectId(new ObjectId(id));
    if (bucket.find(Filters.eq("_id", fileId.getValue())).first() != null) {
      return;
    }
    chunks.deleteMany(Filters.eq("files_id", fileId.getValue()));
    bucket.uploadFromStream(fileId, attachment.fileName() == null ? "attachment" : attachment.fileName(),
        new ByteArrayInputStream(attachment.content()),
        new GridFSUploadOptions().metadata(new Document("contentType", attachment.contentType())));
  }

  /** Deletes a stored file and its chunks, if there (idempotent). */
  public void delete(String id) {
    if (!ObjectId.isValid(id)) {
      return;
    }
    ObjectId fileId = new ObjectId(id);
    if (bucket.find(Filters.eq("_id", fileId)).first() != null) {
      bucket.delete(fileId);
    }
    chunks.deleteMany(Filters.eq("files_id", fileId));
  }

  public Optional<StoredFile> find(String id) {
    if (!ObjectId.isValid(id)) {
      return Optional.empty();
    }
    GridFSFile file = bucket.find(Filters.eq("_id", new ObjectId(id))).first();
    if (file == null) {
      return Optional.empty();
    }
    ByteArrayOutputStream content = new ByteArrayOutputStream((int) Math.min(file.getLength(), MAX_FILE_BYTES));
    bucket.downloadToStream(file.getId(), content);
    String contentType = file.getMetadata() == null ? null : file.getMetadata().getString("contentType");
    return Optional.of(new StoredFile(id, file.getFilename(), contentType == null ? "application/octet-stream" : contentType,
        content.toByteArray()));
  }
}
