package dev.apimauth0.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every token benchmark with 1 and then 2 threads, with the GC profiler, and prints the ratios the
 * targets are stated in (each against the raw RSA verify of the same run and thread count).
 * Standard JMH options on the command line override the short defaults (-f 1 -wi 5 -i 4 -w 1s -r 1s): five warm-up seconds because on a busy machine the JIT compiler threads get little CPU and two seconds sometimes leave hot code uncompiled.
 * Ratios are given on CPU time per operation ({@link CpuTimeProfiler}), which holds on a machine shared with
 * busy neighbours, and on wall-clock throughput, which is what an idle machine would show.
 */
public final class RunAll {

    record Row(String name, int threads, double mean, double best, double allocPerOp, double cpuMean, double cpuBest) {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int threads : new int[] {1, 2}) {
            OptionsBuilder b = new OptionsBuilder();
            b.parent(cmd);
            if (cmd.getIncludes().isEmpty()) {
                b.include("dev\\.apimauth0\\.bench\\.(ValidTokenBenchmark|GuardBenchmark|RejectionBenchmark)\\.");
            }
            if (!cmd.getForkCount().hasValue()) b.forks(1);
            if (!cmd.getWarmupIterations().hasValue()) b.warmupIterations(5);
            if (!cmd.getWarmupTime().hasValue()) b.warmupTime(TimeValue.seconds(1));
            if (!cmd.getMeasurementIterations().hasValue()) b.measurementIterations(4);
            if (!cmd.getMeasurementTime().hasValue()) b.measurementTime(TimeValue.seconds(1));
            b.threads(threads);
            b.addProfiler(GCProfiler.class);
            b.addProfiler(CpuTimeProfiler.class);
            Options opts = b.build();
            Collection<RunResult> results = new Runner(opts).run();
            for (RunResult r : results) {
                Row row = toRow(r, threads);
                rows.put(threads + " " + row.name, row);
            }
        }
        String summary = summarize(rows);
        System.out.println();
        System.out.println(summary);
        Path out = Paths.get(System.getProperty("bench.summary", "benchmarks/jmh/target/jmh-summary.md"));
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, summary.getBytes(StandardCharsets.UTF_8));
            System.out.println("(summary written to " + out + ")");
        } catch (IOException e) {
            System.out.println("(could not write " + out + ": " + e.getMessage() + ")");
        }
    }

    private static Row toRow(RunResult r, int threads) {
        BenchmarkParams p = r.getParams();
        String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
        if (!p.getParamsKeys().isEmpty()) {
            StringBuilder sb = new StringBuilder(name).append('[');
            for (String k : p.getParamsKeys()) {
                sb.append(k).append('=').append(p.getParam(k)).append(',');
            }
            sb.setLength(sb.length() - 1);
            name = sb.append(']').toString();
        }
        double best = 0;
        double cpuBest = Double.MAX_VALUE;
        for (BenchmarkResult br : r.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                best = Math.max(best, ir.getPrimaryResult().getScore());
                Result<?> cpu = ir.getSecondaryResults().get(CpuTimeProfiler.RESULT);
                if (cpu != null) {
                    cpuBest = Math.min(cpuBest, cpu.getScore());
                }
            }
        }
        Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        Result<?> cpu = r.getSecondaryResults().get(CpuTimeProfiler.RESULT);
        return new Row(name, threads, r.getPrimaryResult().getScore(), best, alloc == null ? Double.NaN : alloc.getScore(),
                cpu == null ? Double.NaN : cpu.getScore(), cpuBest == Double.MAX_VALUE ? Double.NaN : cpuBest);
    }

    static String summarize(Map<String, Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| case | threads | ops/ms (wall, mean) | CPU ns/op (mean) | CPU ns/op (best iter) | B/op | cost of raw RSA / cost of case (CPU) | same, wall-clock throughput |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows.values()) {
            Row raw = rows.get(row.threads + " ValidTokenBenchmark.rawRsaVerify");
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.0f | %.0f | %s | %s |%n",
                    row.name, row.threads, row.mean, row.cpuMean, row.cpuBest, row.allocPerOp,
                    raw == null ? "-" : String.format(Locale.ROOT, "%.2fx", raw.cpuMean / row.cpuMean),
                    raw == null ? "-" : String.format(Locale.ROOT, "%.2fx", row.mean / raw.mean)));
        }
        sb.append("\nTargets (how many times cheaper than the reference; CPU time per operation, and wall-clock throughput):\n\n");
        sb.append("| target | threads | CPU (mean) | CPU (best iter) | wall (mean) | met (CPU mean) |\n|---|---|---|---|---|---|\n");
        for (int t : new int[] {1, 2}) {
            target(sb, rows, t, "cache hit >= 100x raw RSA", "GuardBenchmark.guardCachedValid", "ValidTokenBenchmark.rawRsaVerify", 100);
            target(sb, rows, t, "first sight: raw RSA / first sight >= 1/1.1", "GuardBenchmark.guardFirstSight", "ValidTokenBenchmark.rawRsaVerify", 1 / 1.1);
            target(sb, rows, t, "first sight >= 1.2x nimbus 7.3 (APIM path)", "GuardBenchmark.guardFirstSight", "ValidTokenBenchmark.nimbus73ApimPath", 1.2);
            target(sb, rows, t, "first sight >= 1.2x nimbus 7.3 (lean)", "GuardBenchmark.guardFirstSight", "ValidTokenBenchmark.nimbus73Lean", 1.2);
            target(sb, rows, t, "first sight vs nimbus 10.10 processor", "GuardBenchmark.guardFirstSight", "ValidTokenBenchmark.nimbus10Processor", 0);
            target(sb, rows, t, "first sight vs java-jwt 4.6.2", "GuardBenchmark.guardFirstSight", "ValidTokenBenchmark.javaJwtVerifier", 0);
            for (String c : new String[] {"guardMalformed", "guardOtherIssuer", "guardExpired",
                    "guardMalformedFresh", "guardOtherIssuerFresh", "guardExpiredFresh"}) {
                for (String pad : new String[] {"0", "5400"}) {
                    target(sb, rows, t, c + " (pad " + pad + ") >= 200x raw RSA", "RejectionBenchmark." + c + "[padChars=" + pad + "]",
                            "ValidTokenBenchmark.rawRsaVerify", 200);
                }
            }
            target(sb, rows, t, "token_too_large >= 200x raw RSA", "GuardBenchmark.guardTooLarge", "ValidTokenBenchmark.rawRsaVerify", 200);
            target(sb, rows, t, "unknown kid (flood token) vs raw RSA", "GuardBenchmark.guardUnknownKid", "ValidTokenBenchmark.rawRsaVerify", 0);
            target(sb, rows, t, "bad signature vs raw RSA", "GuardBenchmark.guardBadSignature", "ValidTokenBenchmark.rawRsaVerify", 0);
        }
        Row hit = rows.get("1 GuardBenchmark.guardCachedValid");
        Row read = rows.get("1 GuardBenchmark.readHeaderOnly");
        if (hit != null && read != null) {
            sb.append(String.format(Locale.ROOT, "%nCache hit allocates %.0f B/op (for comparison, copying the token out of the header,"
                    + " which the guard does not do, would allocate %.0f B/op).%n", hit.allocPerOp, read.allocPerOp));
        }
        return sb.toString();
    }

    private static void target(StringBuilder sb, Map<String, Row> rows, int threads, String label, String subject, String reference,
                               double min) {
        Row s = rows.get(threads + " " + subject);
        Row r = rows.get(threads + " " + reference);
        if (s == null || r == null) {
            return;
        }
        double cpu = r.cpuMean / s.cpuMean;
        double cpuBest = r.cpuBest / s.cpuBest;
        double wall = s.mean / r.mean;
        sb.append(String.format(Locale.ROOT, "| %s | %d | %.2fx | %.2fx | %.2fx | %s |%n", label, threads, cpu, cpuBest, wall,
                min <= 0 ? "(info)" : cpu >= min ? "yes" : "NO"));
    }

    private RunAll() {
    }
}
