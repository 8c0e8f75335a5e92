package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.canned.CannedReplies;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationFilter;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.CustomerMatch;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.routing.ManualAssignments;
import dev.omnihub.hub.service.AssignmentChange;
import dev.omnihub.hub.service.ConversationSearch;
import dev.omnihub.hub.service.ConversationService;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/conversations}: the inbox (searched by customer with {@code q}), a conversation's
 * messages, replies, notes, status, assignment, and an agent's read.
 */
final class ConversationRoutes {

  static final int MAX_TEXT = 32_000;

  private final PublishingStore store;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final ConversationService service;
  private final ManualAssignments manual;
  private final CannedReplies canned;
  private final UploadedFiles uploads;
  private final CustomerStore customers;
  private final ConversationSearch search;

  ConversationRoutes(PublishingStore store, ConversationStore conversations, MessageStore messages, ConversationService service,
      ManualAssignments manual, CannedReplies canned, CustomerStore customers, AttachmentStore attachments) {
    this.uploads = new UploadedFiles(attachments);
    this.manual = manual;
    this.canned = canned;
    this.store = store;
    this.conversations = conversations;
    this.messages = messages;
    this.service = service;
    this.customers = customers;
    this.search = new ConversationSearch(conversations, customers.search());
  }

  void mount(Router router, Authentication auth, ScopeGate scope) {
    router.get("/api/v1/conversations").handler(auth.require(Role.AGENT)).handler(this::list);
    router.get("/api/v1/conversations/:id").handler(auth.require(Role.AGENT)).handler(scope.conversation()).handler(this::get);
    router.get("/api/v1/conversations/:id/messages").handler(auth.require(Role.AGENT)).handler(scope.conversation()).handler(this::messages);
    router.post("/api/v1/conversations/:id/messages").handler(auth.require(Role.AGENT)).handler(scope.conversation()).handler(this::write);
    router.post("/api/v1/conversations/:id/status").handler(auth.require(Role.AGENT)).handler(scope.conversation()).handler(this::status);
    router.post("/api/v1/conversations/:id/assign").handler(auth.require(Role.AGENT)).handler(scope.conversation()).handler(this::assign);
    router.post("/api/v1/conversations/:id/read").handler(auth.require(Role.AGENT)).handler(scope.conversation()).handler(this::read);
  }

