package dev.omnihub.hub.audit;

import org.bson.Document;

/** How an {@link Actor} is stored beside what they did (audit entries, article versions). */
public final class StoredActors {

  private StoredActors() {
  }

  public static Document toDocument(Actor actor) {
    return new Document("type", actor.type()).append("id", actor.id()).append("name", actor.name());
  }
}
