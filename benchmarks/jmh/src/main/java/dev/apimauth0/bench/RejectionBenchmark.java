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
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class RejectionBenchmark {

    /** Extra claim characters: 0 = Auth0's size (~0.8 KB), 5400 = ~8 KB, just under the default 8 KiB cap. */
    @Param({"0", "5400"})
    public int padChars;

    GuardFixture fixture;
    String malformedHeader;
    String otherIssuerHeader;
    String expiredHeader;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchTokens tokens = new BenchTokens();
        fixture = new GuardFixture(tokens, dev.apimauth0.core.token.Defaults.VERIFIED_CACHE_SIZE);
        malformedHeader = GuardFixture.bearer(tokens.malformed(padChars));
        otherIssuerHeader = GuardFixture.bearer(tokens.otherIssuer(padChars));
        expiredHeader = GuardFixture.bearer(tokens.expired(padChars));
        for (String h : new String[] {malformedHeader, otherIssuerHeader, expiredHeader}) {
            if (h.length() - 7 > dev.apimauth0.core.token.Defaults.MAX_TOKEN_BYTES) {
                throw new IllegalStateException("padding makes a token larger than the cap: " + (h.length() - 7));
            }
        }
        GuardDecision m = fixture.expect(malformedHeader, GuardDecision.Outcome.REJECTED, null);
        if (m.reason() != Reason.TOKEN_MALFORMED && m.reason() != Reason.TOKEN_UNPARSABLE) {
            throw new IllegalStateException("malformed token rejected as " + m.reason());
        }
        fixture.expect(otherIssuerHeader, GuardDecision.Outcome.REJECTED, Reason.ISSUER_UNTRUSTED);
        fixture.expect(expiredHeader, GuardDecision.Outcome.REJECTED, Reason.TOKEN_EXPIRED);
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
}
