package dev.apimauth0.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The guard against the parser APIM 4.0.0's gateway really uses: nimbus-jose-jwt 7.3 with json-smart 2.3, as
 * OAuthAuthenticator.getSignedJwt (gateway 9.0.174) calls it ({@code SignedJWT.parse}, then
 * {@code getJWTClaimsSet}), and as TenantKeyManagerDto picks a JWT validator, by the claims' iss. Thousands of
 * Auth0-shaped tokens, mutated with a fixed seed at the JSON level (escapes, control bytes, duplicate members,
 * number forms, trailing bytes, nesting, lenient key spellings) and at the base64url level (padding, characters
 * outside the alphabet, unused bits), each really signed, must keep two promises:
 * <ul>
 * <li>whatever the oracle reads as one of our issuers is never passed through to APIM;</li>
 * <li>whatever the guard accepts, the oracle parses and reads the same iss, aud, exp, kid and alg.</li>
 * </ul>
 */
class DifferentialParsingFuzzTest {

    private static final long SEED = 0x5eed_a0_4_0_0L;
    private static final int MUTATIONS = 12_000;

    private GuardFixture f;
    private Random random;

    @BeforeEach
    void start() throws Exception {
        f = new GuardFixture();
        f.start(g -> g.clockLeewaySeconds(60), p -> { });
        random = new Random(SEED);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void guardNeverPassesWhatApimReadsAsOursAndAcceptsOnlyWhatApimReadsAlike() {
        int oracleOurs = 0;
        int oracleForeignOrUnparsed = 0;
        int accepted = 0;
        int passedThrough = 0;
        int rejected = 0;
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < MUTATIONS; i++) {
            String token = mutatedToken(i);
            Oracle o = Oracle.read(token);
            GuardDecision d = f.guard.check("Bearer " + token, "/orders/1");
            if (o.ours) {
                oracleOurs++;
                if (d.outcome() == GuardDecision.Outcome.PASS_THROUGH) {
                    violations.add("passed through although APIM reads our iss: " + describe(i, token));
                }
            } else {
                oracleForeignOrUnparsed++;
            }
            switch (d.outcome()) {
                case ACCEPTED:
                    accepted++;
                    VerifiedToken v = d.token();
                    if (!o.parsed || !v.issuer().equals(o.iss) || !v.audiences().equals(o.aud) || v.expiresAt() != o.exp
                            || !v.keyId().equals(o.kid) || !v.algorithm().equals(o.alg)) {
                        violations.add("accepted but APIM reads it otherwise (" + o + "): " + describe(i, token));
                    }
                    break;
                case PASS_THROUGH:
                    passedThrough++;
                    break;
                default:
                    rejected++;
            }
        }
        System.out.println("DifferentialParsingFuzzTest: " + MUTATIONS + " mutations (seed " + Long.toHexString(SEED) + "): "
                + oracleOurs + " read as ours by nimbus 7.3/json-smart 2.3 (guard must not pass them), " + accepted
                + " accepted by the guard (oracle must agree), " + passedThrough + " passed through, " + rejected
                + " rejected, " + oracleForeignOrUnparsed + " not ours to the oracle");
        assertThat(violations).as("violations").isEmpty();
        // both directions were really exercised
        assertThat(oracleOurs).isGreaterThan(MUTATIONS / 4);
        assertThat(accepted).isGreaterThan(MUTATIONS / 20);
        assertThat(passedThrough).isGreaterThan(MUTATIONS / 50);
    }

    private String describe(int i, String token) {
        return "#" + i + " " + token;
    }

    // ------------------------------------------------------------------ the tokens

