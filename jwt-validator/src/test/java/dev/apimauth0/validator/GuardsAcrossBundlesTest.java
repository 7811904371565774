package dev.apimauth0.validator;

import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.NodeGuards;
import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.TokenGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * In APIM each bundle embeds its own copy of core, so the gateway handlers' guard is no TokenGuard to the validator
 * bundle. Here a second copy of core in its own class loader (as the gateway bundle has) publishes a guard, and the
 * validator verifies with that very instance through JDK types only.
 */
class GuardsAcrossBundlesTest {

    private Tenant tenant;
    private URLClassLoader gatewayBundle;
    private Object withdraw;

    @AfterEach
    void tearDown() throws Exception {
        if (withdraw != null) {
            withdraw.getClass().getMethod("withdraw").invoke(withdraw);
        }
        if (gatewayBundle != null) {
            gatewayBundle.close();
        }
        if (tenant != null) {
            tenant.close();
        }
    }

    @Test
    void theValidatorVerifiesWithAGuardOfAnotherCopyOfCore() throws Exception {
        tenant = new Tenant();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("issuers", tenant.sim.issuer());
        settings.put("audiences", Tenant.API);
        settings.put("jwks_uri", tenant.sim.jwksUri());
        Object foreignGuard = publishFromOtherCopy(settings);
        assertThat(foreignGuard).isNotInstanceOf(TokenGuard.class);

        TokenGuardConfig config = GuardSettings.load(settings);
        TokenGuard seen = NodeGuards.published(NodeGuards.key(config, config.providers().get(0)));
        assertThat(seen).isNotNull();
        String token = tenant.token("read:orders");
        GuardDecision accepted = seen.verify(token);
        assertThat(accepted.outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
        assertThat(accepted.token().authorizedParty()).isEqualTo(tenant.clientId);
        assertThat(accepted.token().scopes()).containsExactly("read:orders");
        assertThat(accepted.token().claims()).containsEntry("gty", "client-credentials");
        GuardDecision forged = seen.verify(tenant.sim.mintTokenWithForeignKey(tenant.sim.currentKid(), tenant.claims()));
        assertThat(forged.outcome()).isEqualTo(GuardDecision.Outcome.REJECTED);
        assertThat(forged.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
        assertThat(seen.isOurs(token)).isTrue();
        assertThatThrownBy(() -> seen.check("Bearer " + token, "/")).isInstanceOf(UnsupportedOperationException.class);

        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(tenant.configuration());
        assertThat(((Auth0JwtValidator) apim.validator).guards().sharedWithGateway()).isTrue();
        assertThat(apim.validate(token).isValid()).isTrue();
        assertThat(foreignMetric(foreignGuard, "accepted")).isEqualTo(2);
        assertThat(foreignMetric(foreignGuard, "verifiedCacheHits")).as("verified once, by the other copy").isEqualTo(1);
        assertThat(seen.metrics().verifiedCacheHits()).isEqualTo(1);
    }

    /** Loads core and its libraries a second time, as the gateway bundle has them, and publishes a guard there. */
    private Object publishFromOtherCopy(Map<String, String> settings) throws Exception {
        gatewayBundle = new URLClassLoader(new URL[] {
                location(NodeGuards.class), location(com.auth0.jwk.UrlJwkProvider.class),
                location(com.fasterxml.jackson.databind.ObjectMapper.class),
                location(com.fasterxml.jackson.core.JsonParser.class),
                location(com.fasterxml.jackson.annotation.JsonProperty.class),
                location(org.apache.commons.logging.LogFactory.class)}, ClassLoader.getPlatformClassLoader());
        Class<?> configType = gatewayBundle.loadClass(TokenGuardConfig.class.getName());
        Class<?> guardType = gatewayBundle.loadClass(TokenGuard.class.getName());
        assertThat(configType).isNotSameAs(TokenGuardConfig.class);
        Object config = gatewayBundle.loadClass(GuardSettings.class.getName()).getMethod("load", Map.class)
                .invoke(null, settings);
        Object guard = gatewayBundle.loadClass("dev.apimauth0.core.token.TokenGuards").getMethod("create", configType)
                .invoke(null, config);
        Object publication = gatewayBundle.loadClass(NodeGuards.class.getName())
                .getMethod("publish", guardType, configType).invoke(null, guard, config);
        java.lang.reflect.Method m = gatewayBundle.loadClass(NodeGuards.class.getName() + "$Publication")
                .getMethod("withdraw");
        withdraw = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Withdraw.class}, (p, method, args) -> m.invoke(publication));
        return guard;
    }

    /** A handle on the other copy's Publication. */
    public interface Withdraw {
        void withdraw();
    }

    private static long foreignMetric(Object guard, String name) throws Exception {
        java.lang.reflect.Method metrics = guard.getClass().getMethod("metrics");
        metrics.setAccessible(true);
        Object m = metrics.invoke(guard);
        java.lang.reflect.Method counter = m.getClass().getMethod(name);
        counter.setAccessible(true);
        return ((Number) counter.invoke(m)).longValue();
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
