package dev.apimauth0.core.token;

import dev.apimauth0.core.config.ProviderConfig;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** The issuers of every provider: exact matching of a scanned iss, match counts, and the lenient-reader probe. */
final class IssuerTable {

    private final String[][] issuers;
    private final byte[][][] issuerBytes;
    /** The issuers with each / escaped the way JSON may write it, or null where the issuer has none. */
    private final byte[][][] escapedIssuerBytes;
    /** Tokens first seen claiming each issuer: one that stays at 0 under traffic is likely misspelled. */
    private final LongAdder[][] matches;

    IssuerTable(List<ProviderConfig> providers, GuardMetricsImpl metrics) {
        int n = providers.size();
        issuers = new String[n][];
        issuerBytes = new byte[n][][];
        escapedIssuerBytes = new byte[n][][];
        matches = new LongAdder[n][];
        for (int p = 0; p < n; p++) {
            String[] names = providers.get(p).issuers().toArray(new String[0]);
            issuers[p] = names;
            issuerBytes[p] = new byte[names.length][];
            escapedIssuerBytes[p] = new byte[names.length][];
            matches[p] = new LongAdder[names.length];
            for (int i = 0; i < names.length; i++) {
                matches[p][i] = new LongAdder();
                issuerBytes[p][i] = names[i].getBytes(StandardCharsets.UTF_8);
                byte[] escaped = names[i].replace("/", "\\/").getBytes(StandardCharsets.UTF_8);
                escapedIssuerBytes[p][i] = escaped.length != issuerBytes[p][i].length ? escaped : null;
            }
            metrics.trackIssuers(names, matches[p]);
        }
    }

    /** The provider whose issuer the string just read is, or -1; the issuer's index goes to s.issuer. */
    int match(FlatJson j, TokenScan s) {
        if (!j.strEscaped) {
            for (int p = 0; p < issuerBytes.length; p++) {
                byte[][] issuers = issuerBytes[p];
                for (int i = 0; i < issuers.length; i++) {
                    if (j.strEquals(issuers[i])) {
                        s.matchedIssuer = i;
                        return p;
                    }
                }
            }
            return -1;
        }
        String value = j.strValue();
        if (value == null) {
            return -1;
        }
        for (int p = 0; p < issuerBytes.length; p++) {
            String[] issuers = this.issuers[p];
            for (int i = 0; i < issuers.length; i++) {
                if (issuers[i].equals(value)) {
                    s.matchedIssuer = i;
                    return p;
                }
            }
        }
        return -1;
    }

    /** Counts a token seen (past the caches) claiming one of our issuers. */
    void count(TokenScan s) {
        if (s.provider >= 0) {
            matches[s.provider][s.issuer].increment();
        }
    }

    /**
     * Whether one of our issuers appears anywhere in the bytes, as is or with its slashes escaped: the probe for
     * tokens our strict reader cannot read, which a lenient parser might still read as ours.
     */
    boolean appearsIn(byte[] buf, int n) {
        for (int p = 0; p < issuers.length; p++) {
            for (int i = 0; i < issuers[p].length; i++) {
                if (indexOf(buf, n, issuerBytes[p][i]) >= 0) {
                    return true;
                }
                byte[] escaped = escapedIssuerBytes[p][i];
                if (escaped != null && indexOf(buf, n, escaped) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, int n, byte[] needle) {
        if (needle.length == 0) {
            return -1;
        }
        byte first = needle[0];
        outer:
        for (int i = 0; i + needle.length <= n; i++) {
            if (hay[i] != first) {
                continue;
            }
            for (int k = 1; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
