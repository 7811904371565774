package dev.apimauth0.validator;

import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.NodeGuards;
import dev.apimauth0.core.token.Reason;
import dev.apimauth0.core.token.TokenGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.apimauth0.core.token.VerifiedToken;
import org.wso2.carbon.apimgt.common.gateway.dto.JWTValidationInfo;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

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

    @Test
    void aRepeatedTokenIsDecodedAndDerivedOnceThroughTheBorrowedViewYetTheOwnerIsAskedEachTime() throws Exception {
        tenant = new Tenant();
        Map<String, String> settings = gatewaySettings();
        Object foreignGuard = publishFromOtherCopy(settings);
        TokenGuard seen = borrowed(settings);
        String token = tenant.token("read:orders");

        AtomicInteger built = new AtomicInteger();
        Function<VerifiedToken, String> derivation = t -> built.incrementAndGet() + ":" + t.authorizedParty();
        GuardDecision first = seen.verify(token);
        String derived = first.token().derived(derivation);
        for (int i = 0; i < 5; i++) {
            // the token as APIM hands it over: a new string per request
            GuardDecision again = seen.verify(new String(token.toCharArray()));
            assertThat(again).as("decoded once per verified token").isSameAs(first);
            assertThat(again.token().derived(derivation)).isSameAs(derived);
        }
        assertThat(built).as("derived once across repeated borrowed looks").hasValue(1);
        assertThat(first.token().tokenHash()).isEqualTo(dev.apimauth0.core.token.TokenHash.of(token));
        assertThat(foreignMetric(foreignGuard, "accepted")).as("the owner judged every look").isEqualTo(6);
        assertThat(foreignMetric(foreignGuard, "verifiedCacheHits")).isEqualTo(5);

        // the validator's parts: built once, shared by every info it hands out for the token
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(tenant.configuration());
        assertThat(((Auth0JwtValidator) apim.validator).guards().sharedWithGateway()).isTrue();
        JWTValidationInfo a = apim.validate(token);
        JWTValidationInfo b = apim.validate(token);
        assertThat(b).isNotSameAs(a);
        assertThat(b.getClaims()).isSameAs(a.getClaims());
        assertThat(b.getScopes()).isSameAs(a.getScopes()).containsExactly("read:orders");
        assertThat(b.getConsumerKey()).isEqualTo(tenant.clientId);
    }

    @Test
    void theBorrowedViewNeverMixesOneTokensDecisionWithAnothers() throws Exception {
        tenant = new Tenant();
        Map<String, String> settings = gatewaySettings();
        publishFromOtherCopy(settings);
        TokenGuard seen = borrowed(settings);
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(tenant.configuration());
        String reader = tenant.token("read:orders");
        String writer = tenant.token("write:orders");
        String forged = tenant.sim.mintTokenWithForeignKey(tenant.sim.currentKid(), tenant.claims("read:orders"));
        Map<String, Object> elsewhere = tenant.claims("read:orders");
        elsewhere.put("aud", "https://elsewhere.example.com/");
        String otherAudience = tenant.sim.mintToken(elsewhere);
        Function<VerifiedToken, String> hash = VerifiedToken::tokenHash;

        String readerHash = null;
        String writerHash = null;
        for (int round = 0; round < 3; round++) {
            GuardDecision r = seen.verify(reader);
            GuardDecision f = seen.verify(forged);
            GuardDecision w = seen.verify(writer);
            GuardDecision o = seen.verify(otherAudience);
            assertThat(r.outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(w.outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(r.token().scopes()).containsExactly("read:orders");
            assertThat(w.token().scopes()).containsExactly("write:orders");
            assertThat(r.token().derived(hash)).isNotEqualTo(w.token().derived(hash));
            readerHash = readerHash == null ? r.token().derived(hash) : readerHash;
            writerHash = writerHash == null ? w.token().derived(hash) : writerHash;
            assertThat(r.token().derived(hash)).isEqualTo(readerHash);
            assertThat(w.token().derived(hash)).isEqualTo(writerHash);
            assertThat(f.outcome()).isEqualTo(GuardDecision.Outcome.REJECTED);
            assertThat(f.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
            assertThat(f.token()).isNull();
            assertThat(o.outcome()).isEqualTo(GuardDecision.Outcome.REJECTED);
            assertThat(o.reason()).isEqualTo(Reason.AUDIENCE_MISMATCH);
            assertThat(o.description()).isNotEqualTo(f.description());

            assertThat(apim.validate(forged).isValid()).isFalse();
            assertThat(apim.validate(writer).getScopes()).containsExactly("write:orders");
            assertThat(apim.validate(otherAudience).isValid()).isFalse();
            assertThat(apim.validate(reader).getScopes()).containsExactly("read:orders");
        }
    }

    @Test
    void aTokenPastItsExpiryIsRefusedThroughTheBorrowedViewAfterItsDecisionWasKept() throws Exception {
        tenant = new Tenant();
        Map<String, String> settings = gatewaySettings();
        MovableClock clock = new MovableClock();
        Object foreignGuard = publishFromOtherCopy(settings, clock);
        TokenGuard seen = borrowed(settings);
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(tenant.configuration());
        String token = tenant.token("read:orders");
        for (int i = 0; i < 3; i++) {
            assertThat(seen.verify(token).outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
            assertThat(apim.validate(token).isValid()).isTrue();
        }
        long exp = seen.verify(token).token().expiresAt();

        clock.set(exp * 1000L + 3_600_000L);
        GuardDecision late = seen.verify(token);
        assertThat(late.outcome()).isEqualTo(GuardDecision.Outcome.REJECTED);
        assertThat(late.reason()).isEqualTo(Reason.TOKEN_EXPIRED);
        assertThat(late.token()).isNull();
        JWTValidationInfo info = apim.validate(token);
        assertThat(info.isValid()).isFalse();
        assertThat(info.getValidationCode()).isEqualTo(ValidationInfos.ACCESS_TOKEN_EXPIRED);
        assertThat(foreignMetric(foreignGuard, "rejected")).isEqualTo(2);
    }

    @Test
    void whenTheGatewaysGuardIsWithdrawnTheValidatorStopsUsingItsDecisions() throws Exception {
        tenant = new Tenant();
        Map<String, String> settings = gatewaySettings();
        Object foreignGuard = publishFromOtherCopy(settings);
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(tenant.configuration());
        String token = tenant.token("read:orders");
        assertThat(apim.validate(token).isValid()).isTrue();
        assertThat(apim.validate(token).isValid()).isTrue();
        assertThat(foreignMetric(foreignGuard, "accepted")).isEqualTo(2);

        withdraw.getClass().getMethod("withdraw").invoke(withdraw);
        withdraw = null;
        assertThat(((Auth0JwtValidator) apim.validator).guards().sharedWithGateway()).isFalse();
        assertThat(apim.validate(token).isValid()).as("verified by the validator's own guard").isTrue();
        assertThat(foreignMetric(foreignGuard, "accepted")).as("the withdrawn guard is not asked").isEqualTo(2);
    }

    private Map<String, String> gatewaySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("issuers", tenant.sim.issuer());
        settings.put("audiences", Tenant.API);
        settings.put("jwks_uri", tenant.sim.jwksUri());
        return settings;
    }

    private static TokenGuard borrowed(Map<String, String> settings) {
        TokenGuardConfig config = GuardSettings.load(settings);
        TokenGuard seen = NodeGuards.published(NodeGuards.key(config, config.providers().get(0)));
        assertThat(seen).isNotNull();
        return seen;
    }

    /** A clock the test moves; a JDK type, so the other copy of core takes it as it is. */
    static final class MovableClock extends Clock {
        private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

        void set(long epochMillis) {
            millis.set(epochMillis);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public long millis() { return millis.get(); }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    }

    private Object publishFromOtherCopy(Map<String, String> settings) throws Exception {
        return publishFromOtherCopy(settings, null);
    }

    /** Loads core and its libraries a second time, as the gateway bundle has them, and publishes a guard there. */
    private Object publishFromOtherCopy(Map<String, String> settings, Clock clock) throws Exception {
        gatewayBundle = new URLClassLoader(new URL[] {
                location(NodeGuards.class), location(com.auth0.jwk.UrlJwkProvider.class),
                location(com.fasterxml.jackson.databind.ObjectMapper.class),
                location(com.fasterxml.jackson.core.JsonParser.class),
                location(com.fasterxml.jackson.annotation.JsonProperty.class),
                location(org.apache.commons.logging.LogFactory.class)}, ClassLoader.getPlatformClassLoader());
        Class<?> configType = gatewayBundle.loadClass(TokenGuardConfig.class.getName());
        Class<?> guardType = gatewayBundle.loadClass(TokenGuard.class.getName());
        assertThat(configType).isNotSameAs(TokenGuardConfig.class);
        Object builder = gatewayBundle.loadClass(GuardSettings.class.getName()).getMethod("builder", Map.class)
                .invoke(null, settings);
        if (clock != null) {
            builder.getClass().getMethod("clock", Clock.class).invoke(builder, clock);
        }
        Object config = builder.getClass().getMethod("build").invoke(builder);
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
