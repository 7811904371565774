package dev.apimauth0.core.token;

import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The node-wide hand-over and publication of guards (the cross-class-loader case is tested in jwt-validator). */
class NodeGuardsTest {

    @Test
    void aHandOverIsTakenOnceAndOnlyOnTheThreadThatLeftIt() throws Exception {
        NodeGuards.handOver("https://hand-over.example/", Collections.singletonMap("audiences", "a"));
        AtomicReference<Map<String, String>> elsewhere = new AtomicReference<>(Collections.emptyMap());
        Thread other = new Thread(() -> elsewhere.set(NodeGuards.takeHandOver("https://hand-over.example/")));
        other.start();
        other.join();
        assertThat(elsewhere.get()).as("another thread (another key manager loading)").isNull();
        assertThat(NodeGuards.takeHandOver("https://other.example/")).isNull();
        assertThat(NodeGuards.takeHandOver("https://hand-over.example/")).containsEntry("audiences", "a");
        assertThat(NodeGuards.takeHandOver("https://hand-over.example/")).as("taken").isNull();
    }

    @Test
    void aGuardIsFoundUnderTheKeyOfEachProviderUntilWithdrawn() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("issuers", "https://a.example/");
        s.put("audiences", "urn:a");
        s.put("providers", "b");
        s.put("provider.b.issuers", "https://b.example/");
        s.put("provider.b.audiences", "urn:b");
        s.put("required_scopes", "/admin=admin");
        TokenGuardConfig config = GuardSettings.builder(s).prefetchJwks(false).build();
        TokenGuard guard = TokenGuards.create(config);
        long before = NodeGuards.version();
        NodeGuards.Publication p = NodeGuards.publish(guard, config);
        assertThat(NodeGuards.version()).isGreaterThan(before);
        for (ProviderConfig provider : config.providers()) {
            assertThat(NodeGuards.published(NodeGuards.key(config, provider))).isSameAs(guard);
        }

        Map<String, String> other = new LinkedHashMap<>();
        other.put("issuers", "https://a.example/");
        other.put("audiences", "urn:a,urn:c");
        TokenGuardConfig otherConfig = GuardSettings.builder(other).prefetchJwks(false).build();
        assertThat(NodeGuards.published(NodeGuards.key(otherConfig, otherConfig.providers().get(0))))
                .as("another audience list is another key").isNull();

        p.withdraw();
        assertThat(NodeGuards.published(NodeGuards.key(config, config.providers().get(0)))).isNull();
        guard.close();
    }

    /**
     * The owner's side of the cross-bundle view: what a borrowing copy receives for a decision is encoded once per
     * verified token (and once per rejection), immutable but for the slot borrowers keep their decoding in, and the
     * guard still judges every call, so an expired token gets a rejection, never the kept acceptance.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theOwnerEncodesAVerifiedTokenOnceAndStillJudgesEveryCall() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            ProviderConfig provider = ProviderConfig.builder("auth0").issuer(TestTokens.ISSUER)
                    .audience(TestTokens.AUDIENCE).jwksUri(f.jwks.jwksUri()).build();
            TokenGuardConfig config = TokenGuardConfig.builder().provider(provider).clock(f.clock)
                    .clockLeewaySeconds(0).build();
            f.guard = TokenGuards.create(config);
            NodeGuards.Publication p = NodeGuards.publish(f.guard, config);
            try {
                Map<?, ?> entry = (Map<?, ?>) NodeGuards.shared().get("guard:" + NodeGuards.key(config, provider));
                Function<String, Map<String, Object>> verify = (Function<String, Map<String, Object>>) entry.get("verify");
                Map<String, Object> claims = f.claims();
                claims.put("exp", f.clock.seconds() + 60);
                String token = f.token(claims);
                Map<String, Object> other = f.claims();
                other.put("sub", "someone-else");
                String otherToken = f.token(other);
                KeyPair foreign = TestTokens.rsa("foreign");
                String forged = TestTokens.sign(TestTokens.header("RS256", "k1"), f.claims(), foreign.getPrivate());

                Map<String, Object> first = verify.apply(token);
                assertThat(first).containsEntry("outcome", "ACCEPTED").containsEntry("sub", TestTokens.claims(0).get("sub"));
                assertThat(verify.apply(new String(token.toCharArray()))).as("once per verified token").isSameAs(first);
                assertThat(first.get("slot")).isInstanceOf(ConcurrentMap.class);
                assertThat(((java.util.function.Supplier<String>) first.get("tokenHash")).get())
                        .as("the log hash, computed when asked").isEqualTo(TokenHash.of(token));
                assertThatIsImmutable(first);
                Map<String, Object> second = verify.apply(otherToken);
                assertThat(second).isNotSameAs(first).containsEntry("sub", "someone-else");
                assertThat(second.get("slot")).isNotSameAs(first.get("slot"));
                Map<String, Object> refused = verify.apply(forged);
                assertThat(refused).containsEntry("outcome", "REJECTED")
                        .containsEntry("reason", Reason.SIGNATURE_INVALID.code()).doesNotContainKey("sub");
                assertThat(verify.apply(forged)).isSameAs(refused);
                assertThat(f.guard.metrics().accepted()).as("the guard judged every call").isEqualTo(3);

                f.clock.advanceSeconds(61);
                Map<String, Object> late = verify.apply(token);
                assertThat(late).containsEntry("outcome", "REJECTED")
                        .containsEntry("reason", Reason.TOKEN_EXPIRED.code()).doesNotContainKey("sub");
            } finally {
                p.withdraw();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertThatIsImmutable(Map<String, Object> encoded) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> encoded.put("sub", "x"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ((java.util.List<Object>) encoded.get("scopes")).add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
