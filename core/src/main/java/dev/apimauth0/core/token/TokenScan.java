package dev.apimauth0.core.token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One token's bytes and what a scan found in them, per thread: the decoded header, claims and signature, and
 * the range of every registered claim (iss, sub, aud, exp, nbf, iat, azp, scope, permissions), so that nothing
 * after the scan reads the claims again. Nothing here allocates in proportion to the token.
 */
final class TokenScan {

    private static final byte[] K_ALG = ascii("alg");
    private static final byte[] K_KID = ascii("kid");
    private static final byte[] K_CRIT = ascii("crit");

    // registered claims, by bit
    static final int ISS = 0;
    static final int SUB = 1;
    static final int AUD = 2;
    static final int EXP = 3;
    static final int NBF = 4;
    static final int IAT = 5;
    static final int AZP = 6;
    static final int SCOPE = 7;
    static final int PERMISSIONS = 8;
    private static final byte[][] CLAIM_NAMES = {
        ascii("iss"), ascii("sub"), ascii("aud"), ascii("exp"), ascii("nbf"), ascii("iat"), ascii("azp"),
        ascii("scope"), ascii("permissions")
    };

    private final IssuerTable issuers;
    private final long leewaySeconds;

    final byte[] header;
    final byte[] payload;
    final byte[] signature;
    final byte[] signingInput;
    final FlatJson json = new FlatJson();
    // header scan
    Alg alg;
    boolean algPresent;
    boolean crit;
    boolean headerDup;
    int kidStart;
    int kidEnd;
    boolean kidEscaped;
    boolean kidPresent;
    // claims scan
    int provider;
    /** Index of the matched issuer within the provider, and the last one matchIssuer found. */
    int issuer;
    int matchedIssuer;
    boolean foreignIssuer;
    int seen;
    boolean duplicate;
    boolean badType;
    long exp;
    long nbf;
    long iat;
    int audPos;
    int azpStart;
    int azpEnd;
    boolean azpEscaped;
    int subStart;
    int subEnd;
    boolean subEscaped;
    int scopeStart;
    int scopeEnd;
    boolean scopeEscaped;
    int permissionsPos;
    int issStart;
    int issEnd;
    boolean issEscaped;
    /** What the negative cache may keep of the decision being taken: a reason's ordinal, PASS or UNKNOWN. */
    int remember;

    TokenScan(int maxChars, IssuerTable issuers, long leewaySeconds) {
        this.issuers = issuers;
        this.leewaySeconds = leewaySeconds;
        int bytes = Base64Url.decodedLength(maxChars & ~3) + 3;
        header = new byte[bytes];
        payload = new byte[bytes];
        signature = new byte[bytes];
        signingInput = new byte[maxChars];
    }

