package dev.apimauth0.auth0.client;

import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The calls the tenant tools add: a given Management API token, POST /resource-servers, discovery and JWKS reads. */
class Auth0ClientSetupCallsTest {

    private Auth0TenantSimulator sim;

    @BeforeEach
    void start() {
        sim = Auth0TenantSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String token(String... scopes) throws Auth0Exception {
        Auth0TenantSimulator.Credentials c = sim.createManagementApplication(scopes);
        try (Auth0Client plain = new Auth0Client(Auth0ClientConfig.builder().tokenEndpoint(sim.tokenEndpoint())
                .managementApiUrl(sim.managementAudience()).clientId(c.clientId()).clientSecret(c.clientSecret()).build())) {
            return plain.clientCredentialsToken(c.clientId(), c.clientSecret(), sim.managementAudience(), null).accessToken();
        }
    }

    private Auth0Client withToken(String token) {
        return new Auth0Client(Auth0ClientConfig.builder().tokenEndpoint(sim.tokenEndpoint())
                .managementApiUrl(sim.managementAudience()).managementToken(token).maxRetries(0).build());
    }

    @Test
    void aGivenTokenCallsTheManagementApiWithoutClientCredentials() throws Exception {
        String token = token("create:resource_servers", "read:resource_servers");
        try (Auth0Client client = withToken(token)) {
            ResourceServer created = client.createResourceServer("https://api.example.com/a", "A", "RS256", "access_token",
                    Arrays.asList(new ResourceServerScope("read:a", "read a")));
            assertThat(created.identifier()).isEqualTo("https://api.example.com/a");
            assertThat(created.signingAlg()).isEqualTo("RS256");
            assertThat(created.isSystem()).isFalse();
            assertThat(client.getResourceServer("https://api.example.com/a").scope("read:a")).isNotNull();
            assertThat(client.getResourceServer(sim.managementAudience()).isSystem()).isTrue();
            assertThat(client.managementTokenRequests()).isZero();

            Auth0Exception twice = catchThrowableOfType(() -> client.createResourceServer("https://api.example.com/a", null,
                    null, null, Collections.<ResourceServerScope>emptyList()), Auth0Exception.class);
            assertThat(twice.isConflict()).isTrue();
            assertThat(sim.requests("POST", "/api/v2/resource-servers")).isEqualTo(2);
        }
    }

    @Test
    void aGivenTokenWithoutTheScopeIsRefusedOnceAndNeverRefreshedOrShown() throws Exception {
        String token = token("read:resource_servers");
        try (Auth0Client client = withToken(token)) {
            Auth0Exception e = catchThrowableOfType(() -> client.createResourceServer("https://api.example.com/b", null,
                    null, null, Collections.<ResourceServerScope>emptyList()), Auth0Exception.class);
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.getMessage()).doesNotContain(token);
        }
        try (Auth0Client client = withToken(token.substring(0, token.length() - 4) + "AAAA")) {
            Auth0Exception e = catchThrowableOfType(() -> client.getResourceServer(sim.managementAudience()), Auth0Exception.class);
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(sim.tokenRequests()).isEqualTo(1);
        }
        assertThatThrownBy(() -> Auth0ClientConfig.builder().tokenEndpoint(sim.tokenEndpoint())
                .managementApiUrl(sim.managementAudience()).build()).hasMessage("client_id: is required");
    }

    @Test
    void discoveryAndJwksAreReadThroughTheClient() throws Exception {
        try (Auth0Client client = withToken("x.y.z")) {
            OpenIdConfiguration oidc = client.openIdConfiguration(sim.wellKnownUri());
            assertThat(oidc.issuer()).isEqualTo(sim.issuer());
            assertThat(oidc.jwksUri()).isEqualTo(sim.jwksUri());
            assertThat(oidc.registrationEndpoint()).isEqualTo(sim.baseUrl() + "oidc/register");
            JsonWebKeySet jwks = client.jsonWebKeySet(oidc.jwksUri());
            assertThat(jwks.keys()).extracting(JsonWebKeySet.Key::kid).containsExactlyElementsOf(sim.publishedKids());
            assertThat(jwks.keys()).allSatisfy(k -> {
                assertThat(k.kty()).isEqualTo("RSA");
                assertThat(k.alg()).isEqualTo("RS256");
            });
            sim.jwksDown(true);
            Auth0Exception down = catchThrowableOfType(() -> client.jsonWebKeySet(sim.jwksUri()), Auth0Exception.class);
            assertThat(down.statusCode()).isEqualTo(503);
            Auth0Exception notJwks = catchThrowableOfType(() -> client.jsonWebKeySet(sim.wellKnownUri()), Auth0Exception.class);
            assertThat(notJwks.errorCode()).isEqualTo(Auth0Exception.INVALID_RESPONSE);
        }
    }
}
