package dev.apimauth0.bench.gateway;

import dev.apimauth0.bench.support.BenchTokens;
import dev.apimauth0.bench.support.JwksServer;
import dev.apimauth0.gateway.embedded.EmbeddedGateway;

import org.apache.synapse.rest.Handler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Load test through the embedded Synapse gateway on 127.0.0.1: the same API with the guard on and with it off
 * ({@code enabled = false}: the handler is in place but passes every request through), in two gateways of this JVM,
 * then bad tokens against the guarded API: every answer must be 401 and the backend must see none of them.
 * <p>
 * Designs ({@code --design}): {@code swap} (the default) is {@code paired} with the roles of the two gateways swapped
 * every round: each engine holds the guard's handler and a disabled one ({@code enabled=false}) and the run switches
 * which of them the API uses, so whatever differs between the two engines (which was built or warmed first) falls on
 * each configuration in half the rounds and cancels. {@code paired} loads both gateways in the same window, each from its own
 * connections, and charges each the CPU of its own threads ({@link ThreadGroups}): whatever else the machine runs hits
 * both sides at the same instants, so the per-round ratio varies much less than between consecutive phases.
 * {@code abba} alternates the gateways in consecutive phases (off-on, on-off, ...) and charges each phase the CPU of
 * every gateway thread. {@code --mode aa} builds both gateways unguarded, in the same order and slots as the A/B run,
 * to show what the two-instance design alone reads as a difference (it should read 1).
 * <p>
 * The API forwards no claims as headers by default ({@code --claim-headers false}): that mediation runs only when the
 * guard set the claim properties, so it would be charged to the guard; {@code --claim-headers true} puts it back on
 * both sides; {@code --mode headers} measures what it costs (both gateways guarded, one of them forwarding).
 * <p>
 * {@code java -jar benchmarks/gateway-load/target/gateway-load.jar [--design swap|paired|abba] [--mode ab|aa|headers]
 * [--concurrency 4 (paired, per gateway) | 8 (abba)] [--seconds 3 | --millis 1000] [--rounds 6] [--warmup 4]
 * [--micro-rounds 15] [--claim-headers false] [--claim-properties none|sub,azp,...] [--profile-seconds 0 [--profile-side on|off]]}
 */
public final class GatewayLoad {

    private static final String PATH = "/orders/v1/items/42";

