package dev.apimauth0.validator;

import dev.apimauth0.gateway.embedded.EmbeddedGateway;
import dev.apimauth0.gateway.embedded.SampleBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token checked by the gateway's Synapse guard (API-level handler in a real Synapse engine over HTTP) and by
 * APIM's JWT validator (as KeyManagerHolder creates it) is verified once: with the same settings for the tenant the
 * validator verifies with the gateway's guard, so the second look is a verified-cache hit, in either order.
 */
class OneVerifyPerTokenTest {

    private Tenant tenant;
    private SampleBackend backend;
    private EmbeddedGateway gateway;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        tenant = new Tenant();
        backend = SampleBackend.start(0);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("issuers", tenant.sim.issuer());
        settings.put("audiences", Tenant.API);
        settings.put("jwks_uri", tenant.sim.jwksUri());
        settings.put("required_scopes", "/orders/admin=admin"); // path rules do not keep the guard from being shared
        gateway = EmbeddedGateway.builder().backendUrl(backend.url()).apiContext("/orders").settings(settings).start();
    }

    @AfterEach
    void stop() {
        gateway.close();
        backend.close();
        tenant.close();
    }

    @Test
    void theGatewayGuardAndTheValidatorVerifyEachTokenOnce() throws Exception {
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(tenant.configuration());
        Auth0JwtValidator validator = (Auth0JwtValidator) apim.validator;
        assertThat(validator.guards().sharedWithGateway()).as("same tenant settings: the gateway's guard").isTrue();
        ObjectName guard = gatewayGuard();

        String first = tenant.token("read:orders");
        assertThat(call(first)).isEqualTo(200);
        long hits = counter(guard, "VerifiedCacheHits");
        long accepted = counter(guard, "Accepted");
        assertThat(apim.validate(first).isValid()).isTrue();
        assertThat(counter(guard, "Accepted")).isEqualTo(accepted + 1);
        assertThat(counter(guard, "VerifiedCacheHits")).as("the validator's look at a token the gateway verified")
                .isEqualTo(hits + 1);

        String second = tenant.token("write:orders");
        assertThat(apim.validate(second).isValid()).isTrue();
        hits = counter(guard, "VerifiedCacheHits");
        assertThat(call(second)).isEqualTo(200);
        assertThat(counter(guard, "VerifiedCacheHits")).as("the gateway's look at a token the validator verified")
                .isEqualTo(hits + 1);
    }

    @Test
    void withOtherSettingsTheValidatorKeepsItsOwnGuardAndTheGatewaysIsLeftAlone() throws Exception {
        org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration c = tenant.configuration();
        c.addParameter("allowed_api_audiences", "https://api.example.com/billing");
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(c);
        assertThat(((Auth0JwtValidator) apim.validator).guards().sharedWithGateway()).isFalse();
        ObjectName guard = gatewayGuard();
        long accepted = counter(guard, "Accepted");
        assertThat(apim.validate(tenant.token()).isValid()).isTrue();
        assertThat(counter(guard, "Accepted")).isEqualTo(accepted);
    }

    @Test
    void whenTheGatewayGuardGoesTheValidatorFallsBackToItsOwn() throws Exception {
        ApimKeyManagerHolder apim = ApimKeyManagerHolder.load(tenant.configuration());
        Auth0JwtValidator validator = (Auth0JwtValidator) apim.validator;
        assertThat(validator.guards().sharedWithGateway()).isTrue();
        gateway.close();
        assertThat(validator.guards().sharedWithGateway()).isFalse();
        assertThat(apim.validate(tenant.token()).isValid()).isTrue();
    }

    private int call(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/orders/items"))
                .header("Authorization", "Bearer " + token).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static ObjectName gatewayGuard() throws Exception {
        Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("dev.apimauth0:type=TokenGuard,*"), null);
        assertThat(names).as("the gateway's guard on JMX").hasSize(1);
        return names.iterator().next();
    }

    private static long counter(ObjectName guard, String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return ((Number) server.getAttribute(guard, attribute)).longValue();
    }
}
