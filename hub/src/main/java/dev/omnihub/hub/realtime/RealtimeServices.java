package dev.omnihub.hub.realtime;

import dev.omnihub.hub.auth.AuthService;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.kb.ConversationSuggestions;
import dev.omnihub.hub.kb.SuggestionWatchers;
import dev.omnihub.hub.store.MongoStore;
import java.time.Clock;
import java.time.Duration;

/** What the sockets need from the hub, built once and shared by every HTTP verticle. */
public record RealtimeServices(AuthService auth, EventLog events, MongoStore store, AgentPresenceTracker presence,
    ConversationSignals signals, SignalRouter signalRouter, Duration pingTimeout, ConversationSuggestions suggestions,
    SuggestionWatchers watchers, ConversationViewers viewers, Clock clock) {
}
