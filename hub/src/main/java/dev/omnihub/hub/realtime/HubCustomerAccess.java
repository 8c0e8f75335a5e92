package dev.omnihub.hub.realtime;

import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.CustomerAccess;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.csat.CsatSurvey;
import dev.omnihub.hub.csat.CsatSurveys;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityResolution;
import dev.omnihub.hub.customer.IdentityResolver;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.service.CustomerClaims;
import dev.omnihub.hub.service.ResolutionEvents;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The hub's {@link CustomerAccess}: profiles, claims and files, each scoped to the contact asking. */
public final class HubCustomerAccess implements CustomerAccess {

  /** The stores it reads and writes. */
  public record Stores(PublishingStore publishing, MongoStore store, IdentityResolver identities, CustomerStore customers,
      CustomerClaims claims, ConversationStore conversations, MessageStore messages, AttachmentStore attachments, CsatSurveys surveys) {
  }

  private final Stores stores;

  public HubCustomerAccess(Stores stores) {
    this.stores = stores;
  }

  @Override
  public Future<Void> introduce(Contact contact, List<ContactIdentity> claimed, String source) {
    return stores.publishing().writeAndPublish(() -> {
      IdentityResolution resolution = stores.identities().resolve(contact);
      List<HubEvent> events = new ArrayList<>();
      ResolutionEvents.addTo(events, resolution, stores.customers());
      events.addAll(stores.claims().record(resolution.customerId(), claimed, source));
      return new Outcome<Void>(null, events);
    });
  }

  @Override
  public Future<SurveyAnswer> answerSurvey(ChannelRef channel, Contact contact, String surveyId, int score, String comment) {
    return stores.publishing().writeAndPublish(() -> {
      Optional<String> customer = stores.identities().lookup(contact);
      Optional<Outcome<CsatSurvey>> answered;
      try {
        answered = customer.flatMap(id -> stores.surveys().answerAsCustomer(surveyId, id, score, comment));
      } catch (ConflictException alreadyAnswered) {
        return Outcome.of(SurveyAnswer.ALREADY_ANSWERED);
      }
      return answered.map(outcome -> new Outcome<>(SurveyAnswer.RECORDED, outcome.events())).orElse(Outcome.of(SurveyAnswer.UNKNOWN));
    });
  }

  @Override
  public Future<Optional<String>> activeConversation(Contact contact) {
    return stores.store().read(() -> stores.identities().lookup(contact).flatMap(stores.conversations()::findActiveFor).map(Conversation::id));
  }

  @Override
  public Future<Optional<StoredFile>> file(ChannelRef channel, Contact contact, String messageId, int index) {
    if (!Ids.looksLikeId(messageId) || index < 0) {
      return Future.succeededFuture(Optional.empty());
    }
    return stores.store().read(() -> stores.messages().find(messageId)
        .filter(message -> message.direction() == Direction.INBOUND || message.direction() == Direction.OUTBOUND)
        .filter(message -> stores.identities().lookup(contact).map(customer -> stores.conversations()
            .ofCustomerOnChannel(customer, channel.id()).stream().anyMatch(chat -> chat.id().equals(message.conversationId()))).orElse(false))
        .filter(message -> index < message.attachments().size())
        .map(message -> message.attachments().get(index).id())
        .flatMap(fileId -> fileId == null ? Optional.empty() : stores.attachments().find(fileId))
        .map(file -> new StoredFile(file.fileName(), file.contentType(), file.content())));
  }
}
