package dev.apimauth0.bench.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cases measured interleaved on one thread: each case runs in short slices, round after round in a shuffled order,
 * and a slice is charged the CPU time the thread spent in it, so every case meets the machine's load at the same
 * moments and ratios taken per round stay robust on a busy machine.
 */
public final class Interleaved {

    /** One operation of a case; its result feeds a sink so that the JIT cannot drop the work. */
    public interface Op {
        int run(int i) throws Exception;
    }

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static volatile int sink;

    private Interleaved() {
    }

    /** Runs op for about the given wall time, {@code batch} calls between clock reads; this thread's CPU ns per op. */
    public static double slice(Op op, long millis, int batch) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000L;
        long cpu0 = MX.getCurrentThreadCpuTime();
        int ops = 0;
        int acc = 0;
        do {
            for (int k = 0; k < batch; k++) {
                acc += op.run(ops++);
            }
        } while (System.nanoTime() < end);
        long cpu = MX.getCurrentThreadCpuTime() - cpu0;
        sink += acc;
        return (double) cpu / ops;
    }

    /**
     * Warms every case {@code warmups} times for {@code warmMillis}, then runs {@code rounds} rounds of one slice per
     * case in an order shuffled by {@code seed}; the CPU ns per op of each case in each round, keyed like the cases.
     */
    public static Map<String, double[]> rounds(Map<String, Op> cases, int warmups, long warmMillis, int rounds,
                                               long sliceMillis, int batch, long seed) throws Exception {
        for (int w = 0; w < warmups; w++) {
            for (Op op : cases.values()) {
                slice(op, warmMillis, batch);
            }
        }
        List<String> names = new ArrayList<>(cases.keySet());
        Map<String, double[]> cpu = new LinkedHashMap<>();
        for (String n : names) {
            cpu.put(n, new double[rounds]);
        }
        Random shuffle = new Random(seed);
        for (int r = 0; r < rounds; r++) {
            Collections.shuffle(names, shuffle);
            for (String n : names) {
                cpu.get(n)[r] = slice(cases.get(n), sliceMillis, batch);
            }
        }
        return cpu;
    }

    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** a[i] - b[i], round by round. */
    public static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /** The median of reference[i] / c[i], round by round. */
    public static double medianRatio(double[] reference, double[] c) {
        double[] r = new double[c.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = reference[i] / c[i];
        }
        return median(r);
    }

    /** What the operations returned, summed: printed so that no case's work is dead code. */
    public static int sink() {
        return sink;
    }
}