    public static void main(String[] args) throws Exception {
        CountingBackend.noDelay();
        Map<String, String> opt = parse(args);
        String mode = opt.getOrDefault("mode", "ab");
        // the claim-header mediation is part of one engine's API: that comparison cannot swap the gateways' roles
        String design = opt.getOrDefault("design", mode.equals("headers") ? "paired" : "swap");
        boolean paired = switch (design) {
            case "swap", "paired" -> true;
            case "abba" -> false;
            default -> throw new IllegalArgumentException("--design: swap, paired or abba, got " + design);
        };
        boolean swap = design.equals("swap");
        if (swap && mode.equals("headers")) {
            throw new IllegalArgumentException("--mode headers: use --design paired (the mediation belongs to one gateway's API)");
        }
        if (!mode.equals("ab") && !mode.equals("aa") && !mode.equals("headers")) {
            throw new IllegalArgumentException("--mode: ab, aa or headers, got " + mode);
        }
        boolean aa = mode.equals("aa");
        // headers: both gateways guarded, the first one's API also forwarding the claims as headers
        boolean headersMode = mode.equals("headers");
        int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", paired ? "4" : "8"));
        long seconds = Long.parseLong(opt.getOrDefault("seconds", "3"));
        // a phase of --millis overrides --seconds: short phases, many rounds, so drift cancels within each pair
        long phaseMillisOpt = Long.parseLong(opt.getOrDefault("millis", "0"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "6"));
        int microRounds = Integer.parseInt(opt.getOrDefault("micro-rounds", "15"));
        long warmup = Long.parseLong(opt.getOrDefault("warmup", "4"));
        long maxRequests = Long.parseLong(opt.getOrDefault("max-requests", "3000000"));
        boolean claimHeaders = Boolean.parseBoolean(opt.getOrDefault("claim-headers", "false"));
        // the guard's claim_properties setting (unset: its default, all eight properties)
        String claimProperties = opt.get("claim-properties");
        long phaseMillis = phaseMillisOpt > 0 ? phaseMillisOpt : seconds * 1000;
        int result = 1;

        BenchTokens tokens = new BenchTokens();
        String[] good = new String[64];
        for (int i = 0; i < good.length; i++) {
            good[i] = "Bearer " + tokens.valid(i);
        }
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("expired", "Bearer " + tokens.expired());
        bad.put("bad signature", "Bearer " + tokens.badSignature());
        bad.put("malformed", "Bearer " + tokens.malformed(0));
        bad.put("other issuer", "Bearer " + tokens.otherIssuer(0));
        bad.put("unknown kid", "Bearer " + unknownKid(tokens));
        bad.put("no token", null);

        try (JwksServer jwks = JwksServer.start(tokens.jwksJson());
             CountingBackend backend = new CountingBackend()) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("issuers", BenchTokens.ISSUER);
            settings.put("audiences", BenchTokens.AUDIENCE);
            settings.put("jwks_uri", jwks.uri().toString());
            settings.put("auth0_only_paths", "/orders");
            if (claimProperties != null) {
                settings.put("claim_properties", claimProperties);
            }
            Map<String, String> off = new LinkedHashMap<>(settings);
            off.put("enabled", "false");
            String nameA = aa ? (swap ? "A1, unguarded (enabled=false), each round on the other gateway" : "A1, unguarded (enabled=false), built first")
                    : headersMode ? "guard on, claims forwarded as headers" : swap ? "guard on, each round on the other gateway" : "guard on";
            String nameB = aa ? (swap ? "A2, unguarded (enabled=false), the gateway that is not A1" : "A2, unguarded (enabled=false), built second")
                    : headersMode ? "guard on, no claim headers" : swap ? "guard off (enabled=false), the gateway that is not guarded" : "guard off (enabled=false)";
            Map<String, String> disabled = Map.of("enabled", "false");
            java.util.function.IntFunction<String> goodTokens = n -> good[n & 63];

            // each gateway starts and warms up alone, so the threads that appear meanwhile are its own
            ThreadGroups groups = new ThreadGroups();
            try (EmbeddedGateway guarded = EmbeddedGateway.builder().backendUrl(backend.url()).apiContext("/orders")
                    .apiName("orders-a").settings(aa && !swap ? off : settings).claimHeaders(claimHeaders || headersMode).start()) {
                LoadGenerator onLoad = new LoadGenerator(guarded.port(), concurrency);
                // swap: each engine holds the guard's handler and a disabled one, and the load switches them per round
                Handler on1 = swap ? guardHandler(guarded) : null;
                Handler off1 = swap ? guarded.newApiHandler(disabled) : null;
                if (swap) {
                    warm(onLoad, goodTokens, warmup, maxRequests, "warm-up, gateway built first, guard on");
                    guarded.useApiHandler(off1);
                }
                warm(onLoad, goodTokens, warmup, maxRequests, "warm-up " + nameA);
                int groupA = groups.claim(swap ? "gateway built first" : nameA);
                try (EmbeddedGateway open = EmbeddedGateway.builder().backendUrl(backend.url()).apiContext("/orders")
                        .apiName("orders-b").settings(headersMode || swap ? settings : off).claimHeaders(claimHeaders && !headersMode).start()) {
                    LoadGenerator offLoad = new LoadGenerator(open.port(), concurrency);
                    Handler on2 = swap ? guardHandler(open) : null;
                    Handler off2 = swap ? open.newApiHandler(disabled) : null;
                    if (swap) {
                        warm(offLoad, goodTokens, warmup, maxRequests, "warm-up, gateway built second, guard on");
                        open.useApiHandler(off2);
                    }
                    warm(offLoad, goodTokens, warmup, maxRequests, "warm-up " + nameB);
                    int groupB = groups.claim(swap ? "gateway built second" : nameB);
                    if (swap && !aa) {
                        guarded.useApiHandler(on1);
                    }
                    // then both once more, the first one last (JIT, the guard's JWKS and verified-token cache)
                    warm(onLoad, goodTokens, warmup, maxRequests, "warm-up " + nameA);

                    long profileSeconds = Long.parseLong(opt.getOrDefault("profile-seconds", "0"));
                    if (profileSeconds > 0) {
                        // good traffic on one gateway only, for a profiler attached to this JVM (JFR)
                        // (both: the two loaded at once, and each gateway's thread ids printed, to split the profile)
                        String side = opt.getOrDefault("profile-side", "on");
                        if ("both".equals(side)) {
                            LoadGenerator.Together t = LoadGenerator.runTogether(new LoadGenerator[] {onLoad, offLoad},
                                    groups, PATH, goodTokens, profileSeconds * 1000, maxRequests);
                            for (int g : new int[] {groupA, groupB}) {
                                LoadGenerator.Result p = t.results()[g];
                                check(p, 200, "profile");
                                System.out.printf(Locale.ROOT, "profile (%s): %d requests, %.0f req/s, %.1f gateway CPU µs/request, thread ids %s%n",
                                        g == groupA ? nameA : nameB, p.requests, p.perSecond(), p.cpuMicrosPerRequest(), groups.ids(g));
                            }
                            System.exit(0);
                        }
                        boolean profileOn = !"off".equals(side);
                        LoadGenerator.Result p = (profileOn ? onLoad : offLoad).run(PATH, goodTokens, profileSeconds * 1000, maxRequests);
                        check(p, 200, "profile");
                        System.out.printf(Locale.ROOT, "profile (%s): %d requests, %.0f req/s, %.1f gateway CPU µs/request%n",
                                profileOn ? nameA : nameB, p.requests, p.perSecond(), p.cpuMicrosPerRequest());
                        System.exit(0);
                    }
                    List<LoadGenerator.Result> on = new ArrayList<>();
                    List<LoadGenerator.Result> offResults = new ArrayList<>();
                    double[] roundRatios = new double[rounds];
                    double[] roundCpuRatios = new double[rounds];
                    double[] roundCpuDiffs = new double[rounds];
                    // swap: CPU per request of the gateway built first over the second's, whatever their roles
                    double[] instanceRatios = new double[rounds];
                    long unattributed = 0;
                    long attributed = 0;
                    String loadBefore = loadAverage();
                    Map<Long, Long> cpuBefore = CpuMeter.snapshot();
                    for (int r = 0; r < rounds; r++) {
                        LoadGenerator.Result a;
                        LoadGenerator.Result b;
                        if (paired) {
                            // swap: on odd rounds the gateway built second plays A (guarded in an A/B run)
                            boolean second = swap && r % 2 == 1;
                            if (swap && !aa) {
                                guarded.useApiHandler(second ? off1 : on1);
                                open.useApiHandler(second ? on2 : off2);
                            }
                            LoadGenerator.Together t = LoadGenerator.runTogether(new LoadGenerator[] {onLoad, offLoad},
                                    groups, PATH, goodTokens, phaseMillis, maxRequests);
                            a = t.results()[second ? groupB : groupA];
                            b = t.results()[second ? groupA : groupB];
                            instanceRatios[r] = t.results()[groupA].cpuMicrosPerRequest() / t.results()[groupB].cpuMicrosPerRequest();
                            unattributed += t.unattributedCpuNanos();
                            attributed += a.gatewayCpuNanos + b.gatewayCpuNanos;
                        } else if (r % 2 == 0) {
                            b = offLoad.run(PATH, goodTokens, phaseMillis, maxRequests);
                            a = onLoad.run(PATH, goodTokens, phaseMillis, maxRequests);
                        } else {
                            a = onLoad.run(PATH, goodTokens, phaseMillis, maxRequests);
                            b = offLoad.run(PATH, goodTokens, phaseMillis, maxRequests);
                        }
                        check(a, 200, nameA + " round " + r);
                        check(b, 200, nameB + " round " + r);
                        on.add(a);
                        offResults.add(b);
                        roundRatios[r] = a.perSecond() / b.perSecond();
                        roundCpuRatios[r] = a.cpuMicrosPerRequest() / b.cpuMicrosPerRequest();
                        roundCpuDiffs[r] = a.cpuMicrosPerRequest() - b.cpuMicrosPerRequest();
                    }
                    String loadAfter = loadAverage();
                    if (swap && !aa) {
                        // from here on (in-process costs, bad tokens) the gateway built first is the guarded one
                        guarded.useApiHandler(on1);
                        open.useApiHandler(off2);
                    }
                    LoadGenerator.Result onAll = LoadGenerator.Result.merge(on);
                    LoadGenerator.Result offAll = LoadGenerator.Result.merge(offResults);
                    double ratio = (onAll.requests / onAll.seconds) / (offAll.requests / offAll.seconds);
                    double medianRatio = median(roundRatios);
                    double medianCpuRatio = median(roundCpuRatios);
                    double cpuRatio = onAll.cpuMicrosPerRequest() / offAll.cpuMicrosPerRequest();
                    String vs = aa ? "A1 / A2" : headersMode ? "claim headers / none" : "guard on / off";

                    StringBuilder sb = new StringBuilder();
                    sb.append(String.format(Locale.ROOT, "Gateway load, %s, design %s: %s, %d rounds x %d ms, good tokens (64 clients), claims forwarded as headers: %s%n",
                            aa ? "A/A (both gateways unguarded)" : headersMode ? "claim headers (both gateways guarded, one forwarding the claims as headers)" : "A/B (guard on vs off)", design,
                            paired ? concurrency + " connections per gateway, both gateways loaded at once, each charged its own threads' CPU"
                                    + (swap ? ", the roles of the two gateways swapped every round (the guard's handler switched in the running engines)" : "")
                                    : concurrency + " connections, the gateways in alternating phases (ABBA), each phase charged every gateway thread's CPU",
                            rounds, phaseMillis, headersMode ? "by the first gateway only" : claimHeaders ? "yes" : "no"));
                    sb.append("claim properties the guard sets (claim_properties): "
                            + (claimProperties == null ? "the default, all eight" : claimProperties) + "\n");
                    sb.append("load average (1, 5, 15 min) before the rounds: " + loadBefore + ", after: " + loadAfter + "\n");
                    if (Boolean.parseBoolean(opt.getOrDefault("show-threads", "false"))) {
                        sb.append("\nCPU of the rounds by gateway thread:\n\n").append(groups.breakdown(cpuBefore));
                    }
                    if (swap) {
                        double[] inst = geometricCi(instanceRatios);
                        sb.append(String.format(Locale.ROOT, "the two gateways' own difference, CPU per request of the one built first / second over the"
                                + " rounds (either role): %.4f [%.4f, %.4f]; each configuration ran on each gateway in half the rounds, so it cancels%n",
                                inst[0], inst[1], inst[2]));
                    }
                    if (paired) {
                        sb.append(String.format(Locale.ROOT, "threads charged: %d to %s, %d to %s; CPU of gateway threads of neither: %.2f%% of the charged CPU%n",
                                groups.threads(groupA), nameA, groups.threads(groupB), nameB,
                                100.0 * unattributed / Math.max(1, attributed)));
                    }
                    sb.append("\n| API | requests | transport errors | req/s | p50 µs | p90 µs | p99 µs | gateway CPU µs/request |\n|---|---|---|---|---|---|---|---|\n");
                    row(sb, nameB, offAll);
                    row(sb, nameA, onAll);
                    sb.append(String.format(Locale.ROOT, "%nthroughput %s: %.3f overall, %.3f median of rounds (rounds: %s)%n",
                            vs, ratio, medianRatio, fmt(roundRatios)));
                    sb.append(String.format(Locale.ROOT, "gateway CPU per request %s: %.3f overall, %.3f median of rounds (rounds: %s)%n",
                            vs, cpuRatio, medianCpuRatio, fmt(roundCpuRatios)));
                    double[] cpuCi = geometricCi(roundCpuRatios);
                    double[] tputCi = geometricCi(roundRatios);
                    double[] diffCi = meanCi(roundCpuDiffs);
                    double halfWidth = (cpuCi[2] - cpuCi[1]) / 2 / cpuCi[0];
                    sb.append(String.format(Locale.ROOT, "95%% confidence interval of the round ratios %s (geometric mean, t with %d df): throughput %.4f [%.4f, %.4f],"
                            + " CPU per request %.4f [%.4f, %.4f] (half-width ±%.2f%%)%n", vs, rounds - 1, tputCi[0], tputCi[1], tputCi[2],
                            cpuCi[0], cpuCi[1], cpuCi[2], halfWidth * 100));
                    sb.append(String.format(Locale.ROOT, "%s CPU per request, %s - %s: %+.2f µs [%+.2f, %+.2f] (mean of the per-round differences, 95%%),"
                                    + " of %.1f µs for %s%n", aa ? "difference in" : headersMode ? "the claim-header mediation's added gateway" : "guard's added gateway", nameA, nameB,
                            diffCi[0], diffCi[1], diffCi[2], offAll.cpuMicrosPerRequest(), nameB));
                    sb.append(String.format(Locale.ROOT, "wall-clock: %.1f%% of throughput (median of rounds), p50 %+.0f µs, p99 %+.0f µs%n",
                            (1 - medianRatio) * 100, onAll.percentileMicros(50) - offAll.percentileMicros(50),
                            onAll.percentileMicros(99) - offAll.percentileMicros(99)));
                    if (aa) {
                        boolean unbiased = cpuCi[1] <= 1 && cpuCi[2] >= 1;
                        sb.append(String.format(Locale.ROOT, "A/A CHECK, the CPU interval of two identical gateways contains 1: %s (%.4f [%.4f, %.4f]);"
                                        + " a difference of %+.2f µs [%+.2f, %+.2f] per request is what the design alone reads%n",
                                unbiased ? "yes, no bias of the design shown" : "NO, the design is biased by this much",
                                cpuCi[0], cpuCi[1], cpuCi[2], diffCi[0], diffCi[1], diffCi[2]));
                        System.out.print(sb);
                        System.out.flush();
                        System.exit(unbiased ? 0 : 1);
                    }
                    if (headersMode) {
                        sb.append(String.format(Locale.ROOT, "the API's claim-header mediation (an XPath filter and two header mediators, run only when the guard set"
                                + " the claim properties) costs %.2f%% [%.2f%%, %.2f%%] of a guarded request's gateway CPU%n",
                                (cpuCi[0] - 1) * 100, (cpuCi[1] - 1) * 100, (cpuCi[2] - 1) * 100));
                        System.out.print(sb);
                        System.out.flush();
                        System.exit(0);
                    }
                    sb.append(String.format(Locale.ROOT, "TARGET good traffic, upper end of the CPU interval <= 1.03: %.4f, %s; interval narrower than ±2%%: %s (±%.2f%%)%n",
                            cpuCi[2], cpuCi[2] <= 1.03 ? "met" : "MISSED", halfWidth < 0.02 ? "yes" : "NO", halfWidth * 100));

                    if (microRounds > 0) {
                        Map<String, Double> micro = InProcessCosts.measure(guarded, open, good, PATH, jwks.uri(), microRounds, 50);
                        sb.append(InProcessCosts.report(micro, microRounds, 50));
                        double hit = micro.get("guard.check cache hit, same header string (the JMH case)") / 1000;
                        double props = micro.get("property writes") / 1000;
                        double budget = 3 * (hit + props);
                        sb.append(String.format(Locale.ROOT, "%nTARGET guard's added CPU per accepted request <= 3 x (cache hit %.3f µs + property writes %.3f µs) = %.2f µs:"
                                + " measured at the gateway %+.2f µs [%+.2f, %+.2f], %s (the whole handler in process: %.2f µs, %s)%n",
                                hit, props, budget, diffCi[0], diffCi[1], diffCi[2],
                                diffCi[0] <= budget ? (diffCi[2] <= budget ? "met" : "met by the estimate, not by the interval's upper end") : "MISSED",
                                micro.get("handler on - off") / 1000, micro.get("handler on - off") / 1000 <= budget ? "met" : "MISSED"));
                    }

                    // bad tokens: all 401, none reaches the backend; each compared with good tokens measured the same way
                    // (the guarded gateway alone, same connections), not with the rounds, where two gateways share the cores
                    // each rejection path warmed first: the good tokens are cache hits, so without this the bad
                    // signature's RSA verify (BigInteger arithmetic) and the fault path would be measured while the
                    // JIT still compiles them, charging the first bad tokens for it
                    for (Map.Entry<String, String> e : bad.entrySet()) {
                        String header = e.getValue();
                        onLoad.run(PATH, n -> header, phaseMillis, maxRequests);
                    }
                    LoadGenerator.Result goodAlone = onLoad.run(PATH, goodTokens, phaseMillis, maxRequests);
                    check(goodAlone, 200, "good tokens, guarded gateway alone");
                    sb.append(String.format(Locale.ROOT, "%nBad tokens against the guarded API (the guarded gateway alone, %d connections;"
                            + " good tokens measured the same way right before: %.1f gateway CPU µs/request):%n%n", concurrency,
                            goodAlone.cpuMicrosPerRequest()));
                    sb.append("| token | requests | req/s | p50 µs | p99 µs | statuses | backend requests | gateway CPU µs/request | rejected / accepted CPU per request |\n|---|---|---|---|---|---|---|---|---|\n");
                    boolean ok = true;
                    for (Map.Entry<String, String> e : bad.entrySet()) {
                        long before = backend.requests();
                        String header = e.getValue();
                        LoadGenerator.Result res = onLoad.run(PATH, n -> header, phaseMillis, maxRequests);
                        long reached = backend.requests() - before;
                        boolean all401 = res.statuses.size() == 1 && res.statuses.containsKey(401) && res.errors == 0;
                        ok &= all401 && reached == 0 && res.requests > 0;
                        double costRatio = res.cpuMicrosPerRequest() / goodAlone.cpuMicrosPerRequest();
                        sb.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %s | %d | %.1f | %.2f |%n",
                                e.getKey(), res.requests, res.perSecond(), res.percentileMicros(50), res.percentileMicros(99),
                                res.statuses, reached, res.cpuMicrosPerRequest(), costRatio));
                        ok &= costRatio < 1.0;
                    }
                    sb.append(ok ? "\nRESULT: pass (every bad token got 401, the backend saw none, each rejection cost the gateway less CPU than an acceptance)\n"
                            : "\nRESULT: FAIL\n");
                    System.out.print(sb);
                    System.out.flush();
                    result = ok ? 0 : 1;
                }
            }
        }
        // Synapse leaves non-daemon worker threads behind after shutdown
        System.exit(result);
    }

    private static Handler guardHandler(EmbeddedGateway g) {
        for (Handler h : g.handlers()) {
            if (h instanceof dev.apimauth0.gateway.Auth0TokenGuardHandler) {
                return h;
            }
        }
        throw new IllegalStateException("no guard handler on the API");
    }

    private static void warm(LoadGenerator load, java.util.function.IntFunction<String> tokens, long warmup, long maxRequests,
                             String what) throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            check(load.run(PATH, tokens, warmup * 500, maxRequests), 200, what);
        }
    }

    /** A token of our issuer, signed by our key, with a kid the tenant's JWKS does not have. */
    private static String unknownKid(BenchTokens tokens) {
        String t = tokens.valid(0);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] kid = new byte[24];
        new Random(3).nextBytes(kid);
        String header = b64.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + b64.encodeToString(kid) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + t.substring(t.indexOf('.'));
    }

    /**
     * Every answer had the expected status. A rare transport error (a connection the loaded machine dropped, the
     * request retried on a new one; at most 1 in 10,000 requests of a phase) is tolerated and reported with the
     * results; an answer with another status never is.
     */
    private static void check(LoadGenerator.Result r, int status, String what) {
        if (r.requests == 0 || r.errors > Math.max(1, r.requests / 10_000) || r.statuses.size() != 1 || !r.statuses.containsKey(status)) {
            throw new IllegalStateException(what + ": expected only " + status + " but got " + r.statuses + " and " + r.errors
                    + " errors in " + r.requests + " requests");
        }
    }

    private static void row(StringBuilder sb, String name, LoadGenerator.Result r) {
        sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.1f |%n", name, r.requests, r.errors, r.requests / r.seconds,
                r.percentileMicros(50), r.percentileMicros(90), r.percentileMicros(99), r.cpuMicrosPerRequest()));
    }

    /** Geometric mean of the ratios and its 95% interval, from Student's t on the logs: {mean, low, high}. */
    static double[] geometricCi(double[] ratios) {
        double[] logs = new double[ratios.length];
        for (int i = 0; i < logs.length; i++) {
            logs[i] = Math.log(ratios[i]);
        }
        double[] m = meanCi(logs);
        return new double[] {Math.exp(m[0]), Math.exp(m[1]), Math.exp(m[2])};
    }

    /** Mean and its 95% interval from Student's t: {mean, low, high}. */
    static double[] meanCi(double[] values) {
        int n = values.length;
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        double se = n > 1 ? Math.sqrt(var / (n - 1) / n) : Double.NaN;
        double t = t975(n - 1);
        return new double[] {mean, mean - t * se, mean + t * se};
    }

    /** The 97.5% quantile of Student's t (Cornish-Fisher expansion around the normal; within 0.1% from 10 df). */
    static double t975(int df) {
        double z = 1.959964;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
    }

    private static String loadAverage() {
        try {
            String[] f = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg"))).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", d));
        }
        return sb.toString();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }

    private GatewayLoad() {
    }
}
