package dev.omnihub.hub.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the hub that a test can take down, as a train tunnel would: every open
 * connection is cut and new ones are refused until it is up again.
 */
public final class TcpProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile boolean down;

  public TcpProxy(int targetPort) {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(inbound -> {
      if (down) {
        inbound.close();
        return;
      }
      accepted.incrementAndGet();
      inbound.pause();
      client.connect(targetPort, "127.0.0.1").onSuccess(outbound -> {
        open.add(inbound);
        open.add(outbound);
        inbound.closeHandler(ignored -> outbound.close());
        outbound.closeHandler(ignored -> inbound.close());
        inbound.pipeTo(outbound);
        outbound.pipeTo(inbound);
        inbound.resume();
      }).onFailure(failure -> inbound.close());
    });
    try {
      server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("the proxy could not listen", e);
    }
  }

  public int port() {
    return server.actualPort();
  }

  /** Connections accepted while up, so far. */
  public int accepted() {
    return accepted.get();
  }

  /** Cuts every connection and refuses new ones. */
  public void down() {
    down = true;
    open.forEach(NetSocket::close);
    open.clear();
  }

  public void up() {
    down = false;
  }

  @Override
  public void close() {
    vertx.close();
  }
}
