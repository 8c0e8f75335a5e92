package dev.omnihub.hub;

import dev.omnihub.hub.audit.AuditTrail;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.ApiTokenStore;
import dev.omnihub.hub.auth.AuthService;
import dev.omnihub.hub.auth.LoginThrottle;
import dev.omnihub.hub.auth.PasswordChecks;
import dev.omnihub.hub.auth.PasswordHasher;

/** Who may do what: sign-in, tokens, agents, and the audit of what they did. */
public record AccessServices(AuthService auth, LoginThrottle loginThrottle, PasswordChecks passwordChecks, AgentStore agents,
    ApiTokenStore tokens, PasswordHasher passwords, AuditTrail auditTrail) {
}
