package dev.apimauth0.core.token;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real keys generated per test run and tokens signed with plain JCA, shaped like Auth0's access tokens. */
final class TestTokens {

    static final String ISSUER = "https://tenant.example.auth0.com/";
    static final String AUDIENCE = "https://api.example.com/orders";
    static final String CLIENT = "m2mClientId123";

    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

    private TestTokens() {
    }

    /** Cached per name: RSA 2048 generation is slow. */
    static KeyPair rsa(String name) {
        return KEYS.computeIfAbsent("rsa:" + name, n -> generate("RSA", null, 2048));
    }

    static KeyPair rsa(String name, int bits) {
        return KEYS.computeIfAbsent("rsa" + bits + ":" + name, n -> generate("RSA", null, bits));
    }

    static KeyPair ec(String name, String curve) {
        return KEYS.computeIfAbsent("ec:" + curve + ":" + name, n -> generate("EC", curve, 0));
    }

    private static KeyPair generate(String type, String curve, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(type);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Claims of a typical Auth0 client-credentials access token, valid around {@code nowSeconds}. */
    static Map<String, Object> claims(long nowSeconds) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", ISSUER);
        c.put("sub", CLIENT + "@clients");
        c.put("aud", AUDIENCE);
        c.put("iat", nowSeconds - 10);
        c.put("exp", nowSeconds + 86400);
        c.put("azp", CLIENT);
        c.put("scope", "read:orders write:orders");
        c.put("gty", "client-credentials");
        return c;
    }

    static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", alg);
        h.put("typ", "JWT");
        if (kid != null) {
            h.put("kid", kid);
        }
        return h;
    }

    /** Signs header.claims with the private key for the header's alg (RS* or ES*). */
    static String sign(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        return signRaw(json(header), json(claims), (String) header.get("alg"), key);
    }

    static String signRaw(String headerJson, String claimsJson, String alg, PrivateKey key) {
        String input = b64(headerJson) + "." + b64(claimsJson);
        return input + "." + b64(signature(input, alg, key));
    }

    static byte[] signature(String input, String alg, PrivateKey key) {
        try {
            String jca = alg.startsWith("RS") ? "SHA" + alg.substring(2) + "withRSA" : "SHA" + alg.substring(2) + "withECDSA";
            Signature s = Signature.getInstance(jca);
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            byte[] sig = s.sign();
            if (alg.startsWith("ES")) {
                int part = alg.equals("ES256") ? 32 : alg.equals("ES384") ? 48 : 66;
                return derToJose(sig, part);
            }
            return sig;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Independent of the production converter: parse the DER with BigInteger. */
    static byte[] derToJose(byte[] der, int part) {
        int i = 2;
        if ((der[1] & 0xff) == 0x81) {
            i = 3;
        }
        int rLen = der[i + 1];
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(der, i + 2, i + 2 + rLen));
        int j = i + 2 + rLen;
        int sLen = der[j + 1];
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(der, j + 2, j + 2 + sLen));
        byte[] out = new byte[2 * part];
        put(r, out, 0, part);
        put(s, out, part, part);
        return out;
    }

    private static void put(BigInteger v, byte[] out, int off, int len) {
        byte[] b = v.toByteArray();
        int start = b.length > len ? b.length - len : 0;
        int n = b.length - start;
        System.arraycopy(b, start, out, off + len - n, n);
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    static byte[] fixed(BigInteger v, int len) {
        byte[] out = new byte[len];
        put(v, out, 0, len);
        return out;
    }

    /** One JWK as Auth0 publishes it (RSA) or as a generic provider would (EC). */
    static Map<String, Object> jwk(String kid, java.security.PublicKey key, String alg) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey) {
            RSAPublicKey r = (RSAPublicKey) key;
            m.put("kty", "RSA");
            m.put("use", "sig");
            m.put("n", b64(unsigned(r.getModulus())));
            m.put("e", b64(unsigned(r.getPublicExponent())));
        } else {
            ECPublicKey e = (ECPublicKey) key;
            int bits = e.getParams().getCurve().getField().getFieldSize();
            int len = (bits + 7) / 8;
            m.put("kty", "EC");
            m.put("use", "sig");
            m.put("crv", bits == 256 ? "P-256" : bits == 384 ? "P-384" : "P-521");
            m.put("x", b64(fixed(e.getW().getAffineX(), len)));
            m.put("y", b64(fixed(e.getW().getAffineY(), len)));
        }
        m.put("kid", kid);
        if (alg != null) {
            m.put("alg", alg);
        }
        return m;
    }

    static String json(Object o) {
        StringBuilder sb = new StringBuilder();
        write(sb, o);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Object o) {
        if (o == null) {
            sb.append("null");
        } else if (o instanceof String) {
            sb.append('"');
            for (char c : ((String) o).toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        } else if (o instanceof Number || o instanceof Boolean) {
            sb.append(o);
        } else if (o instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (o instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object e : (List<Object>) o) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, e);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException(o.getClass().toString());
        }
    }
}
