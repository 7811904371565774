package dev.apimauth0.bench;

import dev.apimauth0.bench.support.BenchTokens;
import dev.apimauth0.bench.support.JwksServer;
import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenGuards;

/**
 * A guard configured for one Auth0 tenant whose JWKS is served on loopback, so its first key fetch is real HTTP.
 * Requests go to an Auth0-only path, so every bad token is a rejection (not a pass-through).
 */
public final class GuardFixture implements AutoCloseable {

    public static final String PATH = "/orders/v1/items/42";
    public static final String AUTH0_ONLY_PREFIX = "/orders";

    public final BenchTokens tokens;
    public final JwksServer jwks;
    public final TokenGuard guard;

    public GuardFixture(BenchTokens tokens, int verifiedCacheSize) throws Exception {
        this(tokens, verifiedCacheSize, -1);
    }

    /** @param jwksCooldownMillis the provider's JWKS cooldown, or -1 for the default */
    public GuardFixture(BenchTokens tokens, int verifiedCacheSize, long jwksCooldownMillis) throws Exception {
        this.tokens = tokens;
        this.jwks = JwksServer.start(tokens.jwksJson());
        ProviderConfig.Builder provider = ProviderConfig.builder("auth0")
                .issuer(BenchTokens.ISSUER)
                .audience(BenchTokens.AUDIENCE)
                .jwksUri(jwks.uri());
        if (jwksCooldownMillis >= 0) {
            provider.jwksCooldownMillis(jwksCooldownMillis);
        }
        this.guard = TokenGuards.create(TokenGuardConfig.builder()
                .provider(provider.build())
                .verifiedCacheSize(verifiedCacheSize)
                .auth0OnlyPath(AUTH0_ONLY_PREFIX)
                .build());
        // the first valid token waits for the JWKS; after that no case may fetch again
        expect(bearer(tokens.valid(10_000)), GuardDecision.Outcome.ACCEPTED, null);
    }

    public static String bearer(String jwt) {
        return "Bearer " + jwt;
    }

    /** Fails the setup when the guard does not decide as the case assumes: a benchmark of the wrong path is worthless. */
    public GuardDecision expect(String header, GuardDecision.Outcome outcome, Reason reason) {
        GuardDecision d = guard.check(header, PATH);
        if (d.outcome() != outcome || (reason != null && d.reason() != reason)) {
            throw new IllegalStateException("expected " + outcome + (reason == null ? "" : " " + reason.code())
                    + " but the guard said " + d.outcome() + (d.reason() == null ? "" : " " + d.reason().code())
                    + (d.description() == null ? "" : " (" + d.description() + ")"));
        }
        return d;
    }

    @Override
    public void close() {
        guard.close();
        jwks.close();
    }
}
