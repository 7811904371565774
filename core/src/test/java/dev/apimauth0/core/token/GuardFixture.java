package dev.apimauth0.core.token;

import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;

import java.security.KeyPair;
import java.util.Map;
import java.util.function.Consumer;

/** A guard against a real JWKS server on loopback, with a hand-moved clock. */
final class GuardFixture implements AutoCloseable {

    final JwksServer jwks;
    final MutableClock clock = MutableClock.now();
    final KeyPair key = TestTokens.rsa("k1");
    TokenGuard guard;

    GuardFixture() throws Exception {
        jwks = new JwksServer();
        jwks.publish(TestTokens.jwk("k1", key.getPublic(), "RS256"));
    }

    GuardFixture start(Consumer<TokenGuardConfig.Builder> guardSettings, Consumer<ProviderConfig.Builder> providerSettings) {
        ProviderConfig.Builder p = ProviderConfig.builder("auth0")
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .jwksUri(jwks.jwksUri());
        providerSettings.accept(p);
        TokenGuardConfig.Builder g = TokenGuardConfig.builder().provider(p.build()).clock(clock);
        guardSettings.accept(g);
        guard = TokenGuards.create(g.build());
        return this;
    }

    GuardFixture start() {
        return start(g -> { }, p -> { });
    }

    Map<String, Object> claims() {
        return TestTokens.claims(clock.seconds());
    }

    String token(Map<String, Object> claims) {
        return TestTokens.sign(TestTokens.header("RS256", "k1"), claims, key.getPrivate());
    }

    String token() {
        return token(claims());
    }

    GuardDecision check(String token) {
        return guard.check("Bearer " + token, "/orders/1");
    }

    @Override
    public void close() {
        if (guard != null) {
            guard.close();
        }
        jwks.close();
    }
}
