package dev.apimauth0.core.token;

import dev.apimauth0.core.config.Defaults;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flaw of jwks-rsa's rate-limited provider (jwks-rsa-java issue 173): made-up kids use up the
 * fetch budget and genuine keys then fail. Here made-up kids cost at most one fetch per cooldown,
 * repeating one costs none, and genuine tokens keep passing throughout.
 */
class UnknownKidFloodTest {

    @Test
    void floodOfRandomKidsCostsAtMostOneFetchPerCooldownAndNeverBlocksGenuineTokens() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start(g -> g.prefetchJwks(false).verifiedCacheSize(0), p -> p.jwksCooldownMillis(30_000).unknownKidMemory(100));
            assertThat(f.check(f.token()).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            int cooldowns = 0;
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 400; i++) {
                    Map<String, Object> c = f.claims();
                    String bogus = TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"" + UUID.randomUUID() + "\"}",
                            TestTokens.json(c), "RS256", f.key.getPrivate());
                    assertThat(f.check(bogus).reason()).isEqualTo(Reason.KEY_UNKNOWN);
                    if (i % 50 == 0) {
                        assertThat(f.check(f.token()).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
                    }
                    f.clock.advanceMillis(10); // 400 requests = 4 s per round
                }
                f.clock.advanceSeconds(30);
                cooldowns++;
            }
            // 1 initial fetch + at most one per cooldown period elapsed (46 s per round)
            assertThat(f.jwks.fetches()).isLessThanOrEqualTo(1 + cooldowns * 2).isGreaterThan(1);
            assertThat(((DefaultTokenGuard) f.guard).rememberedUnknownKids()).isLessThanOrEqualTo(100);
            assertThat(f.guard.metrics().rejectedByReason().get("key_unknown")).isEqualTo(2000L);
        }
    }

    @Test
    void repeatedUnknownKidIsRememberedAndCostsNoFetchAfterTheCooldown() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start(g -> g.prefetchJwks(false), p -> { });
            f.check(f.token());
            String bogus = TestTokens.sign(TestTokens.header("RS256", "ghost"), f.claims(), f.key.getPrivate());
            f.clock.advanceSeconds(31);
            assertThat(f.check(bogus).reason()).isEqualTo(Reason.KEY_UNKNOWN); // fetches once, remembers
            assertThat(f.jwks.fetches()).isEqualTo(2);
            for (int i = 0; i < 5; i++) {
                f.clock.advanceSeconds(31);
                assertThat(f.check(bogus).reason()).isEqualTo(Reason.KEY_UNKNOWN);
            }
            assertThat(f.jwks.fetches()).isEqualTo(2);
            // without the memory every cooldown would cost a fetch
            assertThat(((DefaultTokenGuard) f.guard).rememberedUnknownKids()).isEqualTo(1);
        }
    }

    @Test
    void overlongKidIsUnknownWithoutAFetch() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start(g -> g.prefetchJwks(false), p -> { });
            f.check(f.token());
            f.clock.advanceSeconds(31);
            String kid = new String(new char[Defaults.MAX_KID_LENGTH + 1]).replace('\0', 'k');
            assertThat(f.check(TestTokens.sign(TestTokens.header("RS256", kid), f.claims(), f.key.getPrivate())).reason())
                    .isEqualTo(Reason.KEY_UNKNOWN);
            assertThat(f.jwks.fetches()).isEqualTo(1);
        }
    }
}
