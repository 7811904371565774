package dev.apimauth0.core.token;

/** Immutable decision. Rejections are built once per guard and reason; acceptances once per verified token. */
final class Decision implements GuardDecision {

    static final Decision PASS_THROUGH = new Decision(Outcome.PASS_THROUGH, null, null, 0, null, null, null);

    private final Outcome outcome;
    private final Reason reason;
    private final VerifiedToken token;
    private final int httpStatus;
    private final String wwwAuthenticate;
    private final String description;
    private final String requiredScopes;

    private Decision(Outcome outcome, Reason reason, VerifiedToken token, int httpStatus, String wwwAuthenticate,
                     String description, String requiredScopes) {
        this.outcome = outcome;
        this.reason = reason;
        this.token = token;
        this.httpStatus = httpStatus;
        this.wwwAuthenticate = wwwAuthenticate;
        this.description = description;
        this.requiredScopes = requiredScopes;
    }

    static Decision accepted(VerifiedToken token) {
        return new Decision(Outcome.ACCEPTED, null, token, 0, null, null, null);
    }

    /** RFC 6750 section 3: no error code when the request carried no credentials at all. */
    static Decision rejected(Reason reason, String realm) {
        String error = reason == Reason.PATH_AMBIGUOUS ? "invalid_request" : "invalid_token";
        String header = reason == Reason.TOKEN_MISSING
                ? "Bearer realm=\"" + realm + "\""
                : "Bearer realm=\"" + realm + "\", error=\"" + error + "\", error_description=\"" + reason.description() + "\"";
        return new Decision(Outcome.REJECTED, reason, null, reason.httpStatus(), header, reason.description(), null);
    }

    static Decision insufficientScope(String realm, String scopes) {
        Reason reason = Reason.SCOPE_INSUFFICIENT;
        String header = "Bearer realm=\"" + realm + "\", error=\"insufficient_scope\", error_description=\""
                + reason.description() + "\", scope=\"" + scopes + "\"";
        return new Decision(Outcome.REJECTED, reason, null, reason.httpStatus(), header, reason.description(), scopes);
    }

    @Override public Outcome outcome() { return outcome; }
    @Override public Reason reason() { return reason; }
    @Override public VerifiedToken token() { return token; }
    @Override public int httpStatus() { return httpStatus; }
    @Override public String wwwAuthenticate() { return wwwAuthenticate; }
    @Override public String description() { return description; }
    @Override public String requiredScopes() { return requiredScopes; }

    @Override
    public String toString() {
        if (outcome == Outcome.REJECTED) {
            return "REJECTED(" + reason.code() + (requiredScopes != null ? ", scope=" + requiredScopes : "") + ")";
        }
        if (outcome == Outcome.ACCEPTED) {
            return "ACCEPTED(" + token.providerName() + ", token " + token.tokenHash() + ")";
        }
        return "PASS_THROUGH";
    }
}
