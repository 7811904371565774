package dev.apimauth0.core.token;

import java.nio.charset.StandardCharsets;

/** The JWS algorithms a guard can verify: asymmetric only. */
enum Alg {
    RS256("SHA256withRSA", 0),
    RS384("SHA384withRSA", 0),
    RS512("SHA512withRSA", 0),
    ES256("SHA256withECDSA", 32),
    ES384("SHA384withECDSA", 48),
    ES512("SHA512withECDSA", 66);

    final String jcaName;
    /** Length of R and of S in a JOSE ECDSA signature; 0 for RSA. */
    final int ecPartLength;
    final byte[] nameBytes;

    Alg(String jcaName, int ecPartLength) {
        this.jcaName = jcaName;
        this.ecPartLength = ecPartLength;
        this.nameBytes = name().getBytes(StandardCharsets.US_ASCII);
    }

    boolean isEc() {
        return ecPartLength > 0;
    }

    /** Field size in bits of the curve ES* requires. */
    int ecFieldBits() {
        return ecPartLength == 66 ? 521 : ecPartLength * 8;
    }

    private static final Alg[] ALL = values();

    /** The algorithm the scanner's last string names, or null. */
    static Alg of(FlatJson json) {
        for (Alg a : ALL) {
            if (json.strEquals(a.nameBytes)) {
                return a;
            }
        }
        return null;
    }

    /**
     * JOSE ECDSA signatures are R || S; JCA wants ASN.1 DER SEQUENCE { INTEGER r, INTEGER s }.
     * Returns null when the raw signature has the wrong length or r or s is zero (a zero signature
     * must never reach a verifier, see CVE-2022-21449).
     */
    static byte[] joseToDer(byte[] raw, int rawLength, int partLength) {
        if (rawLength != 2 * partLength) {
            return null;
        }
        int rStart = firstNonZero(raw, 0, partLength);
        int sStart = firstNonZero(raw, partLength, 2 * partLength);
        if (rStart < 0 || sStart < 0) {
            return null;
        }
        int rLen = partLength - rStart;
        int sLen = 2 * partLength - sStart;
        boolean rPad = (raw[rStart] & 0x80) != 0;
        boolean sPad = (raw[sStart] & 0x80) != 0;
        int rIntLen = rLen + (rPad ? 1 : 0);
        int sIntLen = sLen + (sPad ? 1 : 0);
        int bodyLen = 2 + rIntLen + 2 + sIntLen;
        int headerLen = bodyLen < 128 ? 2 : 3;
        byte[] der = new byte[headerLen + bodyLen];
        int o = 0;
        der[o++] = 0x30;
        if (bodyLen >= 128) {
            der[o++] = (byte) 0x81;
        }
        der[o++] = (byte) bodyLen;
        der[o++] = 0x02;
        der[o++] = (byte) rIntLen;
        if (rPad) {
            der[o++] = 0;
        }
        System.arraycopy(raw, rStart, der, o, rLen);
        o += rLen;
        der[o++] = 0x02;
        der[o++] = (byte) sIntLen;
        if (sPad) {
            der[o++] = 0;
        }
        System.arraycopy(raw, sStart, der, o, sLen);
        return der;
    }

    private static int firstNonZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return i;
            }
        }
        return -1;
    }
}
