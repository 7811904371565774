package dev.apimauth0.core.token;

import java.util.concurrent.atomic.LongAdder;

/**
 * Decisions taken on a token's characters alone (not ours, or ours and expired), remembered per kind of path
 * (Auth0-only or not), so a client replaying the same bad token costs a lookup. It never holds anything that could
 * accept. A token is admitted only on its second sight: an attacker's one-off tokens cost an int store, not a copy
 * of the token and a cache insert.
 */
final class NegativeDecisions {

    /** Slots, and the longest token kept (longer ones are re-examined each time). */
    static final int SIZE = 4096;
    static final int MAX_CHARS = 2048;

    private final VerifiedTokenCache cache = new VerifiedTokenCache(SIZE);
    /** Hashes of tokens decided once. Racy by design: a lost store only delays admission. */
    private final int[] seenOnce = new int[SIZE];
    final LongAdder hits = new LongAdder();

    static boolean rememberable(int length) {
        return length <= MAX_CHARS;
    }

    VerifiedTokenCache.Entry get(String src, int start, int end, int hash) {
        return cache.get(src, start, end, hash);
    }

    /** The remembered decision for this kind of path: a reason's ordinal, PASS, or UNKNOWN. */
    static int decision(VerifiedTokenCache.Entry known, boolean auth0Only) {
        return known == null ? VerifiedTokenCache.UNKNOWN : auth0Only ? known.onAuth0Only : known.elsewhere;
    }

    /** Remembers a decision (code) for this kind of path, once the token has been seen before. */
    void remember(String src, int start, int end, int hash, VerifiedTokenCache.Entry known, boolean auth0Only, int code,
            long now) {
        if (known == null && !seenBefore(hash)) {
            return;
        }
        String token = start == 0 && end == src.length() ? src : src.substring(start, end);
        int onAuth0Only = auth0Only ? code : known == null ? VerifiedTokenCache.UNKNOWN : known.onAuth0Only;
        int elsewhere = auth0Only ? known == null ? VerifiedTokenCache.UNKNOWN : known.elsewhere : code;
        cache.put(new VerifiedTokenCache.Entry(token, hash, onAuth0Only, elsewhere), now);
    }

    /** True when this hash was decided once before; otherwise notes it. */
    private boolean seenBefore(int hash) {
        int i = hash & (seenOnce.length - 1);
        if (seenOnce[i] == hash) {
            return true;
        }
        seenOnce[i] = hash;
        return false;
    }

    int size() {
        return cache.size();
    }

    void clear() {
        cache.clear();
    }
}
