package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** JWS compact serialisation with the JCA only (RS256 for real tokens; none/HS256 for attack tokens). */
final class SimJwt {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private SimJwt() {
    }

    static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    static String b64Unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            bytes = trimmed;
        }
        return b64(bytes);
    }

    /**
     * Signs header and claims. The header's {@code alg} decides: RS256 with the private key, HS256 with
     * the public key's encoding as the HMAC secret (the classic key-confusion attack), {@code none} with an
     * empty signature. Anything else is signed RS256 but keeps the stated alg (a lying header).
     */
    static String sign(Map<String, Object> header, Map<String, Object> claims, PrivateKey privateKey, PublicKey publicKey) {
        try {
            String signingInput = b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
            Object alg = header.get("alg");
            byte[] sig;
            if ("none".equals(alg)) {
                sig = new byte[0];
            } else if ("HS256".equals(alg)) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(publicKey.getEncoded(), "HmacSHA256"));
                sig = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            } else {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(privateKey);
                s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                sig = s.sign();
            }
            return signingInput + "." + b64(sig);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    /** A parsed, not yet trusted token. */
    record Parsed(ObjectNode header, ObjectNode claims, String signingInput, byte[] signature) {
    }

    /** Parses a compact JWS; null when it is not one. */
    static Parsed parse(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode h = JSON.readTree(B64D.decode(parts[0]));
            JsonNode c = JSON.readTree(B64D.decode(parts[1]));
            if (!(h instanceof ObjectNode) || !(c instanceof ObjectNode)) {
                return null;
            }
            return new Parsed((ObjectNode) h, (ObjectNode) c, parts[0] + "." + parts[1], B64D.decode(parts[2]));
        } catch (Exception e) {
            return null;
        }
    }

    static boolean verifyRs256(Parsed parsed, RSAPublicKey key) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(parsed.signingInput().getBytes(StandardCharsets.US_ASCII));
            return s.verify(parsed.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
