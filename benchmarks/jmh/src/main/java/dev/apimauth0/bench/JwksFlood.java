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

    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

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
            // warm both paths first so every phase runs compiled code (the flood's own kids stay unseen)
            runGenuine(guard, genuine, 3_000, null);
            for (String t : floodTokens(tokens, 20_000, 99)) {
                guard.check(t, GuardFixture.PATH);
            }
            long fetchesBefore = fx.jwks.fetches();

            // quiet halves before and after the flood, so drift in the machine's load hits both sides alike
            Phase quietBefore = runGenuine(guard, genuine, seconds * 500L, null);
            long fetchesQuiet = fx.jwks.fetches() - fetchesBefore;

            FloodResult floodResult = new FloodResult();
            long fetchesBeforeFlood = fx.jwks.fetches();
            Phase underFlood = runGenuine(guard, genuine, seconds * 1000L, () -> flood(guard, flood, seconds * 1000L, floodResult));
            long fetchesFlood = fx.jwks.fetches() - fetchesBeforeFlood;

            long fetchesBeforeQuiet2 = fx.jwks.fetches();
            Phase quietAfter = runGenuine(guard, genuine, seconds * 500L, null);
            fetchesQuiet += fx.jwks.fetches() - fetchesBeforeQuiet2;
            Phase quiet = Phase.sum(quietBefore, quietAfter);

            long allowed = (seconds * 1000L + cooldownMillis - 1) / cooldownMillis + 1;
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "JWKS flood: %d random-kid tokens over %d s, JWKS cooldown %d ms%n",
                    floodTokens, seconds, cooldownMillis));
            sb.append(String.format(Locale.ROOT, "| phase | genuine checks/s (wall) | genuine checks per CPU-second | genuine accepted | genuine rejected | JWKS fetches |%n|---|---|---|---|---|---|%n"));
            sb.append(String.format(Locale.ROOT, "| no flood (%d s before + %d s after) | %.0f | %.0f | %d | %d | %d |%n", seconds / 2, seconds - seconds / 2,
                    quiet.perSecond(), quiet.perCpuSecond(), quiet.accepted, quiet.other, fetchesQuiet));
            sb.append(String.format(Locale.ROOT, "| flood (%d s) | %.0f | %.0f | %d | %d | %d |%n", seconds, underFlood.perSecond(), underFlood.perCpuSecond(),
                    underFlood.accepted, underFlood.other, fetchesFlood));
            sb.append(String.format(Locale.ROOT, "genuine throughput under flood / without: %.3f wall-clock, %.3f per CPU-second of the genuine client%n",
                    underFlood.perSecond() / quiet.perSecond(), underFlood.perCpuSecond() / quiet.perCpuSecond()));
            sb.append(String.format(Locale.ROOT, "flood thread CPU: %.0f ns per flood token%n", floodResult.cpuNanos / (double) Math.max(1, floodResult.sent.get())));
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
        return floodTokens(tokens, n, 1);
    }

    static String[] floodTokens(BenchTokens tokens, int n, long seed) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        Random rnd = new Random(seed);
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
        long cpuNanos;

        double perSecond() {
            return (accepted + other) / (nanos / 1e9);
        }

        double perCpuSecond() {
            return (accepted + other) / (cpuNanos / 1e9);
        }

        static Phase sum(Phase a, Phase b) {
            Phase p = new Phase();
            p.accepted = a.accepted + b.accepted;
            p.other = a.other + b.other;
            p.nanos = a.nanos + b.nanos;
            p.cpuNanos = a.cpuNanos + b.cpuNanos;
            return p;
        }
    }

    static final class FloodResult {
        final AtomicLong sent = new AtomicLong();
        final Map<String, Long> outcomes = new TreeMap<>();
        long elapsedNanos;
        long cpuNanos;
    }

    private static Phase runGenuine(TokenGuard guard, String[] genuine, long millis, Runnable alongside) throws InterruptedException {
        Thread side = null;
        if (alongside != null) {
            side = new Thread(alongside, "flood");
            side.setDaemon(true);
            side.start();
        }
        Phase p = new Phase();
        long cpu0 = MX.getCurrentThreadCpuTime();
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
        p.cpuNanos = MX.getCurrentThreadCpuTime() - cpu0;
        if (side != null) {
            side.join(millis + 30_000);
        }
        return p;
    }

    /** Sends the flood tokens evenly paced over the window (one every window/n). */
    private static void flood(TokenGuard guard, String[] tokens, long millis, FloodResult result) {
        long cpu0 = MX.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long stepNanos = millis * 1_000_000L / tokens.length;
        for (int i = 0; i < tokens.length; i++) {
            long due = start + i * stepNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            GuardDecision d = guard.check(tokens[i], GuardFixture.PATH);
            String key = d.outcome() + (d.reason() == null ? "" : " " + d.reason().code());
            result.outcomes.merge(key, 1L, Long::sum);
            result.sent.incrementAndGet();
        }
        result.elapsedNanos = System.nanoTime() - start;
        result.cpuNanos = MX.getCurrentThreadCpuTime() - cpu0;
    }

    private JwksFlood() {
    }
}
