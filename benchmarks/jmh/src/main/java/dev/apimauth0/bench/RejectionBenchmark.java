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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Tokens the guard must refuse cheaply, at Auth0's natural size and padded to just under max_token_bytes
 * (an attacker chooses the size; the padding claim comes first, before iss).
 * <p>
 * Each kind is measured twice: {@code guardX} replays one token (a misbehaving client retrying its expired
 * or foreign token; the guard's negative cache answers from the second time on), {@code guardXFresh} sends a
 * token the guard has not seen (an attacker's case): a pool of distinct tokens, walked round-robin, four times
 * larger than the negative cache, so each comes back long after it was evicted. The fresh tokens differ from
 * the replayed one in a few characters of the signature, which none of these rejections reads. Padded tokens
 * are longer than the negative cache keeps, so for them both variants do the same work.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class RejectionBenchmark {

    /** Extra claim characters: 0 = Auth0's size (~0.8 KB), 5400 = ~8 KB, just under the default 8 KiB cap. */
    @Param({"0", "5400"})
    public int padChars;

    /** Distinct tokens per kind in the fresh variants (a power of two). */
    static final int FRESH_POOL = 16_384;
    /** Padded tokens are never cached, so a small pool shows the same cost without ~130 MB of tokens. */
    static final int FRESH_POOL_PADDED = 256;

    GuardFixture fixture;
    String malformedHeader;
    String otherIssuerHeader;
    String expiredHeader;
    String[] freshMalformed;
    String[] freshOtherIssuer;
    String[] freshExpired;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchTokens tokens = new BenchTokens();
        fixture = new GuardFixture(tokens, dev.apimauth0.core.config.Defaults.VERIFIED_CACHE_SIZE);
        malformedHeader = GuardFixture.bearer(tokens.malformed(padChars));
        otherIssuerHeader = GuardFixture.bearer(tokens.otherIssuer(padChars));
        expiredHeader = GuardFixture.bearer(tokens.expired(padChars));
        for (String h : new String[] {malformedHeader, otherIssuerHeader, expiredHeader}) {
            if (h.length() - 7 > dev.apimauth0.core.config.Defaults.MAX_TOKEN_BYTES) {
                throw new IllegalStateException("padding makes a token larger than the cap: " + (h.length() - 7));
            }
        }
        GuardDecision m = fixture.expect(malformedHeader, GuardDecision.Outcome.REJECTED, null);
        if (m.reason() != Reason.TOKEN_MALFORMED && m.reason() != Reason.TOKEN_UNPARSABLE) {
            throw new IllegalStateException("malformed token rejected as " + m.reason());
        }
        fixture.expect(otherIssuerHeader, GuardDecision.Outcome.REJECTED, Reason.ISSUER_UNTRUSTED);
        fixture.expect(expiredHeader, GuardDecision.Outcome.REJECTED, Reason.TOKEN_EXPIRED);
        int pool = padChars == 0 ? FRESH_POOL : FRESH_POOL_PADDED;
        freshMalformed = variants(malformedHeader, pool);
        freshOtherIssuer = variants(otherIssuerHeader, pool);
        freshExpired = variants(expiredHeader, pool);
        // every variant must be refused for the same reason as the original
        for (int i = 0; i < pool; i += pool / 16) {
            GuardDecision v = fixture.expect(freshMalformed[i], GuardDecision.Outcome.REJECTED, null);
            if (v.reason() != m.reason()) {
                throw new IllegalStateException("malformed variant rejected as " + v.reason());
            }
            fixture.expect(freshOtherIssuer[i], GuardDecision.Outcome.REJECTED, Reason.ISSUER_UNTRUSTED);
            fixture.expect(freshExpired[i], GuardDecision.Outcome.REJECTED, Reason.TOKEN_EXPIRED);
        }
    }

    private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** The header's token with its number, in base64url digits, written over 3 characters near the signature's end. */
    static String[] variants(String header, int n) {
        String[] out = new String[n];
        char[] c = header.toCharArray();
        int at = c.length - 8; // well inside the signature, clear of its last (partly significant) character
        for (int i = 0; i < n; i++) {
            c[at] = B64URL.charAt(i & 63);
            c[at + 1] = B64URL.charAt((i >>> 6) & 63);
            c[at + 2] = B64URL.charAt((i >>> 12) & 63);
            out[i] = new String(c);
        }
        if (new java.util.HashSet<>(java.util.Arrays.asList(out)).size() != n) {
            throw new IllegalStateException("fresh tokens are not distinct");
        }
        return out;
    }

    private String fresh(String[] pool) {
        int i = next;
        next = (i + 1) & (pool.length - 1);
        return pool[i];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long fetches = fixture.jwks.fetches();
        fixture.close();
        if (fetches > 1) {
            throw new IllegalStateException("bad tokens made the guard fetch the JWKS " + fetches + " times");
        }
    }

    @Benchmark
    public GuardDecision guardMalformed() {
        return fixture.guard.check(malformedHeader, GuardFixture.PATH);
    }

    @Benchmark
    public GuardDecision guardOtherIssuer() {
        return fixture.guard.check(otherIssuerHeader, GuardFixture.PATH);
    }

    @Benchmark
    public GuardDecision guardExpired() {
        return fixture.guard.check(expiredHeader, GuardFixture.PATH);
    }

    @Benchmark
    public GuardDecision guardMalformedFresh() {
        return fixture.guard.check(fresh(freshMalformed), GuardFixture.PATH);
    }

    @Benchmark
    public GuardDecision guardOtherIssuerFresh() {
        return fixture.guard.check(fresh(freshOtherIssuer), GuardFixture.PATH);
    }

    @Benchmark
    public GuardDecision guardExpiredFresh() {
        return fixture.guard.check(fresh(freshExpired), GuardFixture.PATH);
    }
}
