package dev.apimauth0.bench;

import dev.apimauth0.bench.support.BenchTokens;
import dev.apimauth0.bench.support.JwksServer;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.TokenGuard;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JWKS flood: 10,000 tokens that claim our issuer but carry random kids, paced evenly over 10 seconds, against
 * one guard, while a genuine client keeps sending valid tokens. Measures the JWKS fetches (must stay at most one
 * per cooldown window) and the genuine client's throughput with and without the flood, in the same run.
 * <p>
 * Genuine traffic uses a guard whose verified-token cache holds one entry and 64 distinct valid tokens, so every
 * genuine check looks its kid up and verifies the signature: the path a kid flood could hurt.
 * <p>
 * {@code java -cp benchmarks/jmh/target/benchmarks.jar dev.apimauth0.bench.JwksFlood [floodTokens] [seconds] [cooldownMillis]}
 */
public final class JwksFlood {

    public static void main(String[] args) throws Exception {
        int floodTokens = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long cooldownMillis = args.length > 2 ? Long.parseLong(args[2]) : 2_000;

        BenchTokens tokens = new BenchTokens();
        String[] genuine = new String[ValidTokenBenchmark.POOL];
        for (int i = 0; i < genuine.length; i++) {
            genuine[i] = GuardFixture.bearer(tokens.valid(i));
        }
        String[] flood = floodTokens(tokens, floodTokens);

        try (GuardFixture fx = new GuardFixture(tokens, 1, cooldownMillis)) {
            TokenGuard guard = fx.guard;
            // warm the genuine path first so both phases run compiled code
            runGenuine(guard, genuine, 3_000, null);
            long fetchesBefore = fx.jwks.fetches();

            Phase quiet = runGenuine(guard, genuine, seconds * 1000L, null);
            long fetchesQuiet = fx.jwks.fetches() - fetchesBefore;

            FloodResult floodResult = new FloodResult();
            long fetchesBeforeFlood = fx.jwks.fetches();
            Phase underFlood = runGenuine(guard, genuine, seconds * 1000L, () -> flood(guard, flood, seconds * 1000L, floodResult));
            long fetchesFlood = fx.jwks.fetches() - fetchesBeforeFlood;

            long allowed = (seconds * 1000L + cooldownMillis - 1) / cooldownMillis + 1;
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "JWKS flood: %d random-kid tokens over %d s, JWKS cooldown %d ms%n",
                    floodTokens, seconds, cooldownMillis));
            sb.append(String.format(Locale.ROOT, "| phase | genuine checks/s | genuine accepted | genuine rejected | JWKS fetches |%n|---|---|---|---|---|%n"));
            sb.append(String.format(Locale.ROOT, "| no flood | %.0f | %d | %d | %d |%n", quiet.perSecond(), quiet.accepted, quiet.other, fetchesQuiet));
            sb.append(String.format(Locale.ROOT, "| flood | %.0f | %d | %d | %d |%n", underFlood.perSecond(), underFlood.accepted, underFlood.other, fetchesFlood));
            sb.append(String.format(Locale.ROOT, "genuine throughput under flood / without: %.3f%n", underFlood.perSecond() / quiet.perSecond()));
            sb.append(String.format(Locale.ROOT, "flood tokens sent: %d in %.1f s, outcomes: %s%n", floodResult.sent.get(),
                    floodResult.elapsedNanos / 1e9, floodResult.outcomes));
            sb.append(String.format(Locale.ROOT, "JWKS fetches during the flood: %d (at most %d allowed: one per %d ms window)%n",
                    fetchesFlood, allowed, cooldownMillis));
            boolean ok = fetchesFlood <= allowed && underFlood.other == 0 && quiet.other == 0
                    && floodResult.outcomes.getOrDefault("ACCEPTED", 0L) == 0;
            sb.append(ok ? "RESULT: pass\n" : "RESULT: FAIL\n");
            System.out.print(sb);
            if (!ok) {
                System.exit(1);
            }
        }
    }

    /** Tokens with our issuer and valid times but random kids; the signature is junk (no key could verify it anyway). */
    static String[] floodTokens(BenchTokens tokens, int n) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        Random rnd = new Random(1);
        byte[] sig = new byte[256];
        rnd.nextBytes(sig);
        String sigPart = b64.encodeToString(sig);
        String claims = b64.encodeToString(("{\"iss\":\"" + BenchTokens.ISSUER + "\",\"sub\":\"attacker@clients\",\"aud\":\""
                + BenchTokens.AUDIENCE + "\",\"iat\":" + (tokens.now() - 10) + ",\"exp\":" + (tokens.now() + 3600)
                + ",\"azp\":\"attacker\",\"gty\":\"client-credentials\"}").getBytes(StandardCharsets.UTF_8));
        String[] out = new String[n];
        byte[] kid = new byte[24];
        for (int i = 0; i < n; i++) {
            rnd.nextBytes(kid);
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + b64.encodeToString(kid) + "\"}";
            out[i] = "Bearer " + b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + claims + "." + sigPart;
        }
        return out;
    }

    static final class Phase {
        long accepted;
        long other;
        long nanos;

        double perSecond() {
            return (accepted + other) / (nanos / 1e9);
        }
    }

    static final class FloodResult {
        final AtomicLong sent = new AtomicLong();
        final Map<String, Long> outcomes = new TreeMap<>();
        long elapsedNanos;
    }

    private static Phase runGenuine(TokenGuard guard, String[] genuine, long millis, Runnable alongside) throws InterruptedException {
        Thread side = null;
        if (alongside != null) {
            side = new Thread(alongside, "flood");
            side.setDaemon(true);
            side.start();
        }
        Phase p = new Phase();
        long start = System.nanoTime();
        long end = start + millis * 1_000_000L;
        int i = 0;
        while (System.nanoTime() < end) {
            GuardDecision d = guard.check(genuine[i], GuardFixture.PATH);
            i = (i + 1) & (genuine.length - 1);
            if (d.outcome() == GuardDecision.Outcome.ACCEPTED) {
                p.accepted++;
            } else {
                p.other++;
            }
        }
        p.nanos = System.nanoTime() - start;
        if (side != null) {
            side.join(millis + 30_000);
        }
        return p;
    }

    /** Sends the flood tokens evenly paced over the window (one every window/n). */
    private static void flood(TokenGuard guard, String[] tokens, long millis, FloodResult result) {
        long start = System.nanoTime();
        long stepNanos = millis * 1_000_000L / tokens.length;
        for (int i = 0; i < tokens.length; i++) {
            long due = start + i * stepNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 200_000) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait - 100_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            GuardDecision d = guard.check(tokens[i], GuardFixture.PATH);
            String key = d.outcome() + (d.reason() == null ? "" : " " + d.reason().code());
            result.outcomes.merge(key, 1L, Long::sum);
            result.sent.incrementAndGet();
        }
        result.elapsedNanos = System.nanoTime() - start;
    }

    private JwksFlood() {
    }
}