    boolean has(int claim) {
        return (seen & (1 << claim)) != 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the JOSE header: alg, kid, crit, duplicates; false if it is not a strict JSON object. */
    boolean scanHeader(int length) {
        TokenScan s = this;
        FlatJson j = s.json;
        j.reset(s.header, 0, length);
        s.alg = null;
        s.algPresent = false;
        s.crit = false;
        s.headerDup = false;
        s.kidPresent = false;
        if (!j.beginObject()) {
            return false;
        }
        boolean first = true;
        while (true) {
            int k = j.nextKey(first);
            first = false;
            if (k == 0) {
                return true;
            }
            if (k < 0) {
                return false;
            }
            if (j.strEquals(K_ALG)) {
                if (s.algPresent) {
                    s.headerDup = true;
                }
                s.algPresent = true;
                if (j.peek() == '"') {
                    if (!j.string()) {
                        return false;
                    }
                    s.alg = Alg.of(j);
                } else if (!j.skipValue()) {
                    return false;
                }
            } else if (j.strEquals(K_KID)) {
                if (s.kidPresent) {
                    s.headerDup = true;
                }
                if (j.peek() == '"') {
                    if (!j.string()) {
                        return false;
                    }
                    s.kidPresent = true;
                    s.kidStart = j.strStart;
                    s.kidEnd = j.strEnd;
                    s.kidEscaped = j.strEscaped;
                } else if (!j.skipValue()) {
                    return false;
                }
            } else {
                if (j.strEquals(K_CRIT)) {
                    s.crit = true; // no extension is understood here, so a critical one must fail (RFC 7515 4.1.11)
                }
                if (!j.skipValue()) {
                    return false;
                }
            }
        }
    }

    /**
     * How many base64url characters of the claims are decoded and scanned before the rest (each a
     * multiple of 4): 96 chars (72 bytes) hold Auth0's iss, 288 (216 bytes) its exp.
     */
    static final int[] PREFIX_STEPS = {96, 288};

    /** 9999-12-31T23:59:59Z: exp, nbf and iat are whole seconds from 0 up to this. */
    static final long MAX_EPOCH_SECONDS = 253402300799L;

    /** {@link #scanClaims} result: the token is ours and expired; the rest was not read. */
    static final int EXPIRED = 1;
    /** {@link #scanClaims} result: another issuer's token that cannot name a second issuer; the rest was not read. */
    static final int FOREIGN = 2;

    /**
     * Could the bytes from {@code from} hold another iss member, for this scanner or a lenient
     * parser further down the chain? Any other iss key needs the letters "iss" closed by a quote or
     * followed by ':', or an escape (a backslash); bytes with none of these cannot. A false "maybe"
     * only costs the full scan.
     */
    private static boolean mayNameAnotherIssuer(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (c == '\\') {
                return true;
            }
            if (c == 'i' && i + 2 < end && b[i + 1] == 's' && b[i + 2] == 's') {
                // a key ends with a quote, or (unquoted, for lenient parsers) with ':' after optional
                // whitespace; "permissions" or "mission" cannot be one
                int k = i + 3;
                while (k < end && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == '\r')) {
                    k++;
                }
                if (k == end || b[k] == '"' || b[k] == '\'' || b[k] == ':') {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Scans the claims: -1 if not a JSON object, {@link #EXPIRED} as soon as the token is known to be
     * ours and expired (rejecting needs nothing more), {@link #FOREIGN} when another issuer's token
     * cannot name a second issuer further on (or, on an Auth0-only path, at its first foreign iss), else 0. Sets s.provider to the matching provider or -1.
     * With prefixOnly the bytes are a cut-off start of the claims: only a certain EXPIRED, or FOREIGN on
     * an Auth0-only path, counts; any other result means undecided.
     */
    int scanClaims(int length, long now, boolean prefixOnly, boolean auth0Only) {
        TokenScan s = this;
        FlatJson j = s.json;
        j.reset(s.payload, 0, length);
        s.provider = -1;
        s.foreignIssuer = false;
        s.seen = 0;
        s.duplicate = false;
        s.badType = false;
        s.exp = Long.MAX_VALUE; // a mistyped exp must not leave an old value behind
        s.nbf = Long.MIN_VALUE;
        s.iat = Long.MIN_VALUE;
        if (!j.beginObject()) {
            return -1;
        }
        boolean first = true;
        while (true) {
            int k = j.nextKey(first);
            first = false;
            if (k == 0) {
                return 0;
            }
            if (k < 0) {
                return -1;
            }
            int claim = claimIndex(j);
            if (claim < 0) {
                if (!j.skipValue()) {
                    return -1;
                }
                continue;
            }
            if (s.has(claim)) {
                s.duplicate = true;
            }
            s.seen |= 1 << claim;
            int c0 = j.peek();
            switch (claim) {
                case ISS:
                    if (c0 != '"') {
                        s.badType = true;
                        break;
                    }
                    if (!j.string()) {
                        return -1;
                    }
                    int match = issuers.match(j, s);
                    if (match >= 0) {
                        if (s.provider < 0) {
                            s.provider = match;
                            s.issuer = s.matchedIssuer;
                            s.issStart = j.strStart;
                            s.issEnd = j.strEnd;
                            s.issEscaped = j.strEscaped;
                        }
                        if (s.has(EXP) && now >= toMillis(s.exp, leewaySeconds)) {
                            return EXPIRED;
                        }
                    } else {
                        s.foreignIssuer = true;
                        if (auth0Only && s.provider < 0) {
                            return FOREIGN; // refused on this path whatever else the claims say
                        }
                        if (prefixOnly) {
                            return 0; // undecided: the rest may hold anything
                        }
                        if (s.provider < 0 && !mayNameAnotherIssuer(j.buffer(), j.position(), length)) {
                            return FOREIGN; // nothing after this can make the token ours
                        }
                    }
                    continue;
                case EXP:
                case NBF:
                case IAT:
                    if (c0 != '-' && (c0 < '0' || c0 > '9')) {
                        s.badType = true;
                        break;
                    }
                    if (!j.number()) {
                        return -1;
                    }
                    if (!j.integral || j.number < 0 || j.number > MAX_EPOCH_SECONDS) {
                        // 1e30, 2^63-1 or 1.5 must never read as "never expires": refused if the token is ours
                        s.badType = true;
                        continue;
                    }
                    if (claim == EXP) {
                        s.exp = j.number;
                        // in a prefix, a number running into the cut could be longer: trust it only if something follows
                        if (s.provider >= 0 && now >= toMillis(s.exp, leewaySeconds) && (!prefixOnly || j.position() < length)) {
                            return EXPIRED;
                        }
                    } else if (claim == NBF) {
                        s.nbf = j.number;
                    } else {
                        s.iat = j.number;
                    }
                    continue;
                case AUD:
                case PERMISSIONS:
                    if (c0 == '[' || (claim == AUD && c0 == '"')) {
                        if (claim == AUD) {
                            s.audPos = j.position();
                        } else {
                            s.permissionsPos = j.position();
                        }
                        if (!j.skipValue()) {
                            return -1;
                        }
                        continue;
                    }
                    s.badType = true;
                    break;
                default: // sub, azp, scope: strings
                    if (c0 != '"') {
                        s.badType = true;
                        break;
                    }
                    if (!j.string()) {
                        return -1;
                    }
                    if (claim == AZP) {
                        s.azpStart = j.strStart;
                        s.azpEnd = j.strEnd;
                        s.azpEscaped = j.strEscaped;
                    } else if (claim == SUB) {
                        s.subStart = j.strStart;
                        s.subEnd = j.strEnd;
                        s.subEscaped = j.strEscaped;
                    } else {
                        s.scopeStart = j.strStart;
                        s.scopeEnd = j.strEnd;
                        s.scopeEscaped = j.strEscaped;
                    }
                    continue;
            }
            // a registered claim of the wrong type: skip it, the token is rejected if it is ours
            if (!j.skipValue()) {
                return -1;
            }
        }
    }

    /** Which registered claim the key just read names, or -1; unescaped keys are matched by length and bytes. */
    private static int claimIndex(FlatJson j) {
        if (j.strEscaped) {
            for (int c = 0; c < CLAIM_NAMES.length; c++) {
                if (j.strEquals(CLAIM_NAMES[c])) {
                    return c;
                }
            }
            return -1;
        }
        int len = j.strRawLength();
        if (len == 3) {
            byte a = j.strRawByte(0);
            byte b = j.strRawByte(1);
            byte c = j.strRawByte(2);
            switch (a) {
                case 'i':
                    return b == 's' && c == 's' ? ISS : b == 'a' && c == 't' ? IAT : -1;
                case 's':
                    return b == 'u' && c == 'b' ? SUB : -1;
                case 'a':
                    return b == 'u' && c == 'd' ? AUD : b == 'z' && c == 'p' ? AZP : -1;
                case 'e':
                    return b == 'x' && c == 'p' ? EXP : -1;
                case 'n':
                    return b == 'b' && c == 'f' ? NBF : -1;
                default:
                    return -1;
            }
        }
        if (len == 5) {
            return j.strEquals(CLAIM_NAMES[SCOPE]) ? SCOPE : -1;
        }
        if (len == 11) {
            return j.strEquals(CLAIM_NAMES[PERMISSIONS]) ? PERMISSIONS : -1;
        }
        return -1;
    }

    /** The aud claim as a list (a string is a list of one); null if malformed; empty if absent. */
    List<String> readAudiences(int length) {
        TokenScan s = this;
        if (!s.has(AUD)) {
            return Collections.emptyList();
        }
        FlatJson j = s.json;
        j.reset(s.payload, s.audPos, length);
        if (j.peek() == '"') {
            if (!j.string()) {
                return null;
            }
            String v = j.strValue();
            return v == null ? null : Collections.singletonList(v);
        }
        List<String> out = new ArrayList<>(2);
        return j.stringArray(out) ? out : null;
    }

    /** Seconds (plus an offset) to epoch millis, saturating instead of overflowing. */
    static long toMillis(long seconds, long offsetSeconds) {
        long s = seconds + offsetSeconds;
        if (offsetSeconds > 0 && s < seconds) {
            return Long.MAX_VALUE;
        }
        if (offsetSeconds < 0 && s > seconds) {
            return Long.MIN_VALUE;
        }
        if (s > Long.MAX_VALUE / 1000) {
            return Long.MAX_VALUE;
        }
        if (s < Long.MIN_VALUE / 1000) {
            return Long.MIN_VALUE;
        }
        return s * 1000;
    }

}
