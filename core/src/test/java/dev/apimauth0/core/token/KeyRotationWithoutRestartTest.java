package dev.apimauth0.core.token;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;

import static dev.apimauth0.core.token.JwksOutageFailsClosedTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/** Auth0 publishes the next key ahead of use, then signs with it: picked up without a restart. */
class KeyRotationWithoutRestartTest {

    @Test
    void nextKeyPublishedAheadIsUsedAfterTheSwitchAndTheRevokedKeyStopsWorking() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            KeyPair next = TestTokens.rsa("next");
            f.start(g -> g.prefetchJwks(false), p -> p.jwksMaxAgeMillis(600_000));
            String oldToken = f.token();
            assertThat(f.check(oldToken).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(f.jwks.fetches()).isEqualTo(1);

            // 1. Auth0 publishes the next key; the guard picks it up at the next max-age refresh
            f.jwks.publish(TestTokens.jwk("k1", f.key.getPublic(), "RS256"), TestTokens.jwk("next", next.getPublic(), "RS256"));
            f.clock.advanceSeconds(601);
            assertThat(f.check(oldToken).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED); // starts the background refresh
            waitFor(() -> f.jwks.fetches() == 2 && ((DefaultTokenGuard) f.guard).cachedKeys() == 2);

            // 2. Auth0 switches: new tokens are signed with the next key, no fetch needed
            String newToken = TestTokens.sign(TestTokens.header("RS256", "next"), f.claims(), next.getPrivate());
            assertThat(f.check(newToken).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(f.jwks.fetches()).isEqualTo(2);
            assertThat(f.check(oldToken).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);

            // 3. the old key is revoked: its tokens, cached ones included, stop being accepted
            f.jwks.publish(TestTokens.jwk("next", next.getPublic(), "RS256"));
            f.clock.advanceSeconds(601);
            f.check(newToken);
            waitFor(() -> f.jwks.fetches() == 3 && ((DefaultTokenGuard) f.guard).cachedKeys() == 1);
            assertThat(f.check(newToken).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(f.check(oldToken).reason()).isEqualTo(Reason.KEY_UNKNOWN);
        }
    }

    @Test
    void unannouncedKeyIsFetchedOnFirstUseOncePerCooldown() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start(g -> g.prefetchJwks(false), p -> { });
            assertThat(f.check(f.token()).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            KeyPair surprise = TestTokens.rsa("surprise");
            String token = TestTokens.sign(TestTokens.header("RS256", "surprise"), f.claims(), surprise.getPrivate());
            // within the cooldown of the first fetch: not fetched again
            assertThat(f.check(token).reason()).isEqualTo(Reason.KEY_UNKNOWN);
            assertThat(f.jwks.fetches()).isEqualTo(1);
            f.jwks.publish(TestTokens.jwk("k1", f.key.getPublic(), "RS256"), TestTokens.jwk("surprise", surprise.getPublic(), "RS256"));
            f.clock.advanceSeconds(31);
            assertThat(f.check(token).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(f.jwks.fetches()).isEqualTo(2);
        }
    }
}
