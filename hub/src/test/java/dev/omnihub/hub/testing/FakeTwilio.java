package dev.omnihub.hub.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server standing in for Twilio's Messages resource: {@code POST
 * /2010-04-01/Accounts/{sid}/Messages.json} (form, HTTP Basic) creates a message and answers its
 * {@code sid}; {@code GET} of the same path lists them (filtered by {@code To} and {@code From}). A test
 * can script the next answers: {@code 429}, {@code 500}, a refusal with Twilio's error JSON, or
 * {@code LOSE} (the message is created, then the connection is closed without an answer).
 */
public final class FakeTwilio implements AutoCloseable {

  /** Creates the message, then closes the connection: the sender never learns it went through. */
  public static final String LOSE = "lose";

  /** A message the fake provider took. */
  public record Sent(String sid, MultiMap form, String authorization) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final String accountSid;
  private final String authToken;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<JsonObject> created = new CopyOnWriteArrayList<>();
  private final Queue<String> script = new ConcurrentLinkedQueue<>();
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();

  public FakeTwilio(String accountSid, String authToken) {
    this.accountSid = accountSid;
    this.authToken = authToken;
    try {
      server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The next POSTs answer these, in order ({@code "429"}, {@code "500"}, {@code "400:21211:Invalid To"}, {@link #LOSE}); then 201. */
  public void script(String... answers) {
    script.addAll(List.of(answers));
  }

  /** Messages created (including those whose answer was lost). */
  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Every POST, whatever it was answered. */
  public int posts() {
    return posts.get();
  }

  private void handle(HttpServerRequest request) {
    String path = "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    String expectedAuth = "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    if (!request.path().equals(path)) {
      request.response().setStatusCode(404).end(new JsonObject().put("code", 20404).put("message", "not found").encode());
      return;
    }
    if (!expectedAuth.equals(request.getHeader("Authorization"))) {
      request.response().setStatusCode(401).end(new JsonObject().put("code", 20003).put("message", "Authenticate").encode());
      return;
    }
    if ("GET".equals(request.method().name())) {
      JsonArray messages = new JsonArray();
      created.stream().filter(m -> m.getString("to").equals(request.getParam("To")) && m.getString("from").equals(request.getParam("From")))
          .forEach(messages::add);
      request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("messages", messages).encode());
      return;
    }
    request.setExpectMultipart(true);
    request.end().onSuccess(ignored -> answer(request, request.formAttributes()));
  }

  private void answer(HttpServerRequest request, MultiMap form) {
    posts.incrementAndGet();
    String scripted = script.poll();
    if (scripted != null && !LOSE.equals(scripted)) {
      String[] parts = scripted.split(":", 3);
      JsonObject error = new JsonObject().put("status", Integer.parseInt(parts[0]))
          .put("code", parts.length > 1 ? Integer.parseInt(parts[1]) : 20500).put("message", parts.length > 2 ? parts[2] : "scripted failure");
      request.response().setStatusCode(Integer.parseInt(parts[0])).putHeader("Content-Type", "application/json").end(error.encode());
      return;
    }
    String sid = "SM" + String.format("%032d", ids.incrementAndGet());
    MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(form);
    sent.add(new Sent(sid, copy, request.getHeader("Authorization")));
    JsonObject message = new JsonObject().put("sid", sid).put("to", form.get("To")).put("from", form.get("From")).put("body", form.get("Body"))
        .put("status", "queued").put("date_created", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    created.add(message);
    if (LOSE.equals(scripted)) {
      request.connection().close();
      return;
    }
    request.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(message.encode());
  }

  @Override
  public void close() {
    vertx.close();
  }
}
