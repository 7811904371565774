package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenant's RSA 2048 signing keys, rotated the way Auth0 rotates them: at most one previous, one current and one
 * next key (like Auth0's signing keys page); the next key is published before it is used, the previous one stays
 * published until revoked. Tokens are signed with the current key only.
 */
final class SigningKeys {

    private record SigningKey(String kid, KeyPair pair) {
        RSAPublicKey publicKey() {
            return (RSAPublicKey) pair.getPublic();
        }
    }

    private SigningKey previousKey;
    private SigningKey currentKey = newKey();
    private SigningKey nextKey = newKey();

    synchronized String currentKid() {
        return currentKey.kid();
    }

    /** Kids published in the JWKS, in publication order. */
    synchronized List<String> publishedKids() {
        List<String> kids = new ArrayList<>();
        for (SigningKey k : publishedKeys()) {
            kids.add(k.kid());
        }
        return kids;
    }

    /** Generates a new next key (replacing an unused next key) and publishes it. Returns its kid. */
    synchronized String publishNextKey() {
        nextKey = newKey();
        return nextKey.kid();
    }

    /** Starts signing with the next key; the current key becomes the previous one. Returns the new kid. */
    synchronized String rotate() {
        if (nextKey == null) {
            nextKey = newKey();
        }
        previousKey = currentKey;
        currentKey = nextKey;
        nextKey = null;
        return currentKey.kid();
    }

    synchronized void revokePrevious() {
        previousKey = null;
    }

    /** The published key with this kid, or null: what a verifier finds in the JWKS. */
    synchronized RSAPublicKey publishedKey(String kid) {
        RSAPublicKey key = null;
        for (SigningKey k : publishedKeys()) {
            if (k.kid().equals(kid)) {
                key = k.publicKey();
            }
        }
        return key;
    }

    /** The JWKS document: kty, use, alg, kid, n and e of every published key (no x5c). */
    synchronized ObjectNode jwks() {
        ObjectNode doc = SimJwt.JSON.createObjectNode();
        ArrayNode keys = doc.putArray("keys");
        for (SigningKey k : publishedKeys()) {
            ObjectNode jwk = keys.addObject();
            jwk.put("kty", "RSA");
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            jwk.put("kid", k.kid());
            jwk.put("n", SimJwt.b64Unsigned(k.publicKey().getModulus()));
            jwk.put("e", SimJwt.b64Unsigned(k.publicKey().getPublicExponent()));
        }
        return doc;
    }

    /** Signs claims with the current key; entries of {@code headerOverrides} replace or add header fields (null removes). */
    String sign(Map<String, Object> headerOverrides, Map<String, Object> claims) {
        SigningKey key;
        synchronized (this) {
            key = currentKey;
        }
        return SimJwt.sign(header(key.kid(), headerOverrides), claims, key.pair().getPrivate(), key.pair().getPublic());
    }

    /** Signs with a freshly generated key that no JWKS publishes (a forgery), under the given kid. */
    static String signWithForeignKey(String kid, Map<String, Object> claims) {
        KeyPair foreign = SimJwt.newRsaKeyPair();
        return SimJwt.sign(header(kid, Map.of()), claims, foreign.getPrivate(), foreign.getPublic());
    }

    private List<SigningKey> publishedKeys() {
        List<SigningKey> keys = new ArrayList<>(3);
        if (previousKey != null) {
            keys.add(previousKey);
        }
        keys.add(currentKey);
        if (nextKey != null) {
            keys.add(nextKey);
        }
        return keys;
    }

    private static Map<String, Object> header(String kid, Map<String, Object> overrides) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("typ", "JWT");
        h.put("kid", kid);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (e.getValue() == null) {
                h.remove(e.getKey());
            } else {
                h.put(e.getKey(), e.getValue());
            }
        }
        return h;
    }

    private static SigningKey newKey() {
        return new SigningKey(Ids.newKid(), SimJwt.newRsaKeyPair());
    }
}
