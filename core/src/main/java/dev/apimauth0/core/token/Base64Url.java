package dev.apimauth0.core.token;

/** Allocation-free base64url decoding of a region of a string (the hot path cannot afford exceptions). */
final class Base64Url {

    /** Indexed by any Latin-1 char; -1 outside the alphabet, so OR-ing four lookups finds any bad one. */
    private static final int[] DECODE = new int[256];

    /** Like DECODE but 256 for invalid chars, so validity needs no branch per char. */
    private static final int[] GROUP = new int[256];

    static {
        java.util.Arrays.fill(DECODE, -1);
        java.util.Arrays.fill(GROUP, 256);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = i;
            GROUP[alphabet.charAt(i)] = i;
        }
    }

    private Base64Url() {
    }

    /** Bytes that {@code chars} unpadded base64url characters decode to; -1 for an impossible length. */
    static int decodedLength(int chars) {
        int rem = chars & 3;
        if (rem == 1) {
            return -1;
        }
        return (chars >> 2) * 3 + (rem == 0 ? 0 : rem - 1);
    }

    /**
     * Decodes {@code src[from, to)} (unpadded base64url) into {@code dst} from index 0.
     *
     * @return the number of bytes written, or -1 when the region is not strict base64url or dst is too small
     */
    static int decode(String src, int from, int to, byte[] dst) {
        return decode(src, from, to, dst, 0);
    }

    /**
     * Decodes into {@code dst} from index {@code offset}; a payload decoded in two steps (the first
     * ending on a 4-character boundary) gives the same bytes as in one.
     */
    static int decode(String src, int from, int to, byte[] dst, int offset) {
        int n = decodedLength(to - from);
        if (n < 0 || offset + n > dst.length) {
            return -1;
        }
        int i = from;
        int o = offset;
        int fullEnd = from + ((to - from) & ~3);
        final int[] table = GROUP;
        int bad = 0;
        while (i < fullEnd) {
            char c0 = src.charAt(i);
            char c1 = src.charAt(i + 1);
            char c2 = src.charAt(i + 2);
            char c3 = src.charAt(i + 3);
            int a = table[c0 & 0xff];
            int b = table[c1 & 0xff];
            int c = table[c2 & 0xff];
            int d = table[c3 & 0xff];
            // branch-free validity: invalid table entries and chars above 0xff set bits above 63
            bad |= a | b | c | d | ((c0 | c1 | c2 | c3) & 0xff00);
            int bits = (a << 18) | (b << 12) | (c << 6) | d;
            dst[o] = (byte) (bits >> 16);
            dst[o + 1] = (byte) (bits >> 8);
            dst[o + 2] = (byte) bits;
            i += 4;
            o += 3;
        }
        if (bad > 63) {
            return -1;
        }
        int rem = to - i;
        if (rem >= 2) {
            int a = value(src.charAt(i));
            int b = value(src.charAt(i + 1));
            if ((a | b) < 0) {
                return -1;
            }
            int bits = (a << 18) | (b << 12);
            if (rem == 3) {
                int c = value(src.charAt(i + 2));
                // the last char's two unused bits must be zero: one spelling per byte string
                if (c < 0 || (c & 0x3) != 0) {
                    return -1;
                }
                bits |= c << 6;
                dst[o + 1] = (byte) (bits >> 8);
            } else if ((b & 0xF) != 0) {
                return -1; // four unused bits, likewise zero
            }
            dst[o] = (byte) (bits >> 16);
        }
        return n;
    }

    /**
     * True when {@code src[from, to)} is canonical unpadded base64url: only alphabet characters, a
     * possible length, and zero unused bits in the last character. Decoders such as nimbus's skip
     * characters outside the alphabet and ignore unused bits, so anything else would be a second
     * spelling of the same bytes.
     */
    static boolean isCanonical(String src, int from, int to) {
        int rem = (to - from) & 3;
        if (rem == 1) {
            return false;
        }
        final int[] table = GROUP;
        int bad = 0;
        for (int i = from; i < to; i++) {
            char c = src.charAt(i);
            bad |= table[c & 0xff] | (c & 0xff00);
        }
        if (bad > 63) {
            return false;
        }
        if (rem == 0) {
            return true;
        }
        int last = DECODE[src.charAt(to - 1)];
        return rem == 2 ? (last & 0xF) == 0 : (last & 0x3) == 0;
    }

    /**
     * Decodes like lenient decoders do (skipping anything outside the alphabet, standard base64's
     * '+' and '/' included). Used only to tell whether an undecodable token still claims one of
     * our issuers to a lenient parser further down the chain.
     */
    static int decodeLenient(String src, int from, int to, byte[] dst) {
        int bits = 0;
        int count = 0;
        int o = 0;
        for (int i = from; i < to && o < dst.length; i++) {
            char ch = src.charAt(i);
            int v = ch == '+' ? 62 : ch == '/' ? 63 : value(ch);
            if (v < 0) {
                continue;
            }
            bits = ((bits << 6) | v) & 0xFFFF;
            count += 6;
            if (count >= 8) {
                count -= 8;
                dst[o++] = (byte) (bits >> count);
            }
        }
        return o;
    }

    private static int value(char c) {
        return c < 256 ? DECODE[c] : -1;
    }
}
