package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.h2.mvstore.WriteBuffer;

/**
 * The binary form of stored documents and keys. Documents are BSON, as the wire protocol carries them:
 * every stored document arrived as BSON, so it round-trips exactly, and BSON reads about ten times
 * faster than the Java serialization H2 falls back to for unknown classes. Single values (ids, index
 * keys) get a type tag and a compact payload for the common types, BSON for the rest.
 */
final class BsonCodec {

  private static final byte MISSING = 0;
  private static final byte NULL = 1;
  private static final byte FALSE = 2;
  private static final byte TRUE = 3;
  private static final byte INT32 = 4;
  private static final byte INT64 = 5;
  private static final byte DOUBLE = 6;
  private static final byte STRING = 7;
  private static final byte DATE = 8;
  private static final byte OBJECT_ID = 9;
  /** Followed by a BSON type byte and the value as BSON encodes it. */
  private static final byte OTHER = 10;
  /**
   * A string as a varint length and its UTF-8 bytes (tag {@link #STRING} has a 4-byte length; written
   * before, still read).
   */
  private static final byte SHORT_STRING = 11;
  /**
   * A string of 24 lowercase hex digits, the hub's ids, as the 12 bytes they spell: 13 bytes instead of
   * 29, and every index entry holds one or more (the message's id, its conversation's, its customer's).
   */
  private static final byte HEX_ID = 12;
  private static final int HEX_ID_CHARS = 24;
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** Encoding goes through one growable buffer per thread (MVStore serializes pages on its commit thread). */
  private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(1024));

  private BsonCodec() {
  }

  /** Appends a document as BSON (what the wire carried). */
  static void appendDocument(ByteBuf out, Document document) {
    BsonEncoder.encodeDocument(document, out);
  }

  static Document readDocument(ByteBuffer in) {
    ByteBuf buffer = Unpooled.wrappedBuffer(in);
    Document document = BsonDecoder.decodeBson(buffer);
    in.position(in.position() + buffer.readerIndex());
    return document;
  }

  /**
   * Appends a value to a heap buffer; callers write many values and copy them to H2's buffer at once
   * (H2's buffer checks its state on every single put, which showed up as a tenth of commit time).
   */
  static void appendValue(ByteBuf out, Object value) {
    switch (value) {
      case null -> out.writeByte(NULL);
      case Missing missing -> out.writeByte(MISSING);
      case Boolean b -> out.writeByte(b ? TRUE : FALSE);
      case Integer i -> out.writeByte(INT32).writeInt(i);
      case Long l -> out.writeByte(INT64).writeLong(l);
      case Double d -> out.writeByte(DOUBLE).writeLong(Double.doubleToRawLongBits(d));
      case String s when isHexId(s) -> {
        out.writeByte(HEX_ID);
        for (int i = 0; i < HEX_ID_CHARS; i += 2) {
          out.writeByte(Character.digit(s.charAt(i), 16) << 4 | Character.digit(s.charAt(i + 1), 16));
        }
      }
      case String s -> {
        // String.getBytes is an intrinsic for the ASCII ids and names that make up most keys; Netty's
        // writeCharSequence encodes char by char (a third of the commit thread's key writing).
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeByte(SHORT_STRING);
        writeVarInt(out, bytes.length);
        out.writeBytes(bytes);
      }
      case Instant instant -> out.writeByte(DATE).writeLong(instant.toEpochMilli());
      case ObjectId id -> out.writeByte(OBJECT_ID).writeBytes(id.toByteArray());
      default -> {
        byte type = BsonEncoder.determineType(value);
        out.writeByte(OTHER).writeByte(type);
        BsonEncoder.encodeValue(type, value, out);
      }
    }
  }

  private static boolean isHexId(String s) {
    if (s.length() != HEX_ID_CHARS) {
      return false;
    }
    for (int i = 0; i < HEX_ID_CHARS; i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  private static void writeVarInt(ByteBuf out, int value) {
    while ((value & ~0x7F) != 0) {
      out.writeByte(value & 0x7F | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  private static int readVarInt(ByteBuffer in) {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in.get();
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
  }

  private static String readHexId(ByteBuffer in) {
    byte[] chars = new byte[HEX_ID_CHARS];
    for (int i = 0; i < HEX_ID_CHARS; i += 2) {
      int b = in.get() & 0xFF;
      chars[i] = HEX_DIGITS[b >>> 4];
      chars[i + 1] = HEX_DIGITS[b & 0x0F];
    }
    return new String(chars, StandardCharsets.US_ASCII);
  }

  /** The buffer values are appended to before one copy into H2's buffer; cleared. */
  static ByteBuf scratch() {
    ByteBuf buffer = SCRATCH.get();
    buffer.clear();
    return buffer;
  }

  static void copy(ByteBuf buffer, WriteBuffer out) {
    out.put(buffer.array(), buffer.arrayOffset() + buffer.readerIndex(), buffer.readableBytes());
  }

  static Object readValue(ByteBuffer in) {
    byte tag = in.get();
    return switch (tag) {
      case MISSING -> Missing.getInstance();
      case NULL -> null;
      case FALSE -> Boolean.FALSE;
      case TRUE -> Boolean.TRUE;
      case INT32 -> in.getInt();
      case INT64 -> in.getLong();
      case DOUBLE -> Double.longBitsToDouble(in.getLong());
      case STRING -> readString(in, in.getInt());
      case SHORT_STRING -> readString(in, readVarInt(in));
      case HEX_ID -> readHexId(in);
      case DATE -> Instant.ofEpochMilli(in.getLong());
      case OBJECT_ID -> {
        byte[] bytes = new byte[12];
        in.get(bytes);
        yield new ObjectId(bytes);
      }
      case OTHER -> {
        byte type = in.get();
        ByteBuf buffer = Unpooled.wrappedBuffer(in);
        Object value = BsonDecoder.decodeValue(type, buffer);
        in.position(in.position() + buffer.readerIndex());
        yield value;
      }
      default -> throw new IllegalStateException("unknown value tag " + tag + " in the embedded store");
    };
  }

  private static String readString(ByteBuffer in, int length) {
    String text;
    if (in.hasArray()) {
      text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
      in.position(in.position() + length);
    } else {
      byte[] bytes = new byte[length];
      in.get(bytes);
      text = new String(bytes, StandardCharsets.UTF_8);
    }
    return text;
  }

  /** A cheap estimate of a value's heap size, for H2's page cache accounting (never computed by encoding). */
  static int estimateMemory(Object value) {
    if (value == null || value instanceof Missing || value instanceof Boolean) {
      return 8;
    }
    if (value instanceof String text) {
      return 56 + text.length();
    }
    if (value instanceof Map<?, ?> map) {
      // A document: its own object, a LinkedHashMap with its table and views; a linked entry per field.
      long size = 160;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        size += 56 + estimateMemory(entry.getKey()) + estimateMemory(entry.getValue());
      }
      return (int) Math.min(Integer.MAX_VALUE, size);
    }
    if (value instanceof Collection<?> values) {
      long size = 40;
      for (Object element : values) {
        size += 8 + estimateMemory(element);
      }
      return (int) Math.min(Integer.MAX_VALUE, size);
    }
    // Binary data counted as a small object let the 512 MiB page cache hold 2.4 GB of 255 KB file chunks
    // (call transcripts' attachments), which the collector could not keep up with.
    if (value instanceof BinData binary) {
      return 40 + binary.getData().length;
    }
    if (value instanceof byte[] bytes) {
      return 16 + bytes.length;
    }
    return 24;
  }
}
