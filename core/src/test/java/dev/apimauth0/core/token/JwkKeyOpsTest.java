package dev.apimauth0.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** RFC 7517 section 4.3: a JWK that lists its key_ops may serve only those; one without "verify" never checks a token. */
class JwkKeyOpsTest {

    /** A usable key of another kid, so the set itself is not empty (an empty one reads as keys_unavailable). */
    private static Map<String, Object> other() {
        return TestTokens.jwk("other", TestTokens.rsa("other").getPublic(), "RS256");
    }

    @Test
    void aKeyWhoseKeyOpsLackVerifyIsNotUsed() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            Map<String, Object> jwk = TestTokens.jwk("k1", f.key.getPublic(), "RS256");
            jwk.put("key_ops", Arrays.asList("encrypt", "wrapKey"));
            f.jwks.publish(jwk, other());
            f.start();
            GuardDecision d = f.check(f.token());
            assertThat(d.outcome()).isEqualTo(GuardDecision.Outcome.REJECTED);
            assertThat(d.reason()).isEqualTo(Reason.KEY_UNKNOWN);
        }
    }

    @Test
    void aKeyListingVerifyOrNoKeyOpsIsUsed() throws Exception {
        for (Object ops : new Object[] {Arrays.asList("sign", "verify"), null}) {
            try (GuardFixture f = new GuardFixture()) {
                Map<String, Object> jwk = TestTokens.jwk("k1", f.key.getPublic(), "RS256");
                if (ops != null) {
                    jwk.put("key_ops", ops);
                }
                f.jwks.publish(jwk);
                f.start();
                assertThat(f.check(f.token()).outcome()).as(String.valueOf(ops)).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            }
        }
        // an empty list allows nothing
        try (GuardFixture f = new GuardFixture()) {
            Map<String, Object> jwk = TestTokens.jwk("k1", f.key.getPublic(), "RS256");
            jwk.put("key_ops", Collections.emptyList());
            f.jwks.publish(jwk, other());
            f.start();
            assertThat(f.check(f.token()).reason()).isEqualTo(Reason.KEY_UNKNOWN);
        }
    }
}
