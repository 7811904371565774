package dev.apimauth0.core.token;

/**
 * The guard's answer for one request: accept (with the verified token), reject (with a reason),
 * or pass the request through untouched because the token is not one of ours.
 * Rejections carry everything an adapter needs to answer the client (RFC 6750).
 */
public interface GuardDecision {

    enum Outcome { ACCEPTED, REJECTED, PASS_THROUGH }

    Outcome outcome();

    /** The rejection reason; null unless {@link Outcome#REJECTED}. */
    Reason reason();

    /** The verified token; null unless {@link Outcome#ACCEPTED}. */
    VerifiedToken token();

    /** 401 or 403 for a rejection; 0 otherwise. */
    int httpStatus();

    /**
     * The {@code WWW-Authenticate} header value for a rejection, e.g.
     * {@code Bearer realm="...", error="invalid_token", error_description="..."}; null otherwise.
     */
    String wwwAuthenticate();

    /** A short human-readable description of the rejection (never contains the token); null otherwise. */
    String description();

    /** Space-separated scopes the path requires, for {@link Reason#SCOPE_INSUFFICIENT}; null otherwise. */
    String requiredScopes();
}
