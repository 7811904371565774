package dev.apimauth0.bench;

import dev.apimauth0.bench.support.Interleaved;
import dev.apimauth0.bench.support.Interleaved.Op;
import dev.apimauth0.bench.support.BenchTokens;
import dev.apimauth0.core.config.Defaults;
import dev.apimauth0.core.token.GuardDecision;

import java.security.Signature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JMH cases' ratios measured by interleaving: every case runs in short slices, round after round in a shuffled
 * order, in one thread, and each slice's CPU time per operation is divided by the raw RSA verify's in the same
 * round. The median over rounds is reported. On a machine whose load swings from second to second (other builds),
 * sequential benchmarks compare different moments; interleaved slices compare the same ones.
 * JMH (RunAll) remains the reference for absolute numbers, allocation and two threads.
 * <p>
 * {@code java -cp benchmarks/jmh/target/benchmarks.jar dev.apimauth0.bench.PairedRatios [rounds] [sliceMillis]}
 */
public final class PairedRatios {


    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        long sliceMillis = args.length > 1 ? Long.parseLong(args[1]) : 100;

        BenchTokens tokens = new BenchTokens();
        int pool = ValidTokenBenchmark.POOL;
        String[] jwts = new String[pool];
        String[] headers = new String[pool];
        byte[][][] raw = new byte[pool][][];
        for (int i = 0; i < pool; i++) {
            jwts[i] = tokens.valid(i);
            headers[i] = GuardFixture.bearer(jwts[i]);
            raw[i] = BenchTokens.signingInputAndSignature(jwts[i]);
        }
        BaselineState base = new BaselineState(tokens);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(tokens.publicKey());

        try (GuardFixture cached = new GuardFixture(tokens, Defaults.VERIFIED_CACHE_SIZE);
             GuardFixture firstSight = new GuardFixture(tokens, 1)) {
            String cachedHeader = headers[0];
            cached.expect(cachedHeader, GuardDecision.Outcome.ACCEPTED, null);
            String[] unknownKids = JwksFlood.floodTokens(tokens, 4096);
            Map<String, String> rejections = new LinkedHashMap<>();
            for (int pad : new int[] {0, 5400}) {
                rejections.put("malformed, pad " + pad, GuardFixture.bearer(tokens.malformed(pad)));
                rejections.put("other issuer, pad " + pad, GuardFixture.bearer(tokens.otherIssuer(pad)));
                rejections.put("expired, pad " + pad, GuardFixture.bearer(tokens.expired(pad)));
            }
            String badSig = GuardFixture.bearer(tokens.badSignature());

            Map<String, Op> cases = new LinkedHashMap<>();
            cases.put("raw RSA verify", i -> {
                byte[][] in = raw[i & (pool - 1)];
                rsa.update(in[0]);
                return rsa.verify(in[1]) ? 1 : 0;
            });
            cases.put("guard cache hit", i -> cached.guard.check(cachedHeader, GuardFixture.PATH).httpStatus());
            cases.put("guard first sight", i -> firstSight.guard.check(headers[i & (pool - 1)], GuardFixture.PATH).httpStatus());
            cases.put("nimbus 7.3 APIM path", i -> base.nimbus73ApimPath(jwts[i & (pool - 1)]).hashCode());
            cases.put("nimbus 7.3 lean", i -> base.nimbus73Lean(jwts[i & (pool - 1)]).hashCode());
            cases.put("nimbus 10.10 processor", i -> base.nimbus10(jwts[i & (pool - 1)]).hashCode());
            cases.put("java-jwt 4.6.2", i -> base.javaJwt(jwts[i & (pool - 1)]).hashCode());
            for (Map.Entry<String, String> e : rejections.entrySet()) {
                String h = e.getValue();
                cases.put("guard " + e.getKey(), i -> cached.guard.check(h, GuardFixture.PATH).httpStatus());
            }
            cases.put("guard unknown kid", i -> cached.guard.check(unknownKids[i & 4095], GuardFixture.PATH).httpStatus());
            cases.put("guard bad signature", i -> cached.guard.check(badSig, GuardFixture.PATH).httpStatus());

            // warm-up: every case long enough to be compiled
            Map<String, double[]> cpuPerOp = Interleaved.rounds(cases, 2, 700, rounds, sliceMillis, 16, 5);
            double[] rawCpu = cpuPerOp.get("raw RSA verify");
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "Interleaved ratios, 1 thread, %d rounds of %d ms slices per case%n%n", rounds, sliceMillis));
            sb.append("| case | CPU ns/op (median) | raw RSA / case (median of per-round ratios) | min | max |\n|---|---|---|---|---|\n");
            for (String n : cases.keySet()) {
                double[] c = cpuPerOp.get(n);
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = rawCpu[r] / c[r];
                }
                double[] sorted = ratio.clone();
                Arrays.sort(sorted);
                sb.append(String.format(Locale.ROOT, "| %s | %.0f | %.2fx | %.2fx | %.2fx |%n", n, Interleaved.median(c), Interleaved.median(ratio), sorted[0], sorted[rounds - 1]));
            }
            System.out.print(sb);
            System.out.println("(sink " + Interleaved.sink() + ")");
        }
    }

    private PairedRatios() {
    }
}
