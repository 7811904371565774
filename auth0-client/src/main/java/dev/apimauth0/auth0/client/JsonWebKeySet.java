package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a JWKS says about its keys (type, algorithm, use, id); the key material itself is not kept. Immutable. */
public final class JsonWebKeySet {

    /** One key's description. */
    public static final class Key {
        private final String kid;
        private final String kty;
        private final String alg;
        private final String use;

        Key(String kid, String kty, String alg, String use) {
            this.kid = kid;
            this.kty = kty;
            this.alg = alg;
            this.use = use;
        }

        public String kid() { return kid; }
        public String kty() { return kty; }
        /** The key's alg, or null when the JWKS does not say. */
        public String alg() { return alg; }
        /** The key's use, or null when the JWKS does not say. */
        public String use() { return use; }

        @Override
        public String toString() {
            return "Key[kid=" + kid + ", kty=" + kty + ", alg=" + alg + ", use=" + use + "]";
        }
    }

    private final List<Key> keys;

    private JsonWebKeySet(List<Key> keys) {
        this.keys = Collections.unmodifiableList(keys);
    }

    static JsonWebKeySet fromJson(JsonNode n) {
        JsonNode arr = n == null ? null : n.get("keys");
        if (arr == null || !arr.isArray()) {
            throw new IllegalArgumentException("not a JWKS: no \"keys\" array");
        }
        List<Key> keys = new ArrayList<>();
        for (JsonNode k : arr) {
            keys.add(new Key(Json.text(k, "kid"), Json.text(k, "kty"), Json.text(k, "alg"), Json.text(k, "use")));
        }
        return new JsonWebKeySet(keys);
    }

    public List<Key> keys() {
        return keys;
    }
}
