package dev.apimauth0.core.token;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single flight: many threads needing the same uncached kid cause one fetch. Threads whose kid is
 * cached never wait for a fetch; threads waiting for one give up after the configured wait
 * (keys_unavailable) while the fetch finishes for later requests.
 */
class ConcurrentKeyFetchTest {

    @Test
    void manyThreadsOneUnknownKidOneFetch() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.jwks.slow(300); // make sure the threads overlap with the fetch
            f.start(g -> g.prefetchJwks(false).verifiedCacheSize(0), p -> p.jwksFetchWaitMillis(5000));
            String token = f.token();
            int threads = 32;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<GuardDecision>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return f.check(token);
                    }));
                }
                go.countDown();
                for (Future<GuardDecision> r : results) {
                    assertThat(r.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(f.jwks.fetches()).isEqualTo(1);
            assertThat(f.guard.metrics().jwksFetches()).isEqualTo(1);
            assertThat(f.guard.metrics().accepted()).isEqualTo(threads);
        }
    }

    @Test
    void waitersGiveUpAfterTheFetchWaitWhileCachedKidsNeverWait() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            java.security.KeyPair next = TestTokens.rsa("next");
            f.start(g -> g.prefetchJwks(false).verifiedCacheSize(0), p -> p.jwksFetchWaitMillis(200).jwksReadTimeoutMillis(5000));
            assertThat(f.check(f.token()).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            f.jwks.publish(TestTokens.jwk("k1", f.key.getPublic(), "RS256"), TestTokens.jwk("next", next.getPublic(), "RS256"));
            f.jwks.slow(1500);
            f.clock.advanceSeconds(31);
            String newKid = TestTokens.sign(TestTokens.header("RS256", "next"), f.claims(), next.getPrivate());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Long>> waits = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    waits.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        assertThat(f.check(newKid).reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
                        return (System.nanoTime() - t0) / 1_000_000;
                    }));
                }
                Thread.sleep(50);
                // meanwhile a token with a cached kid is answered at once
                long t0 = System.nanoTime();
                assertThat(f.check(f.token()).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
                assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(150);
                for (Future<Long> w : waits) {
                    assertThat(w.get(5, TimeUnit.SECONDS)).isBetween(150L, 1200L);
                }
            } finally {
                pool.shutdownNow();
            }
            // the fetch completes in the background and serves the next request, no further fetch
            JwksOutageFailsClosedTest.waitFor(() -> ((DefaultTokenGuard) f.guard).cachedKeys() == 2);
            assertThat(f.check(newKid).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(f.jwks.fetches()).isEqualTo(2);
        }
    }
}
