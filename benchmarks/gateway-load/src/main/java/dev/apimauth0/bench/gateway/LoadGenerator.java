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
     * Runs for {@code millis} or until {@code maxRequests} were sent, whichever comes first.
     *
     * @param authorization the Authorization header for the n-th request of a worker (null for none)
     */
    Result run(String path, IntFunction<String> authorization, long millis, long maxRequests) throws InterruptedException {
        AtomicLong budget = new AtomicLong(maxRequests);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        long[] errors = new long[concurrency];
        @SuppressWarnings("unchecked")
        Map<Integer, Long>[] statuses = new Map[concurrency];
        long[] window = new long[2];
        int perWorkerCap = (int) Math.min(Integer.MAX_VALUE - 8, maxRequests / concurrency + 1);
        for (int w = 0; w < concurrency; w++) {
            final int worker = w;
            latencies[w] = new long[Math.min(perWorkerCap, 4_000_000)];
            statuses[w] = new TreeMap<>();
            Thread t = new Thread(() -> {
                try (KeepAliveClient client = new KeepAliveClient(port, 10_000)) {
                    start.await();
                    long end = window[1];
                    int n = 0;
                    while (System.nanoTime() < end && budget.decrementAndGet() >= 0 && n < latencies[worker].length) {
                        long t0 = System.nanoTime();
                        int code;
                        try {
                            code = client.get(path, authorization.apply(n));
                        } catch (Exception e) {
                            errors[worker]++;
                            client.close();
                            continue;
                        }
                        latencies[worker][n++] = System.nanoTime() - t0;
                        statuses[worker].merge(code, 1L, Long::sum);
                    }
                    counts[worker] = n;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "load-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        CpuMeter cpu = new CpuMeter();
        cpu.start();
        window[0] = System.nanoTime();
        window[1] = window[0] + millis * 1_000_000L;
        start.countDown();
        for (Thread t : threads) {
            t.join(millis + 30_000);
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        long gatewayCpu = cpu.gatewayNanos();
        List<Result> parts = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            parts.add(new Result(counts[w], errors[w], 0, Arrays.copyOf(latencies[w], counts[w]), statuses[w]));
        }
        Result merged = Result.merge(parts);
        Result out = new Result(merged.requests, merged.errors, seconds, merged.latencyNanos, merged.statuses);
        out.gatewayCpuNanos = gatewayCpu;
        return out;
    }
}
