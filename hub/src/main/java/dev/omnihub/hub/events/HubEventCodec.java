package dev.omnihub.hub.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * Carries one event type on the event bus: as the record itself within a node, as its JSON across a
 * cluster.
 */
public final class HubEventCodec<T extends HubEvent> implements MessageCodec<T, T> {

  private final Class<T> type;
  private final Function<JsonObject, T> decoder;

  private HubEventCodec(Class<T> type, Function<JsonObject, T> decoder) {
    this.type = type;
    this.decoder = decoder;
  }

  /** Registers one codec per event type as the default for that type. */
  public static void registerAll(EventBus bus) {
    register(bus, MessageCreated.class, MessageCreated::fromJson);
    register(bus, MessageUpdated.class, MessageUpdated::fromJson);
    register(bus, ConversationCreated.class, ConversationCreated::fromJson);
    register(bus, ConversationUpdated.class, ConversationUpdated::fromJson);
    register(bus, CustomerMerged.class, CustomerMerged::fromJson);
    register(bus, CallActivity.class, CallActivity::fromJson);
    register(bus, CallIncoming.class, CallIncoming::fromJson);
    register(bus, ConversationSignal.class, ConversationSignal::fromJson);
    register(bus, AgentPresence.class, AgentPresence::fromJson);
    register(bus, CustomerChanged.class, CustomerChanged::fromJson);
    register(bus, MergeSuggested.class, MergeSuggested::fromJson);
    register(bus, AlertRaised.class, AlertRaised::fromJson);
  }

  /**
   * An event of a kind that carries its own JSON (no message or conversation to read back), from that
   * JSON as stored; {@code null} for a kind this hub has no record of.
   */
  static HubEvent decode(String type, JsonObject json) {
    return switch (type) {
      case CustomerMerged.TYPE -> CustomerMerged.fromJson(json);
      case CallIncoming.TYPE -> CallIncoming.fromJson(json);
      case AgentPresence.TYPE -> AgentPresence.fromJson(json);
      case CustomerChanged.CREATED, CustomerChanged.UPDATED -> CustomerChanged.fromJson(json);
      case MergeSuggested.TYPE -> MergeSuggested.fromJson(json);
      case AlertRaised.TYPE -> AlertRaised.fromJson(json);
      default -> type.startsWith(CallActivity.PREFIX) ? CallActivity.fromJson(json) : null;
    };
  }

  private static <T extends HubEvent> void register(EventBus bus, Class<T> type, Function<JsonObject, T> decoder) {
    bus.registerDefaultCodec(type, of(type, decoder));
  }

  static <T extends HubEvent> HubEventCodec<T> of(Class<T> type, Function<JsonObject, T> decoder) {
    return new HubEventCodec<>(type, decoder);
  }

  @Override
  public void encodeToWire(Buffer buffer, T event) {
    Buffer json = event.toJson().toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int position, Buffer buffer) {
    int length = buffer.getInt(position);
    return decoder.apply(new JsonObject(buffer.getBuffer(position + 4, position + 4 + length)));
  }

  @Override
  public T transform(T event) {
    return event; // records with JSON payloads that nobody mutates after publishing
  }

  @Override
  public String name() {
    return "omnihub." + type.getSimpleName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
