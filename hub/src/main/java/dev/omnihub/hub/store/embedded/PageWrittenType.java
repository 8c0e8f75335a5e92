package dev.omnihub.hub.store.embedded;

import io.netty.buffer.ByteBuf;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * A data type whose values are encoded into one scratch buffer per page and copied into H2's buffer
 * once: a commit rewrites every key (or value) of each page it touched, and a buffer lookup and a copy
 * per value were most of what H2's serialization thread did besides encoding (ingest profile: the
 * thread-local scratch buffer alone took 15 % of that thread).
 */
abstract class PageWrittenType<T> extends BasicDataType<T> {

  /** Appends one value's encoding. */
  abstract void append(ByteBuf out, T value);

  @Override
  public final void write(WriteBuffer buffer, T value) {
    ByteBuf bytes = BsonCodec.scratch();
    append(bytes, value);
    BsonCodec.copy(bytes, buffer);
  }

  @Override
  public final void write(WriteBuffer buffer, Object storage, int len) {
    T[] values = cast(storage);
    ByteBuf bytes = BsonCodec.scratch();
    for (int i = 0; i < len; i++) {
      append(bytes, values[i]);
    }
    BsonCodec.copy(bytes, buffer);
  }
}
