package dev.apimauth0.bench;

import dev.apimauth0.bench.support.BenchTokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The building blocks of the guard's cheap paths, measured alone, to explain where its nanoseconds go:
 * comparing a token with a cached one (region compare vs whole-string equals), and base64url-decoding a payload
 * at Auth0's size and near the size cap with the JDK's decoder (a floor for any decoder on this JDK).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CostBreakdownBenchmark {

    String header;
    String headerCopy;
    String token;
    byte[] payloadSmall;
    byte[] payloadLarge;
    byte[] out;
    final Base64.Decoder decoder = Base64.getUrlDecoder();

    @Setup(Level.Trial)
    public void setUp() {
        BenchTokens tokens = new BenchTokens();
        token = tokens.valid(0);
        header = "Bearer " + token;
        headerCopy = new String(header.toCharArray()); // equal content, another instance
        String small = tokens.expired(0);
        String large = tokens.expired(5400);
        payloadSmall = small.substring(small.indexOf('.') + 1, small.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        payloadLarge = large.substring(large.indexOf('.') + 1, large.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        out = new byte[payloadLarge.length];
    }

    /** What the verified-token cache does today: compare the header's token region with the cached token. */
    @Benchmark
    public boolean compareRegionMatches() {
        return header.regionMatches(7, token, 0, token.length());
    }

    /** The same comparison as whole-string equals (an intrinsic) against a cached "Bearer " + token. */
    @Benchmark
    public boolean compareEquals() {
        return header.equals(headerCopy);
    }

    @Benchmark
    public int base64DecodeAuth0Payload() {
        return decoder.decode(payloadSmall, out);
    }

    @Benchmark
    public int base64DecodePaddedPayload() {
        return decoder.decode(payloadLarge, out);
    }
}
