package dev.apimauth0.core.token;

import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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
}
