package dev.apimauth0.core.token;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens refused (or passed on as not ours) on their characters alone are remembered: a client replaying
 * the same expired or foreign token costs a lookup. The cache is bounded, keeps only short tokens, applies
 * the path rule on every request, and can never turn a decision into an acceptance.
 */
class NegativeDecisionCacheTest {

    private static final String OTHER_ISSUER = "https://other-idp.example.com/";

    private static DefaultTokenGuard guard(GuardFixture f) {
        return (DefaultTokenGuard) f.guard;
    }

    private static long rejected(GuardFixture f, Reason r) {
        return f.guard.metrics().rejectedByReason().get(r.code());
    }

    private static String foreign(GuardFixture f) {
        Map<String, Object> c = f.claims();
        c.put("iss", OTHER_ISSUER);
        return f.token(c);
    }

    @Test
    void replayedExpiredTokenIsRejectedFromTheCache() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start();
            Map<String, Object> c = f.claims();
            c.put("exp", f.clock.seconds() - 600);
            String expired = f.token(c);
            // first sight notes the hash, second sight stores the decision, then it is answered from the cache
            assertThat(f.check(expired).reason()).isEqualTo(Reason.TOKEN_EXPIRED);
            assertThat(guard(f).negativeCacheSize()).isZero();
            assertThat(f.check(expired).reason()).isEqualTo(Reason.TOKEN_EXPIRED);
            assertThat(guard(f).negativeCacheSize()).isEqualTo(1);
            assertThat(guard(f).negativeHits.sum()).isZero();
            for (int i = 0; i < 5; i++) {
                GuardDecision d = f.check(expired);
                assertThat(d.outcome()).isEqualTo(GuardDecision.Outcome.REJECTED);
                assertThat(d.reason()).isEqualTo(Reason.TOKEN_EXPIRED);
            }
            assertThat(guard(f).negativeHits.sum()).isEqualTo(5);
            assertThat(rejected(f, Reason.TOKEN_EXPIRED)).isEqualTo(7); // hits are counted like any rejection
            assertThat(f.guard.metrics().rejected()).isEqualTo(7);
            assertThat(f.guard.verify(expired).reason()).isEqualTo(Reason.TOKEN_EXPIRED);
        }
    }

    @Test
    void cachedForeignTokenIsStillRefusedOnAuth0OnlyPathsAndPassedElsewhere() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start(g -> g.auth0OnlyPath("/orders"), p -> { });
            String token = foreign(f);
            String header = "Bearer " + token;
            assertThat(f.guard.check(header, "/public/0").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
            assertThat(f.guard.check(header, "/public/1").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
            assertThat(f.guard.check(header, "/public/2").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
            assertThat(guard(f).negativeHits.sum()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                GuardDecision d = f.guard.check(header, "/orders/" + i);
                assertThat(d.outcome()).isEqualTo(GuardDecision.Outcome.REJECTED);
                assertThat(d.reason()).isEqualTo(Reason.ISSUER_UNTRUSTED);
            }
            // a spelling of the path that must still count as Auth0-only
            assertThat(f.guard.check(header, "/public/../orders/9").reason()).isEqualTo(Reason.ISSUER_UNTRUSTED);
            assertThat(f.guard.check(header, "/public/3").outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
            assertThat(guard(f).negativeHits.sum()).isEqualTo(1 + 2 + 1 + 1);
            assertThat(f.guard.metrics().passedThrough()).isEqualTo(4);
            assertThat(rejected(f, Reason.ISSUER_UNTRUSTED)).isEqualTo(4);
            assertThat(guard(f).negativeCacheSize()).isEqualTo(1);
        }
    }

    @Test
    void oneOffTokensAreNeverCopiedIntoTheCache() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start();
            for (int i = 0; i < 200; i++) {
                Map<String, Object> c = f.claims();
                c.put("exp", f.clock.seconds() - 600 - i);
                assertThat(f.check(f.token(c)).reason()).isEqualTo(Reason.TOKEN_EXPIRED);
            }
            assertThat(guard(f).negativeCacheSize()).as("an attacker's fresh tokens cost no insert").isZero();
            assertThat(guard(f).negativeHits.sum()).isZero();
        }
    }

    @Test
    void tokensLongerThanTheLimitAreNeverRemembered() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start();
            Map<String, Object> c = f.claims();
            c.put("iss", OTHER_ISSUER);
            c.put("pad", new String(new char[NegativeDecisions.MAX_CHARS]).replace('\0', 'p'));
            String longForeign = f.token(c);
            Map<String, Object> e = f.claims();
            e.put("exp", f.clock.seconds() - 600);
            e.put("pad", new String(new char[NegativeDecisions.MAX_CHARS]).replace('\0', 'p'));
            String longExpired = f.token(e);
            assertThat(longForeign.length()).isGreaterThan(NegativeDecisions.MAX_CHARS);
            for (int i = 0; i < 3; i++) {
                assertThat(f.check(longForeign).outcome()).isEqualTo(GuardDecision.Outcome.PASS_THROUGH);
                assertThat(f.check(longExpired).reason()).isEqualTo(Reason.TOKEN_EXPIRED);
            }
            assertThat(guard(f).negativeHits.sum()).isZero();
            assertThat(guard(f).negativeCacheSize()).isZero();
            // the same kind of token at the limit's length or under is remembered
            String shortForeign = foreign(f);
            f.check(shortForeign);
            f.check(shortForeign);
            assertThat(guard(f).negativeCacheSize()).isEqualTo(1);
        }
    }

    @Test
    void staysBoundedUnderManyDistinctTokens() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start(g -> g.auth0OnlyPath("/orders"), p -> { });
            String header = TestTokens.b64("{\"alg\":\"RS256\",\"kid\":\"k1\"}");
            for (int i = 0; i < 100_000; i++) {
                String token;
                if ((i & 1) == 0) {
                    token = header + "." + TestTokens.b64("{\"iss\":\"" + OTHER_ISSUER + "\",\"jti\":\"" + i + "\"}") + ".c2ln";
                } else {
                    token = "junk" + i + ".x.y";
                }
                String path = (i & 2) == 0 ? "/orders/1" : "/public/1";
                for (int sight = 0; sight < 2; sight++) { // a token is stored on its second sight
                    GuardDecision d = f.guard.check("Bearer " + token, path);
                    assertThat(d.outcome()).isNotEqualTo(GuardDecision.Outcome.ACCEPTED);
                }
            }
            int size = guard(f).negativeCacheSize();
            assertThat(size).isLessThanOrEqualTo(NegativeDecisions.SIZE).isGreaterThan(NegativeDecisions.SIZE / 2);
            assertThat(guard(f).verifiedCacheSize()).isZero();
        }
    }

    /**
     * Tokens an attacker makes by changing a few characters near the end (where the hash reads) must not
     * share hashes: every shared hash costs a full comparison on each lookup.
     */
    @Test
    void tokensDifferingInChosenTailCharactersGetDistinctHashes() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char[] c = ("Bearer " + TestTokens.b64("{\"alg\":\"RS256\"}") + "." + TestTokens.b64("{\"iss\":\"x\"}") + "."
                + TestTokens.b64(new byte[256])).toCharArray();
        int at = c.length - 8;
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        int n = 16_384;
        for (int i = 0; i < n; i++) {
            c[at] = alphabet.charAt(i & 63);
            c[at + 1] = alphabet.charAt((i >>> 6) & 63);
            c[at + 2] = alphabet.charAt((i >>> 12) & 63);
            hashes.add(VerifiedTokenCache.hash(new String(c), 7, c.length));
        }
        assertThat(hashes.size()).isGreaterThan(n - 16);
    }

    /**
     * Random replays of valid, expired, foreign, malformed and one-character variants of a valid token
     * (same length and last characters, so they meet the valid one in the same slots), on Auth0-only and
     * other paths: every decision equals the one a guard that never saw the token takes, and only the
     * valid token is ever accepted, including after it expires.
     */
    @Test
    void rememberedDecisionsNeverAcceptAndNeverDifferFromAFreshLook() throws Exception {
        try (GuardFixture f = new GuardFixture(); GuardFixture ref = new GuardFixture()) {
            f.start(g -> g.auth0OnlyPath("/orders"), p -> { });
            // the reference guard trusts the same key (test keys are shared by name) and reads the same time
            assertThat(ref.key.getPublic()).isEqualTo(f.key.getPublic());
            ref.clock.advanceMillis(f.clock.millis() - ref.clock.millis());
            ref.start(g -> g.auth0OnlyPath("/orders"), p -> { });
            Random rnd = new Random(7);
            Map<String, Object> vc = f.claims();
            vc.put("exp", f.clock.seconds() + 3_600);
            String valid = f.token(vc);
            List<String> tokens = new ArrayList<>();
            tokens.add(valid);
            Map<String, Object> ec = f.claims();
            ec.put("exp", f.clock.seconds() - 600);
            tokens.add(f.token(ec));
            tokens.add(foreign(f));
            tokens.add("not-a-jwt");
            tokens.add(valid.substring(0, valid.indexOf('.')) + ".!!!!." + valid.substring(valid.lastIndexOf('.') + 1));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!";
            int signatureStart = valid.lastIndexOf('.');
            for (int i = 0; i < 60; i++) {
                char[] chars = valid.toCharArray();
                int at = rnd.nextInt(signatureStart);
                char c;
                do {
                    c = alphabet.charAt(rnd.nextInt(alphabet.length()));
                } while (c == chars[at]);
                chars[at] = c;
                tokens.add(new String(chars));
            }
            String[] paths = {"/orders/1", "/public/1"};
            Map<String, GuardDecision> fresh = new HashMap<>();
            for (String t : tokens) {
                for (String p : paths) {
                    fresh.put(t + " " + p, ref.guard.check("Bearer " + t, p));
                }
            }
            assertThat(fresh.get(valid + " /orders/1").outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            for (int i = 0; i < 5_000; i++) {
                String t = tokens.get(rnd.nextInt(tokens.size()));
                String p = paths[rnd.nextInt(2)];
                GuardDecision d = f.guard.check("Bearer " + t, p);
                GuardDecision expected = fresh.get(t + " " + p);
                assertThat(d.outcome()).as("token %d on %s", tokens.indexOf(t), p).isEqualTo(expected.outcome());
                assertThat(d.reason()).as("token %d on %s", tokens.indexOf(t), p).isEqualTo(expected.reason());
                if (d.outcome() == GuardDecision.Outcome.ACCEPTED) {
                    assertThat(t).isEqualTo(valid);
                }
            }
            assertThat(guard(f).negativeHits.sum()).isGreaterThan(200);
            // time moves on: the valid token expires; nothing remembered brings any token back
            f.clock.advanceSeconds(3_700);
            for (String t : tokens) {
                for (String p : paths) {
                    assertThat(f.guard.check("Bearer " + t, p).outcome()).isNotEqualTo(GuardDecision.Outcome.ACCEPTED);
                }
            }
            assertThat(f.check(valid).reason()).isEqualTo(Reason.TOKEN_EXPIRED);
        }
    }
}
