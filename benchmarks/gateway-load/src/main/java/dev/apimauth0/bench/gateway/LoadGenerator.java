package dev.apimauth0.bench.gateway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Closed-loop load at a fixed concurrency against 127.0.0.1: each worker owns one keep-alive connection and sends
 * its next request when the previous answer arrived. Bounded twice: by a request count and by time.
 */
final class LoadGenerator {

    /** What one run measured. */
    static final class Result {
        final long requests;
        final long errors;
        final double seconds;
        final long[] latencyNanos;
        final Map<Integer, Long> statuses;
        /** CPU time the gateway's threads spent during the run. */
        long gatewayCpuNanos;

        Result(long requests, long errors, double seconds, long[] latencyNanos, Map<Integer, Long> statuses) {
            this.requests = requests;
            this.errors = errors;
            this.seconds = seconds;
            this.latencyNanos = latencyNanos;
            this.statuses = statuses;
        }

        /** Gateway CPU microseconds per request. */
        double cpuMicrosPerRequest() {
            return gatewayCpuNanos / 1000.0 / requests;
        }

        double perSecond() {
            return requests / seconds;
        }

        /** Latency percentile in microseconds, p in [0, 100]. */
        double percentileMicros(double p) {
            if (latencyNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latencyNanos.length - 1, Math.max(0, Math.ceil(p / 100.0 * latencyNanos.length) - 1));
            return latencyNanos[i] / 1000.0;
        }

        static Result merge(List<Result> parts) {
            long req = 0;
            long err = 0;
            double sec = 0;
            int n = 0;
            Map<Integer, Long> st = new TreeMap<>();
            for (Result r : parts) {
                req += r.requests;
                err += r.errors;
                sec += r.seconds;
                n += r.latencyNanos.length;
                r.statuses.forEach((k, v) -> st.merge(k, v, Long::sum));
            }
            long cpu = 0;
            for (Result r : parts) {
                cpu += r.gatewayCpuNanos;
            }
            long[] all = new long[n];
            int off = 0;
            for (Result r : parts) {
                System.arraycopy(r.latencyNanos, 0, all, off, r.latencyNanos.length);
                off += r.latencyNanos.length;
            }
            Arrays.sort(all);
            Result merged = new Result(req, err, sec, all, st);
            merged.gatewayCpuNanos = cpu;
            return merged;
        }
    }

    private final int port;
    private final int concurrency;

    LoadGenerator(int port, int concurrency) {
        this.port = port;
        this.concurrency = concurrency;
    }

    /**
     * Runs for {@code millis} or until {@code maxRequests} were sent, whichever comes first; the result's CPU is that
     * of every gateway thread in this JVM.
     *
     * @param authorization the Authorization header for the n-th request of a worker (null for none)
     */
    Result run(String path, IntFunction<String> authorization, long millis, long maxRequests) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        long[] window = new long[2];
        Workers w = prepare(path, authorization, maxRequests, start, window);
        CpuMeter cpu = new CpuMeter();
        cpu.start();
        window[0] = System.nanoTime();
        window[1] = window[0] + millis * 1_000_000L;
        start.countDown();
        w.join(millis);
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        long gatewayCpu = cpu.gatewayNanos();
        Result out = w.result(seconds);
        out.gatewayCpuNanos = gatewayCpu;
        return out;
    }

    /**
     * Loads several gateways in the same window, each from its own workers: whatever else the machine runs hits all
     * of them at the same instants. Each result's CPU is that of the thread group of its gateway.
     */
    static Together runTogether(LoadGenerator[] generators, ThreadGroups groups, String path,
                                IntFunction<String> authorization, long millis, long maxRequests) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        long[] window = new long[2];
        Workers[] workers = new Workers[generators.length];
        for (int g = 0; g < generators.length; g++) {
            workers[g] = generators[g].prepare(path, authorization, maxRequests, start, window);
        }
        Map<Long, Long> before = CpuMeter.snapshot();
        window[0] = System.nanoTime();
        window[1] = window[0] + millis * 1_000_000L;
        start.countDown();
        for (Workers w : workers) {
            w.join(millis);
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        long[] cpu = groups.cpuSince(before);
        Result[] out = new Result[generators.length];
        for (int g = 0; g < generators.length; g++) {
            out[g] = workers[g].result(seconds);
            out[g].gatewayCpuNanos = cpu[g];
        }
        return new Together(out, cpu[cpu.length - 1]);
    }

    /** The results of gateways loaded together, and the CPU of gateway threads that belong to none of them. */
    record Together(Result[] results, long unattributedCpuNanos) {
    }

    /** The workers of one run, waiting for the start signal. */
    private final class Workers {
        final List<Thread> threads = new ArrayList<>();
        final long[][] latencies = new long[concurrency][];
        final int[] counts = new int[concurrency];
        final long[] errors = new long[concurrency];
        @SuppressWarnings("unchecked")
        final Map<Integer, Long>[] statuses = new Map[concurrency];

        void join(long millis) throws InterruptedException {
            for (Thread t : threads) {
                t.join(millis + 30_000);
            }
        }

        Result result(double seconds) {
            List<Result> parts = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                parts.add(new Result(counts[w], errors[w], 0, Arrays.copyOf(latencies[w], counts[w]), statuses[w]));
            }
            Result merged = Result.merge(parts);
            return new Result(merged.requests, merged.errors, seconds, merged.latencyNanos, merged.statuses);
        }
    }

    private Workers prepare(String path, IntFunction<String> authorization, long maxRequests, CountDownLatch start,
                            long[] window) {
        Workers ws = new Workers();
        AtomicLong budget = new AtomicLong(maxRequests);
        int perWorkerCap = (int) Math.min(Integer.MAX_VALUE - 8, maxRequests / concurrency + 1);
        for (int w = 0; w < concurrency; w++) {
            final int worker = w;
            ws.latencies[w] = new long[Math.min(perWorkerCap, 4_000_000)];
            ws.statuses[w] = new TreeMap<>();
            Thread t = new Thread(() -> {
                try (KeepAliveClient client = new KeepAliveClient(port, 10_000)) {
                    start.await();
                    long end = window[1];
                    int n = 0;
                    long[] latencies = ws.latencies[worker];
                    while (System.nanoTime() < end && budget.decrementAndGet() >= 0 && n < latencies.length) {
                        long t0 = System.nanoTime();
                        int code;
                        try {
                            code = client.get(path, authorization.apply(n));
                        } catch (Exception e) {
                            ws.errors[worker]++;
                            client.close();
                            continue;
                        }
                        latencies[n++] = System.nanoTime() - t0;
                        ws.statuses[worker].merge(code, 1L, Long::sum);
                    }
                    ws.counts[worker] = n;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "load-" + w);
            t.setDaemon(true);
            ws.threads.add(t);
            t.start();
        }
        return ws;
    }
}
