package dev.apimauth0.core.token;

import java.util.Map;

/** Counters of the guard's outcomes and JWKS traffic. Read-only view; cheap to call. */
public interface GuardMetrics {

    long accepted();

    long passedThrough();

    long rejected();

    /** Rejections by {@link Reason#code()}. */
    Map<String, Long> rejectedByReason();

    /**
     * Per configured issuer, the tokens seen claiming it (each token counted when first judged, not on cache
     * hits): an issuer that stays at 0 while the gateway has traffic matches no token Auth0 sends.
     */
    Map<String, Long> issuerMatches();

    long verifiedCacheHits();

    long jwksFetches();

    long jwksFetchFailures();
}
