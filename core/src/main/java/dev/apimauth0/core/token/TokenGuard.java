package dev.apimauth0.core.token;

import java.io.Closeable;

/**
 * Validates Auth0 access tokens. Built once from a {@link TokenGuardConfig}; thread safe; shared
 * by the gateway handlers and the key manager.
 */
public interface TokenGuard extends Closeable {

    /**
     * Checks one request.
     *
     * @param authorizationHeader the raw Authorization header value, or null when absent
     * @param requestPath the request path (for scope rules and Auth0-only paths), never null
     */
    GuardDecision check(String authorizationHeader, String requestPath);

    /**
     * Verifies a bare JWT with no path rules applied (used by the key manager's token metadata).
     * A token from another issuer is {@link GuardDecision.Outcome#PASS_THROUGH}.
     */
    GuardDecision verify(String jwt);

    /** True when the string is a JWT whose iss is one of the configured issuers (no signature check). */
    boolean isOurs(String jwt);

    GuardMetrics metrics();

    @Override
    void close();
}
