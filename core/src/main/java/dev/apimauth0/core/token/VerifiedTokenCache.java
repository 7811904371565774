package dev.apimauth0.core.token;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bounded cache of fully verified tokens, looked up by the token's characters in place (no
 * substring, no allocation). A fixed table of {@code capacity} slots with two candidate slots per
 * token: it never holds more than capacity entries, and a colliding insert simply evicts. Only
 * tokens that passed every check are inserted, so an attacker cannot choose what collides.
 * The hash reads the token's last characters (its signature, random for real tokens); equality is
 * always a full comparison.
 * <p>
 * The same table, in a second instance, is the guard's negative cache: entries with no key and no
 * verified token, holding only what the guard decided for the token on each kind of path (a
 * rejection reason or a pass-through). Those entries never expire; eviction is the same colliding
 * insert, so their number is bounded by the capacity whatever an attacker sends.
 */
final class VerifiedTokenCache {

    /** Negative entries: no decision known for this kind of path. */
    static final int UNKNOWN = -2;
    /** Negative entries: passed through as not ours. Any other value is the ordinal of the rejection's reason. */
    static final int PASS = -1;

    static final class Entry {
        final String token;
        final int hash;
        /** token.length(), next to the hash: a lookup that finds its own string needs nothing else. */
        final int length;
        /** (exp + leeway) in epoch millis: at or after this instant the entry is dead. */
        final long notAfterMillis;
        final JwksKeys.KeyEntry key;
        final VerifiedTokenImpl verified;
        final Decision accepted;
        /**
         * One memory per kind of look, so that the guard's and the JWT validator's looks at the same
         * token do not displace each other. lastSource: the last string the token was found inside
         * (the Authorization header, token from an offset); the next request usually carries an
         * identical header, and String.equals is far cheaper than a region comparison. lastWhole: the
         * last string that was the token itself (the validator's bare token), compared by identity.
         * Racy by design; a stale value only costs the full comparison.
         */
        Seen lastSource;
        String lastWhole;
        /** Negative entries: the decision on an Auth0-only path and elsewhere (UNKNOWN, PASS or a reason's ordinal). */
        final int onAuth0Only;
        final int elsewhere;

        Entry(String token, int hash, long notAfterMillis, JwksKeys.KeyEntry key, VerifiedTokenImpl verified) {
            this.token = token;
            this.hash = hash;
            this.length = token.length();
            this.notAfterMillis = notAfterMillis;
            this.key = key;
            this.verified = verified;
            this.accepted = Decision.accepted(verified);
            this.onAuth0Only = UNKNOWN;
            this.elsewhere = UNKNOWN;
        }

        /** A negative entry: no key, no verified token, nothing that could accept. */
        Entry(String token, int hash, int onAuth0Only, int elsewhere) {
            this.token = token;
            this.hash = hash;
            this.length = token.length();
            this.notAfterMillis = Long.MAX_VALUE;
            this.key = null;
            this.verified = null;
            this.accepted = null;
            this.onAuth0Only = onAuth0Only;
            this.elsewhere = elsewhere;
        }

        boolean usableAt(long nowMillis) {
            return nowMillis < notAfterMillis && (key == null || !key.revoked);
        }
    }

    /** A source string and where the token starts in it (one immutable pair, so racy reads never tear). */
    static final class Seen {
        final String source;
        final int start;

        Seen(String source, int start) {
            this.source = source;
            this.start = start;
        }
    }

    private static final int HASHED_TAIL = 32;

    private final AtomicReferenceArray<Entry> table;
    private final int capacity;

    VerifiedTokenCache(int capacity) {
        this.capacity = capacity;
        this.table = capacity > 0 ? new AtomicReferenceArray<Entry>(capacity) : null;
    }

    /**
     * Multiplier and seed of the tail hash, drawn per JVM: the negative cache holds tokens an attacker
     * chose, and with a fixed multiplier (31) tokens whose tails differ by a chosen few characters share
     * a hash, forcing a full comparison of up to 2 KB on every lookup.
     */
    static final int MULTIPLIER;
    static final int SEED;
    /** MULTIPLIER to the power of the index: POWERS[k] = MULTIPLIER^k (mod 2^32). */
    private static final int[] POWERS = new int[HASHED_TAIL + 1];