  private void list(RoutingContext ctx) {
    ConversationFilter filter = new ConversationFilter(statuses(Requests.query(ctx, "status")), assignee(ctx),
        Requests.query(ctx, "queue"), Requests.query(ctx, "channel"), customer(ctx), ScopeGate.channelsOf(ctx));
    CustomerMatch match = CustomerMatch.of(Requests.query(ctx, "q"), "q");
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> {
      Page<Conversation> page = match == null ? conversations.list(filter, cursor, limit) : search.search(filter, match, cursor, limit);
      Map<String, String> names = customers.namesOf(page.items().stream().map(Conversation::customerId).collect(Collectors.toSet()));
      return page.map(conversation -> Views.conversation(conversation, names.get(conversation.customerId())));
    }).onSuccess(page -> Responses.page(ctx, page)).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "conversation");
    store.read(() -> withCustomerName(conversations.require(id))).onSuccess(c -> {
      ctx.put(AuditRoutes.CUSTOMER, c.getString("customerId"));
      Responses.ok(ctx, c);
    }).onFailure(ctx::fail);
  }

  /**
   * The agent read the conversation: its unread count is 0 from now on (API.md; the agent socket's
   * {@code read} frame does the same). Only a read that changes the count waits for a commit.
   */
  private void read(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "conversation");
    store.writeAndPublishDurableIfAny(() -> {
      Outcome<Conversation> read = service.markRead(id);
      return new Outcome<>(withCustomerName(read.value()), read.events());
    }).onSuccess(conversation -> Responses.ok(ctx, conversation)).onFailure(ctx::fail);
  }

  /** The conversation's view with its customer's name (blocking). */
  private JsonObject withCustomerName(Conversation conversation) {
    return Views.conversation(conversation, customers.namesOf(List.of(conversation.customerId())).get(conversation.customerId()));
  }

  private void messages(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "conversation");
    String order = Requests.query(ctx, "order");
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      throw InputRejectedException.invalid("order", "order must be asc (oldest first, the default) or desc");
    }
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> {
      conversations.require(id);
      return messages.list(id, cursor, limit, "desc".equals(order));
    }).onSuccess(page -> Responses.page(ctx, page.map(Views::message))).onFailure(ctx::fail);
  }

  /**
   * A reply to the customer, or with {@code private: true} a note for colleagues; {@code cannedResponseId}
   * instead of {@code text} sends that canned response filled in.
   */
  private void write(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "conversation");
    JsonInput body = Requests.body(ctx);
    String cannedId = body.optionalString("cannedResponseId", 64);
    List<String> attachmentIds = UploadedFiles.ids(body);
    String given = body.raw().containsKey("text") || (cannedId == null && attachmentIds.isEmpty()) ? body.requiredString("text", MAX_TEXT)
        : cannedId != null ? null : ""; // files alone need no text
    String channel = body.optionalString("channel", 64);
    boolean note = Boolean.TRUE.equals(body.optionalBoolean("private"));
    Principal author = Requests.principal(ctx);
    if (!note && author.scoped()) {
      if (channel == null) {
        throw InputRejectedException.invalid("channel", "a token limited to channels names the channel each reply goes through");
      }
      if (!author.reaches(List.of(channel))) {
        throw new NotFoundException("channel", channel);
      }
    }
    store.writeAndPublish(write -> {
      String text = given != null ? given : canned.filled(cannedId, conversations.require(id), author.name(), "cannedResponseId");
      List<AttachmentStore.Upload> files = uploads.take(attachmentIds, author);
      try {
        return note ? service.note(id, text, files, author, write) : service.reply(id, text, channel, files, author, write);
      } catch (RuntimeException refused) {
        uploads.giveBack(files); // not sent: the files stay the writer's to send
        throw refused;
      }
    })
        .onSuccess(message -> Responses.created(ctx, Views.message(message)))
        .onFailure(ctx::fail);
  }

  private void status(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "conversation");
    JsonInput body = Requests.body(ctx);
    ConversationStatus status = ConversationStatus.parse(body.requiredString("status", 32), "status");
    Instant until = body.optionalInstant("until");
    Principal actor = Requests.principal(ctx);
    store.writeAndPublish(() -> service.changeStatus(id, status, until, actor))
        .onSuccess(conversation -> Responses.ok(ctx, Views.conversation(conversation)))
        .onFailure(ctx::fail);
  }

  /** Fields present in the body change (null unassigns); absent ones stay. */
  private void assign(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "conversation");
    JsonInput body = Requests.body(ctx);
    AssignmentChange change = new AssignmentChange(
        body.raw().containsKey("agentId"), optionalId(body, "agentId", "agent"),
        body.raw().containsKey("queueId"), optionalId(body, "queueId", "queue"));
    if (!change.agentGiven() && !change.queueGiven()) {
      throw InputRejectedException.invalid("agentId", "give agentId and/or queueId (null to unassign)");
    }
    Principal actor = Requests.principal(ctx);
    store.writeAndPublish(() -> manual.assign(id, change, actor))
        .onSuccess(conversation -> Responses.ok(ctx, Views.conversation(conversation)))
        .onFailure(ctx::fail);
  }

  private static String optionalId(JsonInput body, String field, String what) {
    String value = body.optionalString(field, 64);
    if (value != null && !Ids.looksLikeId(value)) {
      throw new NotFoundException(what, value);
    }
    return value;
  }

  private static List<ConversationStatus> statuses(String raw) {
    if (raw == null) {
      return null;
    }
    return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(name -> ConversationStatus.parse(name, "status")).distinct().toList();
  }

  private static String assignee(RoutingContext ctx) {
    String raw = Requests.query(ctx, "assignee");
    if ("me".equals(raw)) {
      return Requests.principal(ctx).id();
    }
    return raw;
  }

  private static List<String> customer(RoutingContext ctx) {
    String raw = Requests.query(ctx, "customerId");
    return raw == null ? null : List.of(raw);
  }
}
