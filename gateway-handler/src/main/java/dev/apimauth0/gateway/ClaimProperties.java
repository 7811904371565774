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

    void setOn(MessageContext synCtx) {
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
