package dev.apimauth0.core.token;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** LongAdder counters: contention-free increments on the request path. */
final class GuardMetricsImpl implements GuardMetrics {

    final LongAdder accepted = new LongAdder();
    final LongAdder passedThrough = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder[] byReason = new LongAdder[Reason.values().length];
    final LongAdder verifiedCacheHits = new LongAdder();
    final LongAdder jwksFetches = new LongAdder();
    final LongAdder jwksFetchFailures = new LongAdder();

    private final java.util.List<String> issuers = new java.util.ArrayList<>();
    private final java.util.List<LongAdder> issuerMatches = new java.util.ArrayList<>();

    GuardMetricsImpl() {
        for (int i = 0; i < byReason.length; i++) {
            byReason[i] = new LongAdder();
        }
    }

    void trackIssuers(String[] names, LongAdder[] counters) {
        for (int i = 0; i < names.length; i++) {
            issuers.add(names[i]);
            issuerMatches.add(counters[i]);
        }
    }

    @Override
    public Map<String, Long> issuerMatches() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < issuers.size(); i++) {
            out.merge(issuers.get(i), issuerMatches.get(i).sum(), Long::sum);
        }
        return Collections.unmodifiableMap(out);
    }

    void rejected(Reason reason) {
        rejected.increment();
        byReason[reason.ordinal()].increment();
    }

    @Override public long accepted() { return accepted.sum(); }
    @Override public long passedThrough() { return passedThrough.sum(); }
    @Override public long rejected() { return rejected.sum(); }

    @Override
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            out.put(r.code(), byReason[r.ordinal()].sum());
        }
        return Collections.unmodifiableMap(out);
    }

    @Override public long verifiedCacheHits() { return verifiedCacheHits.sum(); }
    @Override public long jwksFetches() { return jwksFetches.sum(); }
    @Override public long jwksFetchFailures() { return jwksFetchFailures.sum(); }

    @Override
    public String toString() {
        return "accepted=" + accepted() + " passedThrough=" + passedThrough() + " rejected=" + rejected()
                + " cacheHits=" + verifiedCacheHits() + " jwksFetches=" + jwksFetches() + " jwksFailures=" + jwksFetchFailures();
    }
}
