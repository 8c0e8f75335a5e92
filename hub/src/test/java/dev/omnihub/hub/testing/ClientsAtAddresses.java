package dev.omnihub.hub.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP clients that each connect from an address of their own on the loopback network (all of
 * 127.0.0.0/8 is this machine on Linux), so a test can be many visitors, or a visitor and a proxy,
 * without a network.
 */
public final class ClientsAtAddresses implements AutoCloseable {

  /** A response: status, headers of interest, body. */
  public record Answer(int status, String retryAfter, String body) {

    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final Vertx vertx = Vertx.vertx();

  /** Sends one request from {@code from} (a 127.x.y.z address) to a port on 127.0.0.1, on a connection of its own. */
  public CompletableFuture<Answer> send(String from, int port, HttpMethod method, String path, String body, Map<String, String> headers) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setLocalAddress(from));
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
    headers.forEach(options::putHeader);
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    Future<Answer> answer = client.request(options)
        .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
        .compose(response -> response.body().map(content -> new Answer(response.statusCode(), response.getHeader("Retry-After"),
            content.toString())))
        .eventually(client::close);
    return answer.toCompletionStage().toCompletableFuture();
  }

  public Answer post(String from, int port, String path, JsonObject body, Map<String, String> headers) {
    return send(from, port, HttpMethod.POST, path, body.encode(), headers).join();
  }

  public Answer get(String from, int port, String path, Map<String, String> headers) {
    return send(from, port, HttpMethod.GET, path, null, headers).join();
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
