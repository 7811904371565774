package dev.apimauth0.core.token;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Auth0's JWKS endpoint failing: cached keys keep serving, nothing is ever accepted without a key. */
class JwksOutageFailsClosedTest {

    private GuardFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new GuardFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void cachedKeyKeepsServingWhileTheEndpointFailsAndForgeriesStayRejected() {
        f.start(g -> g.prefetchJwks(false).verifiedCacheSize(0), p -> p.jwksMaxAgeMillis(60000));
        assertThat(f.check(f.token()).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        assertThat(f.jwks.fetches()).isEqualTo(1);

        for (JwksServer.Mode mode : new JwksServer.Mode[] {JwksServer.Mode.HTTP_500, JwksServer.Mode.GARBAGE}) {
            f.jwks.mode(mode);
            f.clock.advanceSeconds(120); // past max age and cooldown: a refresh is attempted and fails
            Map<String, Object> c = f.claims();
            assertThat(f.check(f.token(c)).outcome()).as(mode.name()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            waitFor(() -> f.guard.metrics().jwksFetchFailures() >= (mode == JwksServer.Mode.HTTP_500 ? 1 : 2));
            assertThat(f.check(f.token(f.claims())).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            String forged = TestTokens.sign(TestTokens.header("RS256", "k1"), c, TestTokens.rsa("attacker").getPrivate());
            assertThat(f.check(forged).reason()).isEqualTo(Reason.SIGNATURE_INVALID);
            // an unknown kid while the endpoint fails: unavailable, never accepted
            f.clock.advanceSeconds(31);
            String otherKid = TestTokens.sign(TestTokens.header("RS256", "rotated"), c, TestTokens.rsa("attacker").getPrivate());
            assertThat(f.check(otherKid).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
        }
        assertThat(f.guard.metrics().jwksFetchFailures()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void noCachedKeyAndEndpointDownMeansKeysUnavailable() {
        f.jwks.mode(JwksServer.Mode.HTTP_500);
        f.start(g -> g.prefetchJwks(false), p -> { });
        GuardDecision d = f.check(f.token());
        assertThat(d.outcome()).isEqualTo(GuardDecision.Outcome.REJECTED);
        assertThat(d.reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(d.httpStatus()).isEqualTo(401);
        // within the cooldown: no second fetch, still unavailable
        assertThat(f.check(f.token()).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(f.jwks.fetches()).isEqualTo(1);
        assertThat(f.guard.metrics().jwksFetchFailures()).isEqualTo(1);
        // the endpoint recovers; after the cooldown the next request fetches and passes
        f.jwks.mode(JwksServer.Mode.OK);
        f.clock.advanceSeconds(31);
        assertThat(f.check(f.token()).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        assertThat(f.jwks.fetches()).isEqualTo(2);
    }

    @Test
    void endpointNotListeningMeansKeysUnavailable() throws Exception {
        f.jwks.close(); // connection refused
        f.start(g -> g.prefetchJwks(false), p -> p.jwksConnectTimeoutMillis(500).jwksReadTimeoutMillis(500));
        assertThat(f.check(f.token()).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
        assertThat(f.guard.metrics().jwksFetchFailures()).isEqualTo(1);
    }

    @Test
    void slowEndpointIsCutByTheReadTimeout() {
        f.jwks.slow(5000);
        f.start(g -> g.prefetchJwks(false), p -> p.jwksReadTimeoutMillis(300).jwksFetchWaitMillis(3000));
        long t0 = System.nanoTime();
        assertThat(f.check(f.token()).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isLessThan(2500);
        assertThat(f.guard.metrics().jwksFetchFailures()).isEqualTo(1);
    }

    @Test
    void jwksWithoutUsableKeysDoesNotReplaceTheCachedOnes() {
        f.start(g -> g.prefetchJwks(false).verifiedCacheSize(0), p -> p.jwksMaxAgeMillis(10000));
        assertThat(f.check(f.token()).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        // weak RSA key only: refused, so the refresh counts as failed and k1 stays
        f.jwks.publish(TestTokens.jwk("weak", TestTokens.rsa("weak", 1024).getPublic(), "RS256"));
        f.clock.advanceSeconds(60);
        assertThat(f.check(f.token()).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        waitFor(() -> f.guard.metrics().jwksFetchFailures() == 1);
        assertThat(f.check(f.token()).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
