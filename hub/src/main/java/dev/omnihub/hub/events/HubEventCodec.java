package dev.omnihub.hub.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

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

  /**
   * Every kind of event, in one place: its record, how it is read from its JSON, and the type names it
   * is logged under (the first kind that claims a name reads it: {@code call.incoming} before the
   * other {@code call.*}).
   */
  private record Kind<T extends HubEvent>(Class<T> type, Function<JsonObject, T> decoder, Predicate<String> logs) {

    void register(EventBus bus) {
      bus.registerDefaultCodec(type, of(type, decoder));
    }
  }

  private static final List<Kind<?>> KINDS = List.of(
      new Kind<>(MessageCreated.class, MessageCreated::fromJson, MessageCreated.TYPE::equals),
      new Kind<>(MessageUpdated.class, MessageUpdated::fromJson, MessageUpdated.TYPE::equals),
      new Kind<>(ConversationCreated.class, ConversationCreated::fromJson, ConversationCreated.TYPE::equals),
      new Kind<>(ConversationUpdated.class, ConversationUpdated::fromJson, ConversationUpdated.TYPE::equals),
      new Kind<>(CustomerMerged.class, CustomerMerged::fromJson, CustomerMerged.TYPE::equals),
      new Kind<>(CallIncoming.class, CallIncoming::fromJson, CallIncoming.TYPE::equals),
      new Kind<>(CallActivity.class, CallActivity::fromJson, type -> type.startsWith(CallActivity.PREFIX)),
      // Typing and read signals are passed on, never logged.
      new Kind<>(ConversationSignal.class, ConversationSignal::fromJson, type -> false),
      new Kind<>(AgentPresence.class, AgentPresence::fromJson, AgentPresence.TYPE::equals),
      new Kind<>(CustomerChanged.class, CustomerChanged::fromJson, Set.of(CustomerChanged.CREATED, CustomerChanged.UPDATED)::contains),
      new Kind<>(MergeSuggested.class, MergeSuggested::fromJson, MergeSuggested.TYPE::equals),
      new Kind<>(AlertRaised.class, AlertRaised::fromJson, AlertRaised.TYPE::equals),
      new Kind<>(QueueStats.class, QueueStats::fromJson, QueueStats.TYPE::equals),
      new Kind<>(TicketChanged.class, TicketChanged::fromJson, TicketChanged.TYPES::contains),
      new Kind<>(SlaAlarmRaised.class, SlaAlarmRaised::fromJson, SlaAlarmRaised.TYPES::contains),
      new Kind<>(CsatReceived.class, CsatReceived::fromJson, CsatReceived.TYPE::equals));

  /** Registers one codec per event type as the default for that type. */
  public static void registerAll(EventBus bus) {
    KINDS.forEach(kind -> kind.register(bus));
  }

  /**
   * An event read back from the JSON it was logged with; {@code null} for a type no kind claims. Message
   * and conversation events are logged with only their subject's id: the log rebuilds those itself.
   */
  static HubEvent decode(String type, JsonObject json) {
    return KINDS.stream().filter(kind -> kind.logs().test(type)).findFirst().<HubEvent>map(kind -> kind.decoder().apply(json))
        .orElse(null);
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
