package dev.apimauth0.core.token;

import dev.apimauth0.core.config.TokenGuardConfig;

import java.io.Closeable;

/**
 * Validates Auth0 access tokens. Built once from a {@link TokenGuardConfig} by
 * {@link TokenGuards#create}; thread safe; shared by the gateway handlers and the key manager.
 * Decisions are immutable and may be shared between requests (rejections are built once per reason,
 * acceptances once per verified token). The order of the checks is documented on the implementation
 * and in the README; every rejection carries a stable {@link Reason}.
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
     * Checks one request whose path the gateway has rewritten: APIM's DefaultAPIHandler turns a call to an API's
     * default version ({@code /orders/admin}) into the versioned path ({@code /orders/1.0.0/admin}) before later
     * handlers run. Path rules then hold on both spellings: a request is Auth0-only when either is, and the most
     * specific scope rule of each must be met.
     *
     * @param clientPath the path as the client sent it, when it may differ from requestPath; null when unknown
     */
    GuardDecision check(String authorizationHeader, String requestPath, String clientPath);

    /**
     * Verifies a bare JWT with no path rules applied (used by the key manager's token metadata).
     * A token from another issuer, a non-JWT and null are {@link GuardDecision.Outcome#PASS_THROUGH};
     * a token that claims one of our issuers is ACCEPTED only after every check, else REJECTED.
     */
    GuardDecision verify(String jwt);

    /**
     * True when the string is a JWT whose iss is one of the configured issuers (no signature or time
     * check), or a broken token in which a lenient parser would still find one of them: whatever
     * claims to be ours must be judged by {@link #verify}, never handed to another validator.
     */
    boolean isOurs(String jwt);

    GuardMetrics metrics();

    /** Stops the background JWKS refreshes and drops the caches. */
    @Override
    void close();
}