    private String mutatedToken(int i) {
        long now = f.clock.seconds();
        String iss = pick(TestTokens.ISSUER, TestTokens.ISSUER, TestTokens.ISSUER, "https://other-idp.example/");
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}";
        String claims = "{\"iss\":" + quote(iss) + ",\"sub\":\"" + TestTokens.CLIENT + "@clients\",\"aud\":"
                + pick(quote(TestTokens.AUDIENCE), "[" + quote(TestTokens.AUDIENCE) + ",\"https://t/userinfo\"]")
                + ",\"iat\":" + (now - 10) + ",\"exp\":" + (now + 3600) + ",\"azp\":\"" + TestTokens.CLIENT
                + "\",\"scope\":\"read:orders\",\"gty\":\"client-credentials\"}";
        int kind = random.nextInt(10);
        if (kind < 5) {
            // JSON level, in the claims (mostly) or the header
            if (random.nextInt(5) == 0) {
                header = mutateJson(header);
            } else {
                claims = mutateJson(claims);
            }
        } else if (kind < 6) {
            // both, and harmless spellings that must still be accepted
            claims = harmless(claims);
            header = harmless(header);
        }
        String h = TestTokens.b64(header);
        String p = TestTokens.b64(claims);
        if (kind >= 7) {
            // base64url level
            if (random.nextBoolean()) {
                p = mutateBase64(p);
            } else {
                h = mutateBase64(h);
            }
        }
        String input = h + "." + p;
        String sig = TestTokens.b64(TestTokens.signature(input, "RS256", f.key.getPrivate()));
        if (kind == 9 && random.nextInt(3) == 0) {
            sig = mutateBase64(sig);
        }
        return input + "." + sig;
    }

    /** Spellings strict JSON allows: whitespace, escaped slashes and letters, extra members, another order. */
    private String harmless(String json) {
        switch (random.nextInt(5)) {
            case 0:
                return json.replace(",", ", ").replace(":", " :\t");
            case 1:
                return json.replace("/", "\\/");
            case 2:
                return json.replace("\"iss\"", "\"\\u0069ss\"").replace("\"kid\"", "\"k\\u0069d\"");
            case 3:
                return json.substring(0, json.length() - 1) + ",\"x\":{\"iss\":\"https://nested.example/\",\"a\":[1,2.5e3,null,true]}}";
            default:
                return "\n " + json + "\r\n";
        }
    }

    private String mutateJson(String json) {
        int rounds = 1 + random.nextInt(2);
        for (int r = 0; r < rounds; r++) {
            json = mutateJsonOnce(json);
        }
        return json;
    }

    private String mutateJsonOnce(String json) {
        String ours = quote(TestTokens.ISSUER);
        switch (random.nextInt(16)) {
            case 0: // an invalid escape inside a key or value (json-smart drops it)
                return insertInsideString(json, pick("\\q", "\\h", "\\x", "\\'", "\\a", "\\0"));
            case 1: // a control byte somewhere (json-smart takes many for whitespace)
                return insertAnywhere(json, String.valueOf((char) pickInt(0, 7, 0x0b, 0x0c, 0x1a, 0x1b, 0x1f, 0x7f, 0x1)));
            case 2: // a control byte between members
                return json.replaceFirst(",", "," + (char) pickInt(0, 0x0b, 0x0c, 0x1f) + "");
            case 3: // duplicate iss, ours last or first
                return json.substring(0, json.length() - 1) + ",\"iss\":" + pick(ours, "\"https://evil.example/\"") + "}";
            case 4: // a second iss hidden behind an invalid escape or a lenient spelling
                return json.substring(0, json.length() - 1) + "," + pick("\"\\qiss\"", "\"i\\hss\"", "iss", "'iss'", "\"iss\" ",
                        "\"\\u0069ss\"") + ":" + pick(ours, "'" + TestTokens.ISSUER + "'") + "}";
            case 5: // number forms for exp, nbf, iat
                return json.replaceFirst("\"exp\":\\d+", "\"exp\":" + pick("-", "1.", "1e30", "01", "1.0", "+1", "0x10",
                        "9223372036854775807", "99999999999999999999", "-1", "1E10", "253402300800", "253402300799", "\"1\"",
                        "null", "true", "[1]", "1700000000.5"));
            case 6: // bytes after the closing brace
                return json + pick(" ", "x", "}", ",\"iss\":" + ours + "}", "\u0000", "garbage{", "{}");
            case 7: // nesting
                return pick(json.replace("\"iss\":", "\"n\":{\"iss\":" + ours + "},\"iss\":"),
                        "{\"a\":" + repeat("[", 40) + repeat("]", 40) + "," + json.substring(1),
                        json.replaceFirst("\"sub\":", "\"deep\":" + repeat("{\"a\":", 20) + "1" + repeat("}", 20) + ",\"sub\":"));
            case 8: // unquoted or single-quoted keys and values (json-smart's permissive mode reads them)
                return pick(json.replace("\"iss\"", "iss"), json.replace("\"iss\"", "'iss'"),
                        json.replace(ours, "'" + TestTokens.ISSUER + "'"), json.replace("\"aud\"", "aud"));
            case 9: // the issuer changed: near misses of ours
                return json.replace(ours, pick("\"https://tenant.example.auth0.com\"", "\"https://TENANT.example.auth0.com/\"",
                        "\"https://tenant.example.auth0.com/ \"", "\"https:\\/\\/tenant.example.auth0.com\\/\"",
                        "\"https://tenant.example.auth0.com\\u002f\"", "\"https://other-idp.example/\""));
            case 10: // a foreign iss first, ours later through a lenient spelling
                return json.replaceFirst("\"iss\":\"[^\"]*\"", "\"iss\":\"https://other-idp.example/\"")
                        .replaceFirst("}$", "," + pick("\"\\qiss\"", "iss", "'iss'", "\"iss\"") + ":" + ours + "}");
            case 11: // a byte deleted
                if (json.length() < 3) {
                    return json;
                }
                int del = random.nextInt(json.length());
                return json.substring(0, del) + json.substring(del + 1);
            case 12: // a structural character inserted
                return insertAnywhere(json, pick(",", ":", "\"", "{", "}", "[", "]", "\\", " "));
            case 13: // non-ASCII and invalid UTF-8 look-alikes
                return insertInsideString(json, pick("\u00e9", "\ufffd", "\u0130", "\u212a", "\ufeff"));
            case 14: // a BOM or whitespace before the object
                return pick("\ufeff", "\u0000", " ", "\u000b", "\u00a0") + json;
            default: // claims of the wrong type
                return json.replaceFirst("\"aud\":(\"[^\"]*\"|\\[[^\\]]*\\])", "\"aud\":" + pick("1", "{\"a\":1}", "[1,2]", "null"));
        }
    }

    private String mutateBase64(String segment) {
        switch (random.nextInt(7)) {
            case 0: // padding
                return segment + pick("=", "==", "===");
            case 1: // a character outside the alphabet (nimbus skips it)
                return insertAnywhere(segment, pick("!", "~", "@", "$", "*", "=", "\t", "\n", " ", "+", "/", "."));
            case 2: // standard base64's alphabet instead of base64url's
                return segment.replace('-', '+').replace('_', '/') + (segment.indexOf('-') < 0 && segment.indexOf('_') < 0 ? "+" : "");
            case 3: { // non-zero unused bits in the last character
                if (segment.length() % 4 == 0) {
                    return segment;
                }
                String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                char last = segment.charAt(segment.length() - 1);
                int v = alphabet.indexOf(last) | (segment.length() % 4 == 2 ? 1 + random.nextInt(15) : 1 + random.nextInt(3));
                return segment.substring(0, segment.length() - 1) + alphabet.charAt(v & 63);
            }
            case 4: // a character dropped (shifts every byte after it)
                int del = random.nextInt(segment.length());
                return segment.substring(0, del) + segment.substring(del + 1);
            case 5: // a character replaced
                int at = random.nextInt(segment.length());
                return segment.substring(0, at) + pick("A", "_", "-", "0", "%", "\u00e9") + segment.substring(at + 1);
            default: // several characters outside the alphabet
                String s = segment;
                for (int k = 0; k < 4; k++) {
                    s = insertAnywhere(s, pick("!", "$", "*", "="));
                }
                return s;
        }
    }

    private String insertInsideString(String json, String what) {
        List<Integer> inside = new ArrayList<>();
        boolean in = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\')) {
                in = !in;
            } else if (in) {
                inside.add(i);
            }
        }
        if (inside.isEmpty()) {
            return insertAnywhere(json, what);
        }
        int at = inside.get(random.nextInt(inside.size()));
        return json.substring(0, at) + what + json.substring(at);
    }

    private String insertAnywhere(String s, String what) {
        int at = random.nextInt(s.length() + 1);
        return s.substring(0, at) + what + s.substring(at);
    }

    @SafeVarargs
    private final <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private int pickInt(int... values) {
        return values[random.nextInt(values.length)];
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String repeat(String s, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(s);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ the oracle

    /** What APIM 4.0.0's gateway reads from a token (nimbus-jose-jwt 7.3, json-smart 2.3). */
    static final class Oracle {
        boolean parsed;
        boolean ours;
        String iss;
        List<String> aud;
        long exp;
        String kid;
        String alg;

        static Oracle read(String token) {
            Oracle o = new Oracle();
            // OAuthAuthenticator.authenticate: a dotted token with other than two dots is refused before parsing
            if (token.chars().filter(c -> c == '.').count() != 2) {
                return o;
            }
            try {
                SignedJWT jwt = SignedJWT.parse(token);
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                o.iss = claims.getIssuer();
                o.aud = claims.getAudience();
                Date exp = claims.getExpirationTime();
                o.exp = exp == null ? -1 : exp.getTime() / 1000;
                o.kid = jwt.getHeader().getKeyID();
                o.alg = jwt.getHeader().getAlgorithm().getName();
                o.parsed = true;
                // TenantKeyManagerDto: the JWT validator is chosen by an exact match of iss
                o.ours = TestTokens.ISSUER.equals(o.iss);
            } catch (Exception | StackOverflowError e) {
                // ParseException and the like: APIM takes the token for an opaque one; nothing reads our iss
            }
            return o;
        }

        @Override
        public String toString() {
            return parsed ? "iss=" + iss + " aud=" + aud + " exp=" + exp + " kid=" + kid + " alg=" + alg : "not parsed";
        }
    }

    @Test
    void oracleIsTheLenientParserThePlatformFactsDescribe() throws Exception {
        // pins PLATFORM.md's reading of nimbus 7.3 + json-smart 2.3, so a changed oracle fails here first
        String h = TestTokens.b64("{\"alg\":\"RS256\"}") + ".";
        String token = h + TestTokens.b64("{\"\\qiss\":\"" + TestTokens.ISSUER + "\"}") + ".c2ln";
        assertThat(Oracle.read(token).ours).as("invalid escape dropped").isTrue();
        assertThat(Oracle.read(h + TestTokens.b64("{\"iss\":\"" + TestTokens.ISSUER + "\"\u0000,\"a\":1}") + ".c2ln").ours)
                .as("NUL before a comma").isTrue();
        assertThat(Oracle.read(h + TestTokens.b64("{\"iss\":\"" + TestTokens.ISSUER + "\",\"a\":1.}") + ".c2ln").ours)
                .as("1. as a number").isTrue();
        String padded = TestTokens.b64("{\"alg\":\"RS256\"}") + ".!" + TestTokens.b64("{\"iss\":\"" + TestTokens.ISSUER + "\"}") + "=.c2ln";
        assertThat(Oracle.read(padded).ours).isTrue();
        String lastWins = "{\"iss\":\"https://other/\",\"iss\":\"" + TestTokens.ISSUER + "\"}";
        assertThat(Oracle.read(TestTokens.b64("{\"alg\":\"RS256\"}") + "." + TestTokens.b64(lastWins) + ".c2ln").ours).isTrue();
        // and the guard refuses every one of them
        for (String t : Arrays.asList(token, padded,
                TestTokens.b64("{\"alg\":\"RS256\"}") + "." + TestTokens.b64(lastWins) + ".c2ln")) {
            assertThat(f.guard.check("Bearer " + t, "/orders/1").outcome()).as(t).isEqualTo(GuardDecision.Outcome.REJECTED);
        }
    }
}
