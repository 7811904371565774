package dev.apimauth0.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * The guard reads the credential where APIM will: an API with a custom authorization header set in the Publisher is
 * authenticated by APIM from that header (APIAuthenticationHandler's AuthorizationHeader property, passed to
 * OAuthAuthenticator), so a forged token there must be refused and a good one accepted. The API-level handler gets
 * the same property from the velocity template; the global handler lists the header in authorization_headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomAuthorizationHeaderTest {

    static final String AUDIENCE = "https://orders.example.com/api";
    static final String HEADER = "X-Orders-Auth";
    static final ObjectMapper JSON = new ObjectMapper();

    Auth0TenantSimulator tenant;
    SampleBackend backend;
    Auth0TenantSimulator.Credentials app;

    @BeforeAll
    void start() {
        tenant = Auth0TenantSimulator.start();
        tenant.createResourceServer(AUDIENCE, "orders:read");
        app = tenant.createM2MApplication("orders-reader");
        tenant.grant(app.clientId(), AUDIENCE, "orders:read");
        backend = SampleBackend.start(0);
    }

    @AfterAll
    void stop() {
        backend.close();
        tenant.close();
    }

    @Test
    void apiLevelHandlerReadsTheApisAuthorizationHeaderProperty() throws Exception {
        try (EmbeddedGateway gateway = base().apiHandlerProperty("AuthorizationHeader", HEADER).start()) {
            assertCustomHeaderIsGuarded(gateway);
        }
    }

    @Test
    void globalHandlerReadsTheListedHeaders() throws Exception {
        try (EmbeddedGateway gateway = base().apiHandler(false).setting("authorization_headers", "Authorization, " + HEADER)
                .globalHandler("apim_auth0_token_guard", "dev.apimauth0.gateway.Auth0TokenGuardSynapseHandler", Map.of())
                .start()) {
            assertCustomHeaderIsGuarded(gateway);
            // Authorization is still read too
            String forged = tenant.mintTokenWithForeignKey(tenant.currentKid(), claims());
            assertThat(get(gateway, "Authorization", "Bearer " + forged).statusCode()).isEqualTo(401);
        }
    }

    private void assertCustomHeaderIsGuarded(EmbeddedGateway gateway) throws Exception {
        backend.reset();
        String forged = tenant.mintTokenWithForeignKey(tenant.currentKid(), claims());
        HttpResponse<String> refused = get(gateway, HEADER, "Bearer " + forged);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("900901");
        assertThat(backend.requests()).isZero();

        String good = token();
        HttpResponse<String> ok = get(gateway, HEADER, "Bearer " + good);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(backend.requests()).isEqualTo(1);
        assertThat(backend.seenHeader(0, "X-Apim-Auth0-Sub")).as("claims exposed").isEqualTo(app.clientId() + "@clients");

        // on an Auth0-only path a missing credential in that header is refused
        HttpResponse<String> missing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(gateway.apiUrl() + "/auth0only/x")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(get(gateway, HEADER, "Bearer " + good, "/auth0only/x").statusCode()).isEqualTo(200);
    }

    private EmbeddedGateway.Builder base() {
        return EmbeddedGateway.builder().backendUrl(backend.url()).apiContext("/orders")
                .setting("issuers", tenant.issuer()).setting("audiences", AUDIENCE).setting("jwks_uri", tenant.jwksUri())
                .setting("auth0_only_paths", "/orders/auth0only");
    }

    private Map<String, Object> claims() {
        return tenant.m2mClaims(app.clientId(), AUDIENCE, "orders:read");
    }

    private HttpResponse<String> get(EmbeddedGateway gateway, String header, String value) throws Exception {
        return get(gateway, header, value, "/items");
    }

    private HttpResponse<String> get(EmbeddedGateway gateway, String header, String value, String path) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create(gateway.apiUrl() + path)).header(header, value).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String token() throws Exception {
        return ClientCredentials.token(tenant, app, AUDIENCE);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
