package dev.omnihub.adapters.voice;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.InboundMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A transcript as the message the hub stores: the readable text as its body, and the call's facts
 * ({@code kind: call}, speakers with timings, duration, recording) as metadata the hub keeps as the
 * message's {@code call}. A stored document must stay under the store's 16 MiB: a long transcript
 * (text over {@value #MAX_INLINE_CHARS} characters) keeps its beginning in the body and its whole
 * text as an attached file, whose lines carry each turn's start and speaker; its facts then list the
 * speakers and count the segments instead of listing tens of thousands of them, each of which the hub
 * would hold as a document in every copy it makes on the way to the store and to the agents' screens
 * (measured: the event loops' latency under three 15 MiB transcripts was the collector copying them).
 */
final class CallMessages {

  /** Metadata keys the hub reads back into {@code message.call}. */
  static final String KIND = "kind";
  static final String CALL = "call";
  static final int MAX_INLINE_CHARS = 256 * 1024;

  private CallMessages() {
  }

  static InboundMessage of(ChannelRef channel, Transcript transcript, Instant receivedAt) {
    String text = transcript.toPlainText();
    boolean inline = text.length() <= MAX_INLINE_CHARS;
    JsonObject call = new JsonObject().put("callId", transcript.callId()).put("from", transcript.from()).put("to", transcript.to())
        .put("startedAt", transcript.startedAt() == null ? null : transcript.startedAt().toString())
        .put("durationSec", transcript.durationSec()).put("recordingUrl", transcript.recordingUrl())
        .put("speakers", new JsonArray(transcript.segments().stream().map(Transcript.Segment::speaker).distinct().toList()));
    if (inline) {
      JsonArray segments = new JsonArray();
      for (Transcript.Segment segment : transcript.segments()) {
        segments.add(new JsonObject().put("speaker", segment.speaker()).put("startMs", segment.startMs()).put("endMs", segment.endMs())
            .put("text", segment.text()));
      }
      call.put("segments", segments);
    }
    List<Attachment> files = List.of();
    String body = text;
    if (!inline) {
      call.put("transcriptAttached", true).put("segmentCount", transcript.segments().size());
      files = List.of(Attachment.carried("transcript-" + transcript.callId() + ".txt", "text/plain; charset=utf-8",
          text.getBytes(StandardCharsets.UTF_8), false, null));
      body = text.substring(0, MAX_INLINE_CHARS) + "\n[… the whole transcript is attached]";
    }
    Map<String, String> metadata = new HashMap<>();
    metadata.put(KIND, CALL);
    metadata.put(CALL, call.encode());
    return new InboundMessage(channel, "call:" + transcript.callId(), Contact.of(null, ContactIdentity.phone(transcript.from())), body, null,
        files, null, transcript.startedAt() == null ? receivedAt : transcript.startedAt(), metadata);
  }
}
