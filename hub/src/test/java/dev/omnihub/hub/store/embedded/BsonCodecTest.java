package dev.omnihub.hub.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Values come back as they went in, whatever their encoding, and values written by the previous encoding still read. */
class BsonCodecTest {

  private static Object roundTrip(Object value) {
    ByteBuf buffer = BsonCodec.scratch();
    BsonCodec.appendValue(buffer, value);
    byte[] bytes = new byte[buffer.readableBytes()];
    buffer.readBytes(bytes);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Object read = BsonCodec.readValue(in);
    assertThat(in.remaining()).as("bytes left after reading %s", value).isZero();
    return read;
  }

  private static int encodedLength(Object value) {
    ByteBuf buffer = BsonCodec.scratch();
    BsonCodec.appendValue(buffer, value);
    return buffer.readableBytes();
  }

  @Test
  void hexIdsTakeThirteenBytesAndComeBackAsTheSameString() {
    assertThat(roundTrip("6b154dd1a956bfabfee979e4")).isEqualTo("6b154dd1a956bfabfee979e4");
    assertThat(encodedLength("6b154dd1a956bfabfee979e4")).isEqualTo(13);
  }

  @Test
  void stringsThatOnlyLookLikeIdsStayStrings() {
    for (String text : new String[] {"6B154DD1A956BFABFEE979E4", "6b154dd1a956bfabfee979e", "6b154dd1a956bfabfee979e4f",
        "6b154dd1a956bfabfee979eg", "", "email:ana@example.com", "ünïcödé 中文", "x".repeat(200), "y".repeat(20_000)}) {
      assertThat(roundTrip(text)).isEqualTo(text);
    }
  }

  @Test
  void randomHexAndTextRoundTrip() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextBoolean() ? 24 : random.nextInt(40);
      for (int c = 0; c < length; c++) {
        text.append(random.nextInt(10) == 0 ? (char) ('A' + random.nextInt(26)) : "0123456789abcdef".charAt(random.nextInt(16)));
      }
      assertThat(roundTrip(text.toString())).isEqualTo(text.toString());
    }
  }

  @Test
  void stringsWrittenWithAFourByteLengthStillRead() {
    byte[] text = "conversation-7".getBytes(StandardCharsets.UTF_8);
    ByteBuffer old = ByteBuffer.allocate(5 + text.length).put((byte) 7).putInt(text.length).put(text).flip();
    assertThat(BsonCodec.readValue(old)).isEqualTo("conversation-7");
    assertThat(old.remaining()).isZero();
  }

  @Test
  void binaryDataCountsItsBytesForTheCache() {
    byte[] chunk = new byte[255 * 1024];
    Document file = new Document("_id", "6b154dd1a956bfabfee979e4")
        .append("data", new BinData(chunk));
    assertThat(BsonCodec.estimateMemory(file)).as("a file chunk weighs what it holds").isGreaterThan(chunk.length);
    assertThat(BsonCodec.estimateMemory(chunk)).isGreaterThan(chunk.length);
  }
}