    static {
        java.security.SecureRandom random = new java.security.SecureRandom();
        MULTIPLIER = random.nextInt() | 1;
        SEED = random.nextInt();
        POWERS[0] = 1;
        for (int k = 1; k <= HASHED_TAIL; k++) {
            POWERS[k] = POWERS[k - 1] * MULTIPLIER;
        }
    }

    /**
     * The polynomial h = M*h + c over the seed, the length and the tail's characters, summed term by term
     * (c * M^k) rather than by Horner's rule: the terms are independent, so the CPU overlaps their
     * multiplications instead of waiting for each before the next (the hash runs on every lookup).
     */
    static int hash(String src, int start, int end) {
        int from = Math.max(start, end - HASHED_TAIL);
        int h = (SEED ^ (end - start)) * POWERS[end - from];
        for (int i = from, k = end - from - 1; i < end; i++, k--) {
            h += src.charAt(i) * POWERS[k];
        }
        // murmur3's finalizer: every bit of h reaches the low bits the slot index is taken from
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** The first candidate slot of a hash: the hash scaled to [0, capacity) by a multiplication, not a division. */
    private int slot(int h) {
        return (int) (((h & 0xffffffffL) * capacity) >>> 32);
    }

    /** The entry for the token {@code src[start, end)}, usable or not; null when absent. */
    Entry get(String src, int start, int end) {
        return get(src, start, end, hash(src, start, end));
    }

    /** As {@link #get(String, int, int)}, with the token's {@link #hash} already computed. */
    Entry get(String src, int start, int end, int h) {
        if (table == null) {
            return null;
        }
        int i = slot(h);
        Entry e = table.get(i);
        if (e != null && e.hash == h && matches(e, src, start, end)) {
            return e;
        }
        i = i + 1 == capacity ? 0 : i + 1;
        e = table.get(i);
        if (e != null && e.hash == h && matches(e, src, start, end)) {
            return e;
        }
        return null;
    }

    private static boolean matches(Entry e, String src, int start, int end) {
        int len = end - start;
        if (e.length != len) {
            return false;
        }
        if (start == 0 && len == src.length()) {
            // the bare token: the same instance as last time, or one full comparison (no allocation)
            if (src == e.lastWhole || src == e.token) {
                return true;
            }
            if (e.token.equals(src)) {
                e.lastWhole = src;
                return true;
            }
            return false;
        }
        Seen last = e.lastSource;
        if (last != null && last.start == start && (last.source == src || last.source.equals(src))) {
            return true; // same string, same offset and length: the same token
        }
        boolean same = src.regionMatches(start, e.token, 0, len);
        if (same) {
            e.lastSource = new Seen(src, start);
        }
        return same;
    }

    void put(Entry entry, long nowMillis) {
        if (table == null) {
            return;
        }
        int i = slot(entry.hash);
        int j = i + 1 == capacity ? 0 : i + 1;
        Entry a = table.get(i);
        // the hash first: a slot's token is usually cold in the CPU caches, and up to 2 KB long
        if (a == null || !a.usableAt(nowMillis) || (a.hash == entry.hash && a.token.equals(entry.token))) {
            table.set(i, entry);
            return;
        }
        Entry b = table.get(j);
        if (b == null || !b.usableAt(nowMillis) || (b.hash == entry.hash && b.token.equals(entry.token))) {
            table.set(j, entry);
            return;
        }
        // both taken by live tokens: evict the one that expires first
        table.set(a.notAfterMillis <= b.notAfterMillis ? i : j, entry);
    }

    /** Number of slots in use (tests and JMX; linear in the capacity). */
    int size() {
        if (table == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < capacity; i++) {
            if (table.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    void clear() {
        if (table != null) {
            for (int i = 0; i < capacity; i++) {
                table.set(i, null);
            }
        }
    }
}
