package dev.apimauth0.bench.support;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

/**
 * Auth0-shaped access tokens (machine-to-machine, RS256, kid, issuer with trailing slash, sub CLIENT@clients,
 * aud, iat, exp, azp, scope, gty) signed with an RSA 2048 key pair generated at setup, and the bad variants
 * the guard meets. Every token is built here from its JSON parts; nothing is hard-coded.
 */
public final class BenchTokens {

    public static final String ISSUER = "https://bench-tenant.eu.auth0.com/";
    public static final String OTHER_ISSUER = "https://login.other-idp.example.com/oauth2/default";
    public static final String AUDIENCE = "https://orders.bench.example.com/api";
    public static final String CLIENT_ID = "Kx9vQ2mT7rLp4sWd1YbN6cHa8uEj3gZf";
    public static final String SCOPE = "read:orders write:orders read:customers";

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DEC = Base64.getUrlDecoder();

    private final KeyPair keyPair;
    private final KeyPair otherKeyPair;
    private final String kid;
    private final long now = System.currentTimeMillis() / 1000L;

    public BenchTokens() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048, new SecureRandom());
            this.keyPair = gen.generateKeyPair();
            this.otherKeyPair = gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        // Auth0 kids are ~40 base64url characters derived from the key
        byte[] kidBytes = new byte[30];
        new Random(7).nextBytes(kidBytes);
        this.kid = B64URL.encodeToString(kidBytes);
    }

    public String kid() { return kid; }

    public RSAPublicKey publicKey() { return (RSAPublicKey) keyPair.getPublic(); }

    public long now() { return now; }

    /** The tenant's JWKS document with the signing key (Auth0 publishes n, e, kid, alg, use, kty). */
    public String jwksJson() {
        RSAPublicKey pub = publicKey();
        return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\","
                + "\"n\":\"" + B64URL.encodeToString(unsigned(pub.getModulus())) + "\","
                + "\"e\":\"" + B64URL.encodeToString(unsigned(pub.getPublicExponent())) + "\"}]}";
    }

    /** A valid token; {@code variant} shifts iat so that distinct variants are distinct tokens. */
    public String valid(int variant) {
        return sign(header(kid), claims(ISSUER, now - 60 - variant, now + 86_400, ""), keyPair);
    }

    public String expired() {
        return sign(header(kid), claims(ISSUER, now - 90_000, now - 3_600, ""), keyPair);
    }

    public String expired(int padChars) {
        return sign(header(kid), claims(ISSUER, now - 90_000, now - 3_600, pad(padChars)), keyPair);
    }

    /** Signed by another IdP's key, with its own issuer and a kid unknown to our tenant. */
    public String otherIssuer(int padChars) {
        return sign(header("other-idp-key-1"), claims(OTHER_ISSUER, now - 60, now + 3_600, pad(padChars)), otherKeyPair);
    }

    /** A token of ours whose signature was made by another key: right length, wrong value. */
    public String badSignature() {
        String good = valid(0);
        String forged = sign(header(kid), claims(ISSUER, now - 60, now + 86_400, ""), otherKeyPair);
        return good.substring(0, good.lastIndexOf('.')) + forged.substring(forged.lastIndexOf('.'));
    }

    /**
     * Three base64url parts of a token's size whose header and payload decode to bytes that are not JSON:
     * the guard has to look before it can tell.
     */
    public String malformed(int padChars) {
        String shape = valid(0);
        String[] parts = shape.split("\\.");
        Random rnd = new Random(42);
        byte[] header = new byte[B64URL_DEC.decode(parts[0]).length];
        byte[] payload = new byte[B64URL_DEC.decode(parts[1]).length + padChars];
        rnd.nextBytes(header);
        rnd.nextBytes(payload);
        header[0] = 'x'; // never an opening brace
        payload[0] = 'x';
        return B64URL.encodeToString(header) + "." + B64URL.encodeToString(payload) + "." + parts[2];
    }

    /** The parts of a compact JWS the raw verify needs: signing input bytes and signature bytes. */
    public static byte[][] signingInputAndSignature(String jwt) {
        int lastDot = jwt.lastIndexOf('.');
        return new byte[][] {
                jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII),
                B64URL_DEC.decode(jwt.substring(lastDot + 1))
        };
    }

    private static String header(String kid) {
        return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
    }

    /** Auth0's claim order; {@code padClaim} (an attacker-chosen extra claim) goes first when present. */
    private static String claims(String iss, long iat, long exp, String padClaim) {
        return "{" + padClaim
                + "\"iss\":\"" + iss + "\","
                + "\"sub\":\"" + CLIENT_ID + "@clients\","
                + "\"aud\":\"" + AUDIENCE + "\","
                + "\"iat\":" + iat + ","
                + "\"exp\":" + exp + ","
                + "\"scope\":\"" + SCOPE + "\","
                + "\"gty\":\"client-credentials\","
                + "\"azp\":\"" + CLIENT_ID + "\"}";
    }

    private static String pad(int chars) {
        if (chars <= 0) {
            return "";
        }
        char[] c = new char[chars];
        Arrays.fill(c, 'p');
        return "\"x_pad\":\"" + new String(c) + "\",";
    }

    private static String sign(String headerJson, String claimsJson, KeyPair keys) {
        try {
            String input = B64URL.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                    + B64URL.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64URL.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
