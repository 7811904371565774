package dev.apimauth0.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;

/**
 * CPU time the benchmark threads spent per operation ({@code cpu.ns/op}). On a machine shared with other busy
 * processes, wall-clock throughput swings with their load (a thread waits for a core, and the wait counts);
 * the thread's own CPU time does not, so ratios of CPU time per operation compare the code, not the neighbours.
 * It still includes the effects of sharing caches and memory bandwidth, and of the iteration ramp-up and
 * ramp-down that JMH runs to synchronise threads (hence divided by all operations, not only the measured ones).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    public static final String RESULT = "cpu.ns/op";

    private long before;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = workerCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = workerCpuNanos() - before;
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult(RESULT, (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }

    private static long workerCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("jmh-worker")) {
                long n = mx.getThreadCpuTime(t.getId());
                if (n > 0) {
                    sum += n;
                }
            }
        }
        return sum;
    }
}
