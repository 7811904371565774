package dev.apimauth0.gateway;

/**
 * Credential headers the guard accepted before, by content: a client sends the same header on every request, and
 * finding it here (one comparison of the header) stands for the plain-Bearer scan, lets the guard's verified cache
 * recognise the token by identity instead of comparing it a second time, and keeps the token's message properties.
 * It decides nothing: every request still goes to the guard, which alone accepts or rejects. Only plain
 * {@code Bearer <token>} headers are kept (so a hit needs no APIM-style extraction), and a property set is reused
 * only for the provider it was computed for. A fixed table: a colliding header replaces the older one.
 */
final class AcceptedHeaders {

    /** A header, as the guard saw it, and the properties of the token it carries. */
    static final class Entry {
        final String header;
        final ClaimProperties claims;

        Entry(String header, ClaimProperties claims) {
            this.header = header;
            this.claims = claims;
        }
    }

    private static final int SLOTS = 4096;
    private static final int TAIL = 16;

    // racy by design: entries are immutable (final fields), a lost update only costs the slow path once more
    private static final Entry[] TABLE = new Entry[SLOTS];

    private AcceptedHeaders() {
    }

    /** The entry whose header equals {@code header}, or null. */
    static Entry find(String header) {
        Entry e = TABLE[slot(header)];
        return e != null && e.header.equals(header) ? e : null;
    }

    /** Remembers a plain Bearer header the guard accepted, with its token's properties. */
    static void put(String header, ClaimProperties claims) {
        TABLE[slot(header)] = new Entry(header, claims);
    }

    /** From the length and the last characters (the token's signature), never the whole header. */
    private static int slot(String header) {
        int n = header.length();
        int h = n;
        for (int i = Math.max(0, n - TAIL); i < n; i++) {
            h = 31 * h + header.charAt(i);
        }
        h ^= h >>> 16;
        return (h * 0x9E3779B1 >>> 20) & (SLOTS - 1);
    }
}
