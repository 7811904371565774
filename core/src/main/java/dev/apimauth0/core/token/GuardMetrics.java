package dev.apimauth0.core.token;

import java.util.Map;

/** Counters of the guard's outcomes and JWKS traffic. Read-only view; cheap to call. */
public interface GuardMetrics {

    long accepted();

    long passedThrough();

    long rejected();

    /** Rejections by {@link Reason#code()}. */
    Map<String, Long> rejectedByReason();

    long verifiedCacheHits();

    long jwksFetches();

    long jwksFetchFailures();
}
