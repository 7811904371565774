package dev.apimauth0.bench.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the gateway's own threads (everything in this JVM except the load generator, the backend and the
 * JWKS server; JIT and GC threads are not Java threads and are not counted). On a machine whose cores are shared
 * with busy neighbours, a request's wall-clock latency is dominated by waiting for a core at every thread hand-off
 * inside the gateway; CPU time per request is what the gateway itself spends, and its ratio with and without the
 * guard is the throughput ratio of a CPU-bound gateway.
 */
final class CpuMeter {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private Map<Long, Long> before;

    void start() {
        before = snapshot();
    }

    /** Gateway CPU nanoseconds since {@link #start()}. */
    long gatewayNanos() {
        Map<Long, Long> after = snapshot();
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    /** CPU nanoseconds of every gateway thread alive now, by thread id. */
    static Map<Long, Long> snapshot() {
        Map<Long, Long> m = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!isGatewayThread(t)) {
                continue;
            }
            long cpu = MX.getThreadCpuTime(t.getId());
            if (cpu > 0) {
                m.put(t.getId(), cpu);
            }
        }
        return m;
    }

    /**
     * Everything but the load generator's workers, the backend and the JWKS server (their handler threads and the
     * JDK HTTP server's "HTTP-Dispatcher" threads, which read and write their sockets) and the thread measuring.
     */
    static boolean isGatewayThread(Thread t) {
        String n = t.getName();
        return !(n.startsWith("load-") || n.startsWith("bench-backend") || n.startsWith("bench-jwks")
                || n.equals("HTTP-Dispatcher") || t == Thread.currentThread());
    }
}
