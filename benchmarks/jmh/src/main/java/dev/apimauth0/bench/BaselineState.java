package dev.apimauth0.bench;

import dev.apimauth0.bench.support.BenchTokens;
import dev.apimauth0.bench.support.JwksServer;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.text.ParseException;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;

/**
 * The libraries the guard is measured against, each set up the way its users set it up, over the same keys.
 */
public final class BaselineState {

    /** nimbus-jose-jwt 7.3, relocated: what APIM 4.0.0's gateway JWT validator runs. */
    final dev.apimauth0.bench.nimbus73.com.nimbusds.jose.jwk.JWKSet nimbus73JwkSet;
    final dev.apimauth0.bench.nimbus73.com.nimbusds.jose.crypto.RSASSAVerifier nimbus73Verifier;
    /** nimbus-jose-jwt 10.10, default JWT processor over a fixed key source. */
    final DefaultJWTProcessor<SecurityContext> nimbus10Processor;
    /** java-jwt 4.6.2, an immutable verifier built once. */
    final JWTVerifier javaJwtVerifier;

    BaselineState(BenchTokens tokens) {
        try {
            this.nimbus73JwkSet = dev.apimauth0.bench.nimbus73.com.nimbusds.jose.jwk.JWKSet.parse(tokens.jwksJson());
            this.nimbus73Verifier = new dev.apimauth0.bench.nimbus73.com.nimbusds.jose.crypto.RSASSAVerifier(tokens.publicKey());

            DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
            p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                    new ImmutableJWKSet<>(JWKSet.parse(tokens.jwksJson()))));
            p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(BenchTokens.AUDIENCE,
                    new JWTClaimsSet.Builder().issuer(BenchTokens.ISSUER).build(),
                    new HashSet<>(Arrays.asList("sub", "iat", "exp"))));
            this.nimbus10Processor = p;

            this.javaJwtVerifier = JWT.require(Algorithm.RSA256(tokens.publicKey(), null))
                    .withIssuer(BenchTokens.ISSUER)
                    .withAudience(BenchTokens.AUDIENCE)
                    .build();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What APIM 4.0.0's JWT path does with nimbus 7.3 for a token it has not seen: parse the compact JWS and its
     * claims, look the kid up in the (already fetched) JWK set, turn the JWK into a public key, build an
     * RSASSAVerifier, verify, then check expiry and issuer.
     */
    Object nimbus73ApimPath(String jwt) throws Exception {
        dev.apimauth0.bench.nimbus73.com.nimbusds.jwt.SignedJWT signed =
                dev.apimauth0.bench.nimbus73.com.nimbusds.jwt.SignedJWT.parse(jwt);
        dev.apimauth0.bench.nimbus73.com.nimbusds.jwt.JWTClaimsSet claims = signed.getJWTClaimsSet();
        dev.apimauth0.bench.nimbus73.com.nimbusds.jose.jwk.RSAKey key =
                (dev.apimauth0.bench.nimbus73.com.nimbusds.jose.jwk.RSAKey)
                        nimbus73JwkSet.getKeyByKeyId(signed.getHeader().getKeyID());
        boolean ok = signed.verify(new dev.apimauth0.bench.nimbus73.com.nimbusds.jose.crypto.RSASSAVerifier(key.toRSAPublicKey()));
        return check(ok, claims.getExpirationTime(), claims.getIssuer(), claims);
    }

    /** nimbus 7.3 at its leanest: parse, verify with a verifier built once, read the claims. */
    Object nimbus73Lean(String jwt) throws Exception {
        dev.apimauth0.bench.nimbus73.com.nimbusds.jwt.SignedJWT signed =
                dev.apimauth0.bench.nimbus73.com.nimbusds.jwt.SignedJWT.parse(jwt);
        boolean ok = signed.verify(nimbus73Verifier);
        dev.apimauth0.bench.nimbus73.com.nimbusds.jwt.JWTClaimsSet claims = signed.getJWTClaimsSet();
        return check(ok, claims.getExpirationTime(), claims.getIssuer(), claims);
    }

    Object nimbus10(String jwt) throws Exception {
        return nimbus10Processor.process(jwt, null);
    }

    Object javaJwt(String jwt) {
        return javaJwtVerifier.verify(jwt);
    }

    private static Object check(boolean signatureOk, Date exp, String iss, Object claims) {
        if (!signatureOk) {
            throw new IllegalStateException("signature");
        }
        if (exp == null || exp.getTime() < System.currentTimeMillis()) {
            throw new IllegalStateException("expired");
        }
        if (!BenchTokens.ISSUER.equals(iss)) {
            throw new IllegalStateException("issuer");
        }
        return claims;
    }
}
