package dev.apimauth0.core.token;

import dev.apimauth0.core.config.ProviderConfig;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/** Every check of the guard, in order, with its stable reason code and RFC 6750 header. */
class TokenGuardReasonsTest {

    private GuardFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new GuardFixture();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static void assertRejected(GuardDecision d, Reason reason) {
        assertThat(d.outcome()).as("outcome").isEqualTo(GuardDecision.Outcome.REJECTED);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.httpStatus()).isEqualTo(reason.httpStatus());
        assertThat(d.description()).isEqualTo(reason.description());
        assertThat(d.token()).isNull();
    }

    @Test
    void acceptsAGenuineAuth0TokenAndExposesItsClaims() {
        f.start();
        String token = f.token();
        GuardDecision d = f.check(token);
        assertThat(d.outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        VerifiedToken t = d.token();
        assertThat(t.issuer()).isEqualTo(TestTokens.ISSUER);
        assertThat(t.subject()).isEqualTo(TestTokens.CLIENT + "@clients");
        assertThat(t.authorizedParty()).isEqualTo(TestTokens.CLIENT);
        assertThat(t.audiences()).containsExactly(TestTokens.AUDIENCE);
        assertThat(t.scopes()).containsExactlyInAnyOrder("read:orders", "write:orders");
        assertThat(t.keyId()).isEqualTo("k1");
        assertThat(t.algorithm()).isEqualTo("RS256");
        assertThat(t.providerName()).isEqualTo("auth0");
        assertThat(t.expiresAt()).isEqualTo(f.clock.seconds() + 86400);
        assertThat(t.issuedAt()).isEqualTo(f.clock.seconds() - 10);
        assertThat(t.claims()).containsEntry("gty", "client-credentials").containsEntry("exp", f.clock.seconds() + 86400);
        assertThat(t.tokenHash()).hasSize(12).matches("[0-9a-f]{12}").doesNotContain(token.substring(0, 12));
        assertThat(d.httpStatus()).isZero();
        assertThat(d.wwwAuthenticate()).isNull();
        assertThat(f.guard.metrics().accepted()).isEqualTo(1);
    }

    @Test
    void noHeaderOrOtherSchemePassesThroughButIsMissingOnAuth0OnlyPaths() {
        f.start(g -> g.auth0OnlyPath("/secure"), p -> { });
        assertThat(f.guard.check(null, "/orders").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
        assertThat(f.guard.check("Basic dXNlcjpwdw==", "/orders").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
        GuardDecision d = f.guard.check(null, "/secure/x");
        assertRejected(d, Reason.TOKEN_MISSING);
        // RFC 6750 3.1: no error code when the request had no credentials
        assertThat(d.wwwAuthenticate()).isEqualTo("Bearer realm=\"apim-auth0\"");
        assertRejected(f.guard.check("Basic dXNlcjpwdw==", "/secure"), Reason.TOKEN_MISSING);
        assertRejected(f.guard.check("Bearer    ", "/secure"), Reason.TOKEN_MISSING);
        assertThat(f.guard.metrics().passedThrough()).isEqualTo(2);
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        f.start();
        assertThat(f.guard.check("bearer " + f.token(), "/").outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        assertThat(f.guard.check("BEARER  " + f.token() + " ", "/").outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
    }

    @Test
    void oversizedTokenIsRejectedBeforeAnyDecodingEvenIfNotAJwt() {
        f.start(g -> g.maxTokenBytes(1024), p -> { });
        char[] junk = new char[5000];
        Arrays.fill(junk, '!');
        GuardDecision d = f.guard.check("Bearer " + new String(junk), "/orders");
        assertRejected(d, Reason.TOKEN_TOO_LARGE);
        assertThat(d.wwwAuthenticate()).isEqualTo("Bearer realm=\"apim-auth0\", error=\"invalid_token\", "
                + "error_description=\"" + Reason.TOKEN_TOO_LARGE.description() + "\"");
        assertRejected(f.guard.verify(new String(junk)), Reason.TOKEN_TOO_LARGE);
        // a genuine token with a huge payload is refused too
        Map<String, Object> c = f.claims();
        c.put("padding", new String(new char[2000]).replace('\0', 'a'));
        assertRejected(f.check(f.token(c)), Reason.TOKEN_TOO_LARGE);
    }

    /**
     * APIM's OAuthAuthenticator (gateway 9.0.174, authenticate) reads any token with a dot as a JWT: it refuses one
     * without exactly two dots itself and parses the rest with nimbus's lenient SignedJWT.parse. Only tokens without
     * a dot are other key managers' opaque tokens; a dotted token that is not a strict JWT is refused everywhere.
     */
    @Test
    void onlyDotlessOpaqueTokensPassThroughAsNotAJwt() {
        f.start(g -> g.auth0OnlyPath("/secure"), p -> { });
        assertThat(f.check("8d3a1e0c-opaque-apim-token").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
        assertRejected(f.guard.check("Bearer 8d3a1e0c-opaque", "/secure"), Reason.TOKEN_MALFORMED);
        String header = TestTokens.b64("{\"alg\":\"RS256\"}");
        for (String broken : new String[] {"a.b", "a.b.c.d.e", ".x.y", "x..y", "!!!.###.$$$", "abcd.abcd.abcd.abcd", "a.bc.d",
                header + "." + TestTokens.b64("{}") + "=.sig", header + "=." + TestTokens.b64("{}") + ".sig"}) {
            assertRejected(f.check(broken), Reason.TOKEN_MALFORMED);
            assertRejected(f.guard.check("Bearer " + broken, "/secure"), Reason.TOKEN_MALFORMED);
        }
        for (String claims : new String[] {"not json", "[1,2]", "{\"sub\":\"x\"", "{\"\\qiss\":\"x\"}", "{\"a\":1}\u0000",
                "{\"a\":-}", "{\"a\":1.}", "\u000b{\"a\":1}"}) {
            String token = header + "." + TestTokens.b64(claims) + ".sig";
            assertRejected(f.check(token), Reason.TOKEN_UNPARSABLE);
            assertRejected(f.guard.check("Bearer " + token, "/secure"), Reason.TOKEN_UNPARSABLE);
            assertRejected(f.guard.verify(token), Reason.TOKEN_UNPARSABLE);
        }
        // another issuer named first, and nothing after it that any parser could read as a second iss: the rest is
        // not read (json-smart cannot make this token ours, so it is not refused for a flaw APIM will refuse anyway)
        String foreignThenBroken = header + "." + TestTokens.b64("{\"iss\":\"https://other.example/\",\"x\":1") + ".sig";
        assertThat(f.check(foreignThenBroken).outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
        String foreignThenHidden = header + "." + TestTokens.b64("{\"iss\":\"https://other.example/\",\"\\qiss\":\""
                + TestTokens.ISSUER + "\"}") + ".sig";
        assertRejected(f.check(foreignThenHidden), Reason.TOKEN_UNPARSABLE);
    }

    @Test
    void otherIssuersPassThroughButAreUntrustedOnAuth0OnlyPaths() {
        f.start(g -> g.auth0OnlyPath("/secure"), p -> { });
        Map<String, Object> c = f.claims();
        c.put("iss", "https://login.other-idp.example/");
        String foreign = f.token(c);
        assertThat(f.check(foreign).outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
        assertThat(f.guard.verify(foreign).outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
        assertThat(f.guard.isOurs(foreign)).isFalse();
        assertRejected(f.guard.check("Bearer " + foreign, "/secure/orders"), Reason.ISSUER_UNTRUSTED);
        // an issuer differing only by the trailing slash is another issuer
        c.put("iss", "https://tenant.example.auth0.com");
        assertThat(f.check(f.token(c)).outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
        assertThat(f.guard.isOurs(f.token())).isTrue();
    }

    @Test
    void issuerIsFoundInAnyClaimOrderAndThroughJsonEscapes() {
        f.start();
        String claims = "{\"sub\":\"x@clients\",\"aud\":[\"other\",\"" + TestTokens.AUDIENCE + "\"],\"exp\":"
                + (f.clock.seconds() + 60) + ",\"\\u0069ss\":\"https:\\/\\/tenant.example.auth0.com\\/\",\"nested\":{\"iss\":\"x\",\"a\":[1,{\"b\":null}]}}";
        String token = TestTokens.signRaw("{\"kid\":\"k1\",\"alg\":\"RS256\"}", claims, "RS256", f.key.getPrivate());
        assertThat(f.guard.isOurs(token)).isTrue();
        GuardDecision d = f.check(token);
        assertThat(d.outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        assertThat(d.token().audiences()).containsExactly("other", TestTokens.AUDIENCE);
        assertThat(d.token().issuer()).isEqualTo(TestTokens.ISSUER);
    }

    @Test
    void duplicateOrMistypedRegisteredClaimsInOurTokensAreUnparsable() {
        f.start();
        // a foreign iss first and ours second must not slip through to a parser that keeps the last one
        String dupIss = "{\"iss\":\"https://evil.example/\",\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\""
                + TestTokens.AUDIENCE + "\",\"exp\":" + (f.clock.seconds() + 60) + "}";
        assertRejected(f.check(TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"k1\"}", dupIss, "RS256", f.key.getPrivate())),
                Reason.TOKEN_UNPARSABLE);
        // ... nor when the second iss is spelled with escapes, or unquoted or single-quoted for a lenient parser
        for (String second : new String[] {"\"\\u0069ss\"", "\"i\\u0073s\"", "iss", "'iss'", "iss "}) {
            String hidden = "{\"iss\":\"https://evil.example/\",\"aud\":\"" + TestTokens.AUDIENCE + "\",\"exp\":"
                    + (f.clock.seconds() + 60) + "," + second + ":\"" + TestTokens.ISSUER + "\"}";
            String token = TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"k1\"}", hidden, "RS256", f.key.getPrivate());
            assertRejected(f.check(token), Reason.TOKEN_UNPARSABLE);
            assertThat(f.guard.isOurs(token)).isTrue();
        }
        Map<String, Object> c = f.claims();
        c.put("exp", String.valueOf(f.clock.seconds() + 60));
        assertRejected(f.check(f.token(c)), Reason.TOKEN_UNPARSABLE);
        String dupAud = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"elsewhere\",\"exp\":" + (f.clock.seconds() + 60)
                + ",\"aud\":\"" + TestTokens.AUDIENCE + "\"}";
        assertRejected(f.check(TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"k1\"}", dupAud, "RS256", f.key.getPrivate())),
                Reason.TOKEN_UNPARSABLE);
        // a duplicate exp is refused whichever copy is read first (an expired copy stops the scan early)
        for (String exps : new String[] {"\"exp\":1,\"exp\":" + (f.clock.seconds() + 60), "\"exp\":" + (f.clock.seconds() + 60) + ",\"exp\":1"}) {
            String dupExp = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE + "\"," + exps + "}";
            GuardDecision d = f.check(TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"k1\"}", dupExp, "RS256", f.key.getPrivate()));
            assertThat(d.reason()).as(exps).isIn(Reason.TOKEN_UNPARSABLE, Reason.TOKEN_EXPIRED);
        }
        String validTwice = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE + "\",\"exp\":"
                + (f.clock.seconds() + 60) + ",\"exp\":" + (f.clock.seconds() + 90) + "}";
        assertRejected(f.check(TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"k1\"}", validTwice, "RS256", f.key.getPrivate())),
                Reason.TOKEN_UNPARSABLE);
    }

    @Test
    void ourIssuerHiddenFromTheStrictDecoderIsStillRejected() {
        f.start();
        String token = f.token();
        int dot = token.indexOf('.');
        // '=' and '+' are skipped by lenient base64 decoders, which would still read our iss
        String padded = token.substring(0, dot + 5) + "=" + token.substring(dot + 5);
        assertRejected(f.check(padded), Reason.TOKEN_MALFORMED);
        assertThat(f.guard.isOurs(padded)).isTrue();
        // broken JSON after our issuer: still ours, still rejected
        String broken = TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"k1\"}", "{\"iss\":\"" + TestTokens.ISSUER + "\",", "RS256",
                f.key.getPrivate());
        assertRejected(f.check(broken), Reason.TOKEN_UNPARSABLE);
    }

    @Test
    void unsignedAndSymmetricAlgorithmsAreRejectedEvenWithAValidHmacOverThePublicKey() throws Exception {
        f.start();
        Map<String, Object> c = f.claims();
        String none = TestTokens.b64("{\"alg\":\"none\",\"kid\":\"k1\"}") + "." + TestTokens.b64(TestTokens.json(c)) + ".";
        assertRejected(f.check(none), Reason.ALGORITHM_NOT_ALLOWED);
        // the classic confusion attack: HS256 keyed with the RSA public key
        String input = TestTokens.b64("{\"alg\":\"HS256\",\"kid\":\"k1\"}") + "." + TestTokens.b64(TestTokens.json(c));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(f.key.getPublic().getEncoded(), "HmacSHA256"));
        String hs = input + "." + TestTokens.b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        GuardDecision d = f.check(hs);
        assertRejected(d, Reason.ALGORITHM_NOT_ALLOWED);
        assertThat(d.wwwAuthenticate()).contains("error=\"invalid_token\"");
        // RS384 is supported but not allowed unless configured
        assertRejected(f.check(TestTokens.sign(TestTokens.header("RS384", "k1"), c, f.key.getPrivate())), Reason.ALGORITHM_NOT_ALLOWED);
        String noAlg = TestTokens.signRaw("{\"kid\":\"k1\"}", TestTokens.json(c), "RS256", f.key.getPrivate());
        assertRejected(f.check(noAlg), Reason.ALGORITHM_NOT_ALLOWED);
        assertThat(f.jwks.fetches()).isLessThanOrEqualTo(1); // only the prefetch: no rejected token caused a fetch
    }

    @Test
    void algorithmMustMatchTheKeyTypeAndTheJwkAlg() throws Exception {
        KeyPair ec = TestTokens.ec("e1", "secp256r1");
        f.jwks.publish(TestTokens.jwk("k1", f.key.getPublic(), "RS256"), TestTokens.jwk("e1", ec.getPublic(), null),
                TestTokens.jwk("k2", TestTokens.rsa("k2").getPublic(), "RS512"));
        f.start(g -> { }, p -> p.algorithm("RS256").algorithm("ES256").algorithm("RS384"));
        Map<String, Object> c = f.claims();
        // ES256 header, RSA kid: refused before any verification
        assertRejected(f.check(TestTokens.sign(TestTokens.header("ES256", "k1"), c, ec.getPrivate())), Reason.ALGORITHM_NOT_ALLOWED);
        // RS256 header, EC kid
        assertRejected(f.check(TestTokens.sign(TestTokens.header("RS256", "e1"), c, f.key.getPrivate())), Reason.ALGORITHM_NOT_ALLOWED);
        // RS384 allowed by config but the JWK says RS512
        assertRejected(f.check(TestTokens.sign(TestTokens.header("RS384", "k2"), c, TestTokens.rsa("k2").getPrivate())),
                Reason.ALGORITHM_NOT_ALLOWED);
        assertThat(f.check(TestTokens.sign(TestTokens.header("ES256", "e1"), c, ec.getPrivate())).outcome())
                .isEqualTo(GuardDecision.Outcome.ACCEPTED);
    }

    @Test
    void everySupportedAlgorithmVerifies() {
        KeyPair e256 = TestTokens.ec("a", "secp256r1");
        KeyPair e384 = TestTokens.ec("a", "secp384r1");
        KeyPair e521 = TestTokens.ec("a", "secp521r1");
        f.jwks.publish(TestTokens.jwk("k1", f.key.getPublic(), null), TestTokens.jwk("e256", e256.getPublic(), "ES256"),
                TestTokens.jwk("e384", e384.getPublic(), "ES384"), TestTokens.jwk("e521", e521.getPublic(), "ES512"));
        f.start(g -> { }, p -> p.algorithms(ProviderConfig.SUPPORTED_ALGORITHMS));
        Map<String, Object> c = f.claims();
        String[][] cases = {{"RS256", "k1"}, {"RS384", "k1"}, {"RS512", "k1"}, {"ES256", "e256"}, {"ES384", "e384"}, {"ES512", "e521"}};
        KeyPair[] keys = {f.key, f.key, f.key, e256, e384, e521};
        for (int i = 0; i < cases.length; i++) {
            c.put("jti", "t" + i);
            String token = TestTokens.sign(TestTokens.header(cases[i][0], cases[i][1]), c, keys[i].getPrivate());
            assertThat(f.check(token).outcome()).as(cases[i][0]).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            // the same token with its signature's last byte flipped
            byte[] sig = java.util.Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
            sig[sig.length - 1] ^= 1;
            String forged = token.substring(0, token.lastIndexOf('.') + 1) + TestTokens.b64(sig);
            assertRejected(f.check(forged), Reason.SIGNATURE_INVALID);
        }
        // an all-zero ECDSA signature never verifies (CVE-2022-21449)
        String input = TestTokens.b64(TestTokens.json(TestTokens.header("ES256", "e256"))) + "." + TestTokens.b64(TestTokens.json(c));
        assertRejected(f.check(input + "." + TestTokens.b64(new byte[64])), Reason.SIGNATURE_INVALID);
        assertRejected(f.check(input + "." + TestTokens.b64(new byte[63])), Reason.SIGNATURE_INVALID);
    }

    @Test
    void kidMissingOrUnknownIsRejected() {
        f.start();
        Map<String, Object> c = f.claims();
        assertRejected(f.check(TestTokens.sign(TestTokens.header("RS256", null), c, f.key.getPrivate())), Reason.KEY_UNKNOWN);
        assertRejected(f.check(TestTokens.sign(TestTokens.header("RS256", "nope"), c, f.key.getPrivate())), Reason.KEY_UNKNOWN);
    }

    @Test
    void forgedSignatureIsRejected() {
        f.start();
        Map<String, Object> c = f.claims();
        String forged = TestTokens.sign(TestTokens.header("RS256", "k1"), c, TestTokens.rsa("attacker").getPrivate());
        assertRejected(f.check(forged), Reason.SIGNATURE_INVALID);
        // claims changed after signing
        String token = f.token(c);
        String[] parts = token.split("\\.");
        c.put("scope", "admin");
        String tampered = parts[0] + "." + TestTokens.b64(TestTokens.json(c)) + "." + parts[2];
        assertRejected(f.check(tampered), Reason.SIGNATURE_INVALID);
        // a signature outside the base64url alphabet is a second spelling nimbus would decode: malformed
        assertRejected(f.check(parts[0] + "." + parts[1] + ".!!"), Reason.TOKEN_MALFORMED);
        assertRejected(f.check(parts[0] + "." + parts[1] + "."), Reason.SIGNATURE_INVALID);
    }

    @Test
    void timeClaimsAreCheckedWithTheLeeway() {
        f.start(g -> g.clockLeewaySeconds(30), p -> { });
        long now = f.clock.seconds();
        Map<String, Object> c = f.claims();
        c.remove("exp");
        assertRejected(f.check(f.token(c)), Reason.TOKEN_EXPIRED);
        c.put("exp", now - 31);
        assertRejected(f.check(f.token(c)), Reason.TOKEN_EXPIRED);
        c.put("exp", now - 29);
        assertThat(f.check(f.token(c)).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        c.put("exp", now + 600);
        c.put("nbf", now + 31);
        assertRejected(f.check(f.token(c)), Reason.TOKEN_NOT_YET_VALID);
        c.put("nbf", now + 29);
        c.put("iat", now + 31);
        assertRejected(f.check(f.token(c)), Reason.ISSUED_IN_FUTURE);
        c.put("iat", now + 29);
        assertThat(f.check(f.token(c)).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        // exp, nbf and iat are whole seconds before year 10000: anything else must never read as "never expires"
        for (Object bad : new Object[] {Double.valueOf(now + 600.75), new java.math.BigInteger("1000000000000000000000000000000"),
                Long.MAX_VALUE, new java.math.BigInteger("99999999999999999999"), 253402300800L, -1L, Double.valueOf(1e30)}) {
            for (String claim : new String[] {"exp", "nbf", "iat"}) {
                Map<String, Object> b = f.claims();
                b.put(claim, bad);
                assertRejected(f.check(f.token(b)), Reason.TOKEN_UNPARSABLE);
            }
        }
        c.put("exp", 253402300799L);
        assertThat(f.check(f.token(c)).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
    }

    @Test
    void expiryIsJudgedCorrectlyWhereverTheClaimsPrefixIsCut() {
        f.start();
        long now = f.clock.seconds();
        // move exp across the boundary of the first decoded chunk, digit by digit
        for (int pad = 150; pad < 260; pad++) {
            String filler = new String(new char[pad]).replace('\0', 'x');
            for (long exp : new long[] {now - 3600, now + 3600, now + 100000000L}) {
                String claims = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"f\":\"" + filler + "\",\"exp\":" + exp + ",\"aud\":\""
                        + TestTokens.AUDIENCE + "\"}";
                GuardDecision d = f.check(TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"k1\"}", claims, "RS256", f.key.getPrivate()));
                if (exp < now) {
                    assertThat(d.reason()).as("pad " + pad).isEqualTo(Reason.TOKEN_EXPIRED);
                } else {
                    assertThat(d.outcome()).as("pad " + pad + " exp " + exp).isEqualTo(GuardDecision.Outcome.ACCEPTED);
                }
            }
        }
    }

    @Test
    void anAttackerChosenClaimBeforeIssChangesNoDecision() {
        f.start(g -> g.auth0OnlyPath("/secure"), p -> { });
        String pad = "\"x_pad\":\"" + new String(new char[5400]).replace('\0', 'p') + "\",";
        long now = f.clock.seconds();
        String tail = "\"sub\":\"c@clients\",\"aud\":\"" + TestTokens.AUDIENCE + "\",\"iat\":" + (now - 60) + ",\"exp\":";
        String hdr = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}";
        String valid = TestTokens.signRaw(hdr, "{" + pad + "\"iss\":\"" + TestTokens.ISSUER + "\"," + tail + (now + 600) + "}", "RS256",
                f.key.getPrivate());
        String expired = TestTokens.signRaw(hdr, "{" + pad + "\"iss\":\"" + TestTokens.ISSUER + "\"," + tail + (now - 600) + "}", "RS256",
                f.key.getPrivate());
        String foreign = TestTokens.signRaw(hdr, "{" + pad + "\"iss\":\"https://other.example/\"," + tail + (now + 600) + "}", "RS256",
                f.key.getPrivate());
        assertThat(f.check(valid).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        assertRejected(f.check(expired), Reason.TOKEN_EXPIRED);
        assertThat(f.check(foreign).outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
        assertRejected(f.guard.check("Bearer " + foreign, "/secure/x"), Reason.ISSUER_UNTRUSTED);
        assertRejected(f.guard.check("Bearer " + expired, "/secure/x"), Reason.TOKEN_EXPIRED);
        // on an Auth0-only path a foreign token is refused as such even when its header is broken
        String brokenHeader = "e30x" + foreign.substring(foreign.indexOf('.'));
        assertRejected(f.guard.check("Bearer " + brokenHeader, "/secure/x"), Reason.ISSUER_UNTRUSTED);
        assertThat(f.check(brokenHeader).outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
    }

    @Test
    void expiredOrMisdirectedTokensNeverCauseAKeyFetch() {
        f.start(g -> { }, p -> { });
        Map<String, Object> c = f.claims();
        c.put("exp", f.clock.seconds() - 3600);
        // a made-up kid would otherwise trigger a fetch
        assertRejected(f.check(TestTokens.sign(TestTokens.header("RS256", "made-up"), c, f.key.getPrivate())), Reason.TOKEN_EXPIRED);
        Map<String, Object> c2 = f.claims();
        c2.put("aud", "https://other-api/");
        assertRejected(f.check(TestTokens.sign(TestTokens.header("RS256", "made-up-2"), c2, f.key.getPrivate())),
                Reason.AUDIENCE_MISMATCH);
        f.clock.advanceSeconds(3600);
        assertThat(f.guard.metrics().jwksFetches()).isLessThanOrEqualTo(1);
    }

    @Test
    void audienceMayBeAStringOrAnArrayAndAnyConfiguredOneMatches() {
        f.start(g -> { }, p -> p.audience("https://second-api/"));
        Map<String, Object> c = f.claims();
        c.put("aud", Arrays.asList("https://unrelated/", "https://second-api/"));
        assertThat(f.check(f.token(c)).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        c.put("aud", Arrays.asList("https://unrelated/", "https://another/"));
        GuardDecision d = f.check(f.token(c));
        assertRejected(d, Reason.AUDIENCE_MISMATCH);
        assertThat(d.httpStatus()).isEqualTo(401);
        c.remove("aud");
        assertRejected(f.check(f.token(c)), Reason.AUDIENCE_MISMATCH);
        c.put("aud", 42);
        assertRejected(f.check(f.token(c)), Reason.TOKEN_UNPARSABLE);
    }

    @Test
    void azpAllowListIsEnforcedWhenConfigured() {
        f.start(g -> { }, p -> p.allowedAuthorizedParty("good-client"));
        Map<String, Object> c = f.claims();
        assertRejected(f.check(f.token(c)), Reason.AZP_NOT_ALLOWED);
        c.remove("azp");
        assertRejected(f.check(f.token(c)), Reason.AZP_NOT_ALLOWED);
        c.put("azp", "good-client");
        assertThat(f.check(f.token(c)).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
    }

    @Test
    void pathScopeRulesGive403WithTheRequiredScopes() {
        f.start(g -> g.requiredScopes("/orders", "read:orders").requiredScopes("/orders/admin", "admin:orders", "read:orders"),
                p -> { });
        Map<String, Object> c = f.claims();
        String token = f.token(c);
        assertThat(f.guard.check("Bearer " + token, "/orders/1").outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        GuardDecision d = f.guard.check("Bearer " + token, "/orders/admin/purge");
        assertRejected(d, Reason.SCOPE_INSUFFICIENT);
        assertThat(d.httpStatus()).isEqualTo(403);
        assertThat(d.requiredScopes()).isEqualTo("admin:orders read:orders");
        assertThat(d.wwwAuthenticate()).isEqualTo("Bearer realm=\"apim-auth0\", error=\"insufficient_scope\", error_description=\""
                + Reason.SCOPE_INSUFFICIENT.description() + "\", scope=\"admin:orders read:orders\"");
        // every spelling a backend may serve as /orders/admin meets its rule: dot segments (also encoded),
        // doubled slashes, escaped letters, ;params (servlet containers drop them, so /..;/ is /../), case, a query
        for (String sneaky : new String[] {"/orders/./admin/x", "/orders//admin", "/orders/x/../admin", "/orders/%61dmin",
                "/orders/%2e/admin", "/orders/x/%2E%2E/admin", "/orders/admin;jsessionid=1", "/orders;x=1/admin",
                "/orders/x/..;/admin", "/ORDERS/Admin", "/orders/admin?x=1", "/orders/admin?redirect_uri=https://app/cb",
                "/orders/admin#frag", "/orders/admin/"}) {
            assertThat(f.guard.check("Bearer " + token, sneaky).reason()).as(sneaky).isEqualTo(Reason.SCOPE_INSUFFICIENT);
        }
        // spellings whose meaning depends on the backend are refused with 400, whatever the credential
        for (String ambiguous : new String[] {"/orders\\admin", "/orders%2fadmin", "/orders%2Fadmin", "/orders/%252e/admin",
                "/orders/%5cadmin", "/../orders/admin", "/orders/%00admin", "/orders/%3badmin", "/orders/%"}) {
            for (String credential : new String[] {"Bearer " + token, null, "Basic dXNlcjpwYXNz"}) {
                GuardDecision refused = f.guard.check(credential, ambiguous);
                assertRejected(refused, Reason.PATH_AMBIGUOUS);
                assertThat(refused.httpStatus()).as(ambiguous).isEqualTo(400);
                assertThat(refused.wwwAuthenticate()).contains("error=\"invalid_request\"");
            }
        }
        // RBAC permissions count as scopes; checked on every request, also from the verified cache
        c.put("permissions", Arrays.asList("admin:orders"));
        String rbac = f.token(c);
        assertThat(f.guard.check("Bearer " + rbac, "/orders/admin/purge").outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        assertThat(f.guard.check("Bearer " + token, "/orders/admin").reason()).isEqualTo(Reason.SCOPE_INSUFFICIENT);
        assertThat(f.guard.check("Bearer " + token, "/elsewhere").outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        assertThat(f.guard.metrics().verifiedCacheHits()).isGreaterThan(0);
        // verify() applies no path rules
        assertThat(f.guard.verify(token).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
    }

    /**
     * APIM's DefaultAPIHandler (gateway 9.0.174, handleRequestInFlow) rewrites a default-version call
     * /orders/admin to /orders/1.0.0/admin before any configured global handler, so a rule can be written for
     * either spelling: both are judged, and neither can be skipped.
     */
    @Test
    void rulesHoldOnTheDefaultVersionAndTheVersionedSpellingAlike() {
        f.start(g -> g.requiredScopes("/orders/admin", "admin:orders").requiredScopes("/orders/1.0.0/reports", "read:reports")
                .auth0OnlyPath("/orders/secure"), p -> { });
        String token = f.token();
        // the rule written as the client calls the default version
        assertRejected(f.guard.check("Bearer " + token, "/orders/1.0.0/admin/x", "/orders/admin/x"), Reason.SCOPE_INSUFFICIENT);
        // ... and one written for the versioned call, met by both spellings of the request
        assertRejected(f.guard.check("Bearer " + token, "/orders/1.0.0/reports", "/orders/reports"), Reason.SCOPE_INSUFFICIENT);
        assertRejected(f.guard.check("Bearer " + token, "/orders/1.0.0/reports", null), Reason.SCOPE_INSUFFICIENT);
        // without the client's spelling, the unversioned rule cannot be seen: that is why the handlers pass it
        assertThat(f.guard.check("Bearer " + token, "/orders/1.0.0/admin/x").outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        // Auth0-only through either spelling
        assertRejected(f.guard.check(null, "/orders/1.0.0/secure", "/orders/secure"), Reason.TOKEN_MISSING);
        assertRejected(f.guard.check("Bearer opaque", "/orders/1.0.0/secure", "/orders/secure"), Reason.TOKEN_MALFORMED);
        // an ambiguous spelling of either is refused
        assertRejected(f.guard.check("Bearer " + token, "/orders/1.0.0/items", "/orders/%2fitems"), Reason.PATH_AMBIGUOUS);
        // the cache answers the same way: the same token again
        assertRejected(f.guard.check("Bearer " + token, "/orders/1.0.0/admin", "/orders/admin"), Reason.SCOPE_INSUFFICIENT);
        Map<String, Object> c = f.claims();
        c.put("scope", "admin:orders read:reports");
        String admin = f.token(c);
        assertThat(f.guard.check("Bearer " + admin, "/orders/1.0.0/admin/x", "/orders/admin/x").outcome())
                .isEqualTo(GuardDecision.Outcome.ACCEPTED);
        assertThat(f.guard.check("Bearer " + admin, "/orders/1.0.0/reports", "/orders/reports").outcome())
                .isEqualTo(GuardDecision.Outcome.ACCEPTED);
    }

    @Test
    void critHeaderInOurTokenIsRejected() {
        f.start();
        String token = TestTokens.signRaw("{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":[\"exp\"]}", TestTokens.json(f.claims()), "RS256",
                f.key.getPrivate());
        assertRejected(f.check(token), Reason.TOKEN_UNPARSABLE);
    }

    @Test
    void rejectionCountersAndDescriptionsNeverContainTheToken() {
        f.start(g -> g.realm("orders-gw"), p -> { });
        Map<String, Object> c = f.claims();
        c.put("exp", 1);
        String token = f.token(c);
        GuardDecision d = f.check(token);
        assertRejected(d, Reason.TOKEN_EXPIRED);
        assertThat(d.wwwAuthenticate()).startsWith("Bearer realm=\"orders-gw\", error=\"invalid_token\"")
                .doesNotContain(token.substring(0, 20)).doesNotContain(token.substring(token.length() - 20));
        assertThat(f.guard.metrics().rejectedByReason()).containsEntry("token_expired", 1L).containsEntry("signature_invalid", 0L)
                .hasSize(Reason.values().length);
        assertThat(f.guard.metrics().rejected()).isEqualTo(1);
        assertThat(d.toString()).doesNotContain(token.substring(0, 20));
    }

    @Test
    void everyReasonCodeIsStableAndUnique() {
        assertThat(Arrays.stream(Reason.values()).map(Reason::code)).doesNotHaveDuplicates()
                .containsExactly("token_missing", "token_too_large", "token_malformed", "token_unparsable", "issuer_untrusted",
                        "algorithm_not_allowed", "key_unknown", "keys_unavailable", "signature_invalid", "token_expired",
                        "token_not_yet_valid", "issued_in_future", "audience_mismatch", "azp_not_allowed", "path_ambiguous",
                        "insufficient_scope");
        for (Reason r : Reason.values()) {
            assertThat(r.description()).doesNotContain("\"").doesNotContain("\\");
            assertThat(Reason.fromCode(r.code())).isSameAs(r);
        }
    }

    @Test
    void disabledGuardPassesEverythingThrough() {
        f.start(g -> g.enabled(false).auth0OnlyPath("/"), p -> { });
        assertThat(f.guard.check(null, "/x").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
        assertThat(f.guard.check("Bearer garbage", "/x").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
    }
}
