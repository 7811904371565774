package dev.apimauth0.bench.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which gateway in this JVM each thread works for, so that two gateways loaded at the same instant can each be
 * charged their own CPU. A gateway's threads are the ones that appeared while it started and served its warm-up
 * alone (its listener, sender and worker pools, whose core threads never retire). CPU of any other thread (there
 * should be none of note) is reported as unattributed, so a design flaw would show instead of biasing a side.
 */
final class ThreadGroups {

    private final Set<Long> known = new HashSet<>();
    private final List<Set<Long>> groups = new ArrayList<>();
    private final Map<Integer, String> names = new HashMap<>();

    /** Marks every gateway thread alive now as belonging to no gateway (call before the first starts). */
    ThreadGroups() {
        known.addAll(CpuMeter.snapshot().keySet());
        known.addAll(currentIds());
    }

    /** Claims the threads that appeared since the last call for the next gateway; returns its index. */
    int claim(String name) {
        Set<Long> fresh = new HashSet<>(currentIds());
        fresh.removeAll(known);
        known.addAll(fresh);
        groups.add(fresh);
        names.put(groups.size() - 1, name);
        return groups.size() - 1;
    }

    /** The thread ids of a group, sorted, separated by commas (to split a profile of this JVM by gateway). */
    String ids(int group) {
        return groups.get(group).stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    int threads(int group) {
        return groups.get(group).size();
    }

    /**
     * CPU nanoseconds each group spent since {@code before} (a {@link CpuMeter#snapshot()}), with one more element
     * at the end for the gateway threads of no group.
     */
    long[] cpuSince(Map<Long, Long> before) {
        Map<Long, Long> after = CpuMeter.snapshot();
        long[] out = new long[groups.size() + 1];
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            int g = groups.size();
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).contains(e.getKey())) {
                    g = i;
                    break;
                }
            }
            out[g] += d;
        }
        return out;
    }

    /**
     * CPU since {@code before} by group and thread name (digits folded, so pools read as one line), largest first:
     * where the charged and the unattributed CPU go.
     */
    String breakdown(Map<Long, Long> before) {
        Map<String, Long> byName = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!CpuMeter.isGatewayThread(t)) {
                continue;
            }
            long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(t.getId());
            long d = cpu - before.getOrDefault(t.getId(), 0L);
            if (cpu <= 0 || d <= 0) {
                continue;
            }
            String group = "neither";
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).contains(t.getId())) {
                    group = names.get(i);
                    break;
                }
            }
            byName.merge(group + " | " + t.getName().replaceAll("[0-9]+", "N"), d, Long::sum);
        }
        StringBuilder sb = new StringBuilder("| gateway | threads | CPU ms |\n|---|---|---|\n");
        byName.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue() / 1_000_000).append(" |\n"));
        return sb.toString();
    }

    private static Set<Long> currentIds() {
        Set<Long> ids = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (CpuMeter.isGatewayThread(t)) {
                ids.add(t.getId());
            }
        }
        return ids;
    }
}
