package dev.apimauth0.gateway;

import org.apache.synapse.MessageContext;

import dev.apimauth0.core.token.VerifiedToken;

/**
 * The message properties of an accepted token ({@code apim_auth0.*}), computed once per token: joining scopes and
 * audiences, formatting exp and hashing the token happen when a token is first accepted, not on every request.
 */
final class ClaimProperties {

    private final String subject;
    private final String authorizedParty;
    private final String scope;
    private final String audience;
    private final String issuer;
    private final String expiresAt;
    final String providerName;
    private final String tokenHash;

    private ClaimProperties(VerifiedToken token) {
        subject = token.subject();
        authorizedParty = token.authorizedParty();
        scope = String.join(" ", token.scopes());
        audience = String.join(",", token.audiences());
        issuer = token.issuer();
        expiresAt = String.valueOf(token.expiresAt());
        providerName = token.providerName();
        tokenHash = token.tokenHash();
    }

    static ClaimProperties of(VerifiedToken token) {
        return new ClaimProperties(token);
    }

    /** The names {@code claim_properties} may list, in the order of {@link #setOn}'s bits. */
    static final java.util.List<String> NAMES = java.util.Collections.unmodifiableList(java.util.Arrays.asList(
            "sub", "azp", "scope", "aud", "iss", "exp", "provider", "token_hash"));
    static final int ALL = (1 << 8) - 1;

    /** Sets the properties whose bit is in {@code which} (bit i: {@link #NAMES}' entry i). */
    void setOn(MessageContext synCtx, int which) {
        if (which == ALL) {
            setAll(synCtx);
            return;
        }
        set(synCtx, which, 0, TokenGuardFlow.PROP_SUB, subject);
        set(synCtx, which, 1, TokenGuardFlow.PROP_AZP, authorizedParty);
        set(synCtx, which, 2, TokenGuardFlow.PROP_SCOPE, scope);
        set(synCtx, which, 3, TokenGuardFlow.PROP_AUD, audience);
        set(synCtx, which, 4, TokenGuardFlow.PROP_ISS, issuer);
        set(synCtx, which, 5, TokenGuardFlow.PROP_EXP, expiresAt);
        set(synCtx, which, 6, TokenGuardFlow.PROP_PROVIDER, providerName);
        set(synCtx, which, 7, TokenGuardFlow.PROP_TOKEN_HASH, tokenHash);
    }

    private static void set(MessageContext synCtx, int which, int bit, String name, String value) {
        if ((which & (1 << bit)) != 0 && value != null) {
            synCtx.setProperty(name, value);
        }
    }

    private void setAll(MessageContext synCtx) {
        synCtx.setProperty(TokenGuardFlow.PROP_SUB, subject);
        if (authorizedParty != null) {
            synCtx.setProperty(TokenGuardFlow.PROP_AZP, authorizedParty);
        }
        synCtx.setProperty(TokenGuardFlow.PROP_SCOPE, scope);
        synCtx.setProperty(TokenGuardFlow.PROP_AUD, audience);
        synCtx.setProperty(TokenGuardFlow.PROP_ISS, issuer);
        synCtx.setProperty(TokenGuardFlow.PROP_EXP, expiresAt);
        synCtx.setProperty(TokenGuardFlow.PROP_PROVIDER, providerName);
        synCtx.setProperty(TokenGuardFlow.PROP_TOKEN_HASH, tokenHash);
    }
}
