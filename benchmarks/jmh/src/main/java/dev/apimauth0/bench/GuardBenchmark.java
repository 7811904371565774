package dev.apimauth0.bench;

import dev.apimauth0.bench.support.BenchTokens;
import dev.apimauth0.bench.support.JwksServer;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.Reason;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * The guard on valid tokens (verified-token cache hit, first sight), a bad signature and an oversized token,
 * plus what merely taking the token out of the header costs (the allocation allowance of the cache-hit path).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GuardBenchmark {

    @State(Scope.Benchmark)
    public static class Env {
        GuardFixture cached;
        /** Cache of one entry, walked over {@link ValidTokenBenchmark#POOL} distinct tokens: every check verifies. */
        GuardFixture firstSight;
        String cachedHeader;
        String[] poolHeaders;
        String badSignatureHeader;
        String tooLargeHeader;
        /** Distinct made-up kids, more than the guard remembers: each one is looked up, none is fetched (cooldown). */
        String[] unknownKidHeaders;
        long firstSightHitsBefore;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            BenchTokens tokens = new BenchTokens();
            cached = new GuardFixture(tokens, dev.apimauth0.core.config.Defaults.VERIFIED_CACHE_SIZE);
            firstSight = new GuardFixture(tokens, 1);
            cachedHeader = GuardFixture.bearer(tokens.valid(0));
            poolHeaders = new String[ValidTokenBenchmark.POOL];
            for (int i = 0; i < poolHeaders.length; i++) {
                poolHeaders[i] = GuardFixture.bearer(tokens.valid(i));
                firstSight.expect(poolHeaders[i], GuardDecision.Outcome.ACCEPTED, null);
            }
            badSignatureHeader = GuardFixture.bearer(tokens.badSignature());
            tooLargeHeader = GuardFixture.bearer(tokens.expired(dev.apimauth0.core.config.Defaults.MAX_TOKEN_BYTES));
            unknownKidHeaders = JwksFlood.floodTokens(tokens, 4096);
            cached.expect(unknownKidHeaders[0], GuardDecision.Outcome.REJECTED, Reason.KEY_UNKNOWN);
            cached.expect(cachedHeader, GuardDecision.Outcome.ACCEPTED, null);
            cached.expect(badSignatureHeader, GuardDecision.Outcome.REJECTED, Reason.SIGNATURE_INVALID);
            cached.expect(tooLargeHeader, GuardDecision.Outcome.REJECTED, Reason.TOKEN_TOO_LARGE);
            firstSightHitsBefore = firstSight.guard.metrics().verifiedCacheHits();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            long hits = firstSight.guard.metrics().verifiedCacheHits() - firstSightHitsBefore;
            long fetches = cached.jwks.fetches() + firstSight.jwks.fetches();
            // what the guards decided during the trial: each case must have stayed on its path
            System.out.println("cached guard: accepted " + cached.guard.metrics().accepted() + ", rejected "
                    + nonZero(cached.guard.metrics().rejectedByReason()) + "; first-sight guard: accepted "
                    + firstSight.guard.metrics().accepted() + ", cache hits " + hits);
            cached.close();
            firstSight.close();
            if (hits > 0) {
                throw new IllegalStateException("first-sight case hit the verified-token cache " + hits + " times");
            }
            if (fetches > 3) {
                throw new IllegalStateException("the guards fetched the JWKS " + fetches + " times, expected once each"
                        + " and once more for the first unknown kid");
            }
        }
    }

    static java.util.Map<String, Long> nonZero(java.util.Map<String, Long> m) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    @State(Scope.Thread)
    public static class PerThread {
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            next = (int) (Thread.currentThread().getId() * 7) & (ValidTokenBenchmark.POOL - 1);
        }
    }

    /** The same valid token again: the verified-token cache answers. */
    @Benchmark
    public GuardDecision guardCachedValid(Env env) {
        return env.cached.guard.check(env.cachedHeader, GuardFixture.PATH);
    }

    /** A valid token the guard has not verified yet (cache of one entry, 64 distinct tokens round-robin). */
    @Benchmark
    public GuardDecision guardFirstSight(Env env, PerThread t) {
        int i = t.next;
        t.next = (i + 1) & (ValidTokenBenchmark.POOL - 1);
        return env.firstSight.guard.check(env.poolHeaders[i], GuardFixture.PATH);
    }

    @Benchmark
    public GuardDecision guardBadSignature(Env env) {
        return env.cached.guard.check(env.badSignatureHeader, GuardFixture.PATH);
    }

    /** Our issuer, a kid the JWKS does not have (a JWKS flood token), within the fetch cooldown. */
    @Benchmark
    public GuardDecision guardUnknownKid(Env env, PerThread t) {
        int i = t.next;
        t.next = (i + 1) & 4095;
        return env.cached.guard.check(env.unknownKidHeaders[i], GuardFixture.PATH);
    }

    /** Longer than max_token_bytes: refused before any decoding. */
    @Benchmark
    public GuardDecision guardTooLarge(Env env) {
        return env.cached.guard.check(env.tooLargeHeader, GuardFixture.PATH);
    }

    /** Taking the token out of "Bearer ...": the allocation any reader of the header pays. */
    @Benchmark
    public String readHeaderOnly(Env env) {
        return env.cachedHeader.substring(7);
    }
}
