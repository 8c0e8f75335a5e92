package dev.omnihub.bench;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Agent accounts for the benches, created and logged in; Argon2 makes each login take a while, so eight at a time. */
final class BenchAgents {

  /** An agent's id and login token. */
  record Login(String id, String token) {
  }

  private BenchAgents() {
  }

  /** @param extra fields the creation's body carries besides name, email, password and roles (capacity, skills) */
  static List<Login> create(HubClient client, String admin, int count, String role, JsonObject extra) throws Exception {
    List<Future<Login>> pending = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < count; i++) {
        String email = role + i + "-" + UUID.randomUUID() + "@bench.test";
        pending.add(pool.submit(() -> {
          HttpResult created = client.post("/api/v1/agents", extra.copy().put("name", role + " " + email).put("email", email)
              .put("password", "bench password 1").put("roles", new JsonArray().add(role)), admin);
          if (created.status() != 201) {
            throw new IllegalStateException("could not create an agent: " + created);
          }
          return new Login(created.json().getString("id"), client.login(email, "bench password 1"));
        }));
      }
      List<Login> logins = new ArrayList<>();
      for (var login : pending) {
        logins.add(login.get());
      }
      return logins;
    }
  }
}
