package dev.omnihub.adapters.spi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What the hub gives an adapter when it starts it: the Vert.x instance to run on, the sink for inbound
 * traffic, the channels of its type, small durable state, leases and a place to report trouble. An
 * adapter runs its own listeners and pollers from {@link ChannelAdapter#start} and never touches the
 * store directly.
 */
public interface AdapterContext {

  Vertx vertx();

  Clock clock();

  /** Ingests inbound traffic; its futures complete only once what was handed in is durable. */
  InboundSink sink();

  /** The configured channels (all types; adapters filter by their own). */
  ChannelDirectory channels();

  /** Small durable per-channel state, such as an IMAP mailbox's UIDVALIDITY and last UID. */
  AdapterState state();

  /** Cluster-wide leases, so that one node polls a mailbox at a time. */
  Leases leases();

  /** Where an adapter says how its listeners and pollers of a channel are doing. */
  ChannelHealth health();

  /** Facts of the hub's configuration adapters need. */
  AdapterEnvironment environment();

  /**
   * Registers routes; the hub applies the mounter to every HTTP router it builds. Adapters mount under
   * {@code /webhooks/<type>/...} (and {@code /ws/...}, {@code /widget.js}, {@code /api/v1/widget/...} for
   * chat). A route refuses with {@link InputRejectedException}, {@link NotFoundException},
   * {@link ForbiddenException} or {@link RateLimitedException}, which the hub answers as its API does.
   */
  void routes(Consumer<Router> mounter);

  /**
   * The address per-client limits count a request under: the client's (behind a trusted proxy, the one
   * it forwarded; an IPv6 client's /64), never a spoofed header's.
   */
  String clientAddress(RoutingContext request);

  /**
   * Upgrades the request to a WebSocket that the hub counts among its open connections until it ends
   * (the connection cap covers sockets too).
   */
  Future<ServerWebSocket> upgrade(RoutingContext request);

  /** The hub's per-client limits. */
  RateLimits limits();

  /** Live feeds of what a customer sees of their conversations (for a channel that shows them itself). */
  CustomerFeeds customerFeeds();

  /** What a customer-facing channel may do and read for the contact it serves. */
  CustomerAccess customers();
}
