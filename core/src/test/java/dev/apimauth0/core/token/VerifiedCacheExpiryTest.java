package dev.apimauth0.core.token;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The verified-token cache makes repeats cheap but never outlives exp + leeway, and stays bounded. */
class VerifiedCacheExpiryTest {

    @Test
    void cachedTokenIsRejectedOnceExpPlusLeewayIsReached() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start(g -> g.clockLeewaySeconds(5), p -> p.jwksMaxAgeMillis(86_400_000L));
            Map<String, Object> c = f.claims();
            c.put("exp", f.clock.seconds() + 100);
            String token = f.token(c);
            assertThat(f.check(token).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(f.check(token).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(f.guard.metrics().verifiedCacheHits()).isEqualTo(1);
            f.clock.advanceSeconds(104);
            assertThat(f.check(token).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(f.guard.metrics().verifiedCacheHits()).isEqualTo(2);
            f.clock.advanceSeconds(1); // exp + leeway reached
            assertThat(f.check(token).reason()).isEqualTo(Reason.TOKEN_EXPIRED);
            assertThat(f.guard.verify(token).reason()).isEqualTo(Reason.TOKEN_EXPIRED);
            assertThat(f.guard.metrics().verifiedCacheHits()).isEqualTo(2);
        }
    }

    @Test
    void cacheHoldsAtMostItsSizeAndOnlyFullyValidatedTokens() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start(g -> g.verifiedCacheSize(16), p -> { });
            for (int i = 0; i < 100; i++) {
                Map<String, Object> c = f.claims();
                c.put("jti", "id-" + i);
                assertThat(f.check(f.token(c)).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            }
            assertThat(((DefaultTokenGuard) f.guard).verifiedCacheSize()).isLessThanOrEqualTo(16).isGreaterThan(0);
            // a rejected token is not cached: rejected again with the full reason each time
            Map<String, Object> c = f.claims();
            c.put("aud", "elsewhere");
            String bad = f.token(c);
            long hits = f.guard.metrics().verifiedCacheHits();
            assertThat(f.check(bad).reason()).isEqualTo(Reason.AUDIENCE_MISMATCH);
            assertThat(f.check(bad).reason()).isEqualTo(Reason.AUDIENCE_MISMATCH);
            assertThat(f.guard.metrics().verifiedCacheHits()).isEqualTo(hits);
        }
    }

    @Test
    void aTokenDifferingInOneCharacterIsNotACacheHit() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start();
            String token = f.token();
            assertThat(f.check(token).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            // same last characters (hash input), different claims part
            String[] p = token.split("\\.");
            Map<String, Object> c = f.claims();
            c.put("scope", "admin");
            String spliced = p[0] + "." + TestTokens.b64(TestTokens.json(c)) + "." + p[2];
            assertThat(f.check(spliced).reason()).isEqualTo(Reason.SIGNATURE_INVALID);
        }
    }

    @Test
    void repeatedCheckReturnsTheSameDecisionObject() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start();
            String token = f.token();
            GuardDecision first = f.guard.check("Bearer " + token, "/a");
            GuardDecision second = f.guard.check("Bearer " + token, "/b");
            assertThat(second).isSameAs(first);
            assertThat(f.guard.verify(token)).isSameAs(first);
        }
    }
}
