package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/** The MVStore key and value types of the embedded store's maps (they are not recorded in the file). */
final class DataTypes {

  private DataTypes() {
  }

  /** A single BSON value: document ids (the data map's keys) and positions in unique indexes. */
  static final class Value extends PageWrittenType<Object> {
    static final Value INSTANCE = new Value();

    @Override
    public int getMemory(Object value) {
      return BsonCodec.estimateMemory(value);
    }

    @Override
    void append(ByteBuf out, Object value) {
      BsonCodec.appendValue(out, value);
    }

    @Override
    public Object read(ByteBuffer buffer) {
      return BsonCodec.readValue(buffer);
    }

    @Override
    public int compare(Object a, Object b) {
      return ValueOrder.compare(a, b);
    }

    @Override
    public Object[] createStorage(int size) {
      return new Object[size];
    }
  }

  /** A whole document, as BSON. */
  static final class Doc extends PageWrittenType<Document> {
    static final Doc INSTANCE = new Doc();

    @Override
    public int getMemory(Document document) {
      return BsonCodec.estimateMemory(document);
    }

    /**
     * Every document is measured when a page is read, not a sample of them: H2 otherwise extrapolates
     * from an average, and a page with a call transcript of a few MB among small messages counts as
     * small. Measured: three 15 MiB transcripts a second kept ~800 MB of documents in a cache meant
     * for 256 MB, and the hub ran into full GCs of a second. Walking the documents costs little beside
     * decoding them.
     */
    @Override
    public boolean isMemoryEstimationAllowed() {
      return false;
    }

    @Override
    void append(ByteBuf out, Document document) {
      BsonCodec.appendDocument(out, document);
    }

    @Override
    public Document read(ByteBuffer buffer) {
      return BsonCodec.readDocument(buffer);
    }

    @Override
    public Document[] createStorage(int size) {
      return new Document[size];
    }
  }

  /** The key of a unique index: the indexed values of one document. */
  static final class Key extends PageWrittenType<KeyValue> {
    static final Key INSTANCE = new Key();

    @Override
    public int getMemory(KeyValue key) {
      int size = 32;
      for (Object value : key) {
        size += BsonCodec.estimateMemory(value);
      }
      return size;
    }

    @Override
    void append(ByteBuf out, KeyValue key) {
      out.writeByte(key.size());
      for (Object value : key) {
        BsonCodec.appendValue(out, value);
      }
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
      int size = buffer.get();
      List<Object> values = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        values.add(BsonCodec.readValue(buffer));
      }
      return new KeyValue(values);
    }

    @Override
    public int compare(KeyValue a, KeyValue b) {
      int common = Math.min(a.size(), b.size());
      for (int i = 0; i < common; i++) {
        int c = ValueOrder.compare(a.get(i), b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.size(), b.size());
    }

    @Override
    public KeyValue[] createStorage(int size) {
      return new KeyValue[size];
    }
  }

  /** The value of a secondary index entry: nothing (the entry's key says it all). */
  static final class Present extends BasicDataType<Boolean> {
    static final Present INSTANCE = new Present();

    @Override
    public int getMemory(Boolean value) {
      return 0;
    }

    @Override
    public void write(WriteBuffer buffer, Boolean value) {
      // nothing to write
    }

    @Override
    public Boolean read(ByteBuffer buffer) {
      return Boolean.TRUE;
    }

    @Override
    public Boolean[] createStorage(int size) {
      return new Boolean[size];
    }
  }
}
