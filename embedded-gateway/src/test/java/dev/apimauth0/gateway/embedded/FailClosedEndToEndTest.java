package dev.apimauth0.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.apimauth0.simulator.Auth0TenantSimulator;

/**
 * The guard fails closed when it has no key: while the tenant's JWKS answers 503 and nothing is cached, even a genuine
 * token is refused at the gateway, and it is accepted again once the JWKS is back. (APIM 4.0.0's own JWT path throws
 * on a 503 and counts a network failure of the fetch as a valid signature; module builtin-jwt-path runs it.) Tokens
 * and JWKS come from the Auth0 tenant simulator.
 */
class FailClosedEndToEndTest {

    static final String AUDIENCE = "https://orders.example.com/api";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void genuineTokensAreRefusedWhileTheJwksIsDownAndAcceptedOnceItIsBack() throws Exception {
        try (Auth0TenantSimulator tenant = Auth0TenantSimulator.start();
             SampleBackend backend = SampleBackend.start(0)) {
            tenant.createResourceServer(AUDIENCE, "orders:read");
            Auth0TenantSimulator.Credentials app = tenant.createM2MApplication("orders-reader");
            tenant.grant(app.clientId(), AUDIENCE, "orders:read");
            tenant.jwksDown(true);
            try (EmbeddedGateway gateway = EmbeddedGateway.builder().backendUrl(backend.url()).apiContext("/orders")
                    .setting("issuers", tenant.issuer()).setting("audiences", AUDIENCE)
                    .setting("jwks_uri", tenant.jwksUri()).setting("jwks_cooldown_seconds", "1").start()) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String token = token(http, tenant, app);

                HttpResponse<String> refused = get(http, gateway, token);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
                assertThat(JSON.readTree(refused.body()).at("/code").asText()).isEqualTo("900901");
                assertThat(backend.requests()).isZero();

                tenant.jwksDown(false);
                int status = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (System.nanoTime() < deadline) {
                    status = get(http, gateway, token).statusCode();
                    if (status == 200) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertThat(status).as("accepted once the JWKS can be fetched again").isEqualTo(200);
                assertThat(backend.requests()).isEqualTo(1);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, EmbeddedGateway gateway, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.apiUrl() + "/items"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String token(HttpClient http, Auth0TenantSimulator tenant, Auth0TenantSimulator.Credentials app)
            throws Exception {
        return ClientCredentials.token(tenant, app, AUDIENCE);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
