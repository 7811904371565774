package dev.apimauth0.auth0.client;

import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenIdConfigurationTest {

    @Test
    void readsTheTenantsDiscoveryDocument() throws Exception {
        try (Auth0TenantSimulator sim = Auth0TenantSimulator.start()) {
            OpenIdConfiguration c = OpenIdConfiguration.fetch(sim.wellKnownUri(), 1000, 1000);
            assertThat(c.issuer()).isEqualTo(sim.issuer());
            assertThat(c.tokenEndpoint()).isEqualTo(sim.tokenEndpoint());
            assertThat(c.jwksUri()).isEqualTo(sim.jwksUri());

            sim.failNext("GET", "/.well-known/openid-configuration", 503, 1);
            Auth0Exception down = catchThrowableOfType(() -> OpenIdConfiguration.fetch(sim.wellKnownUri(), 1000, 1000),
                    Auth0Exception.class);
            assertThat(down.statusCode()).isEqualTo(503);

            sim.delay("/.well-known/openid-configuration", 800);
            Auth0Exception slow = catchThrowableOfType(() -> OpenIdConfiguration.fetch(sim.wellKnownUri(), 1000, 200),
                    Auth0Exception.class);
            assertThat(slow.errorCode()).isEqualTo(Auth0Exception.TIMEOUT);

            Auth0Exception notJson = catchThrowableOfType(() -> OpenIdConfiguration.fetch(sim.baseUrl() + "nothing", 1000, 1000),
                    Auth0Exception.class);
            assertThat(notJson.statusCode()).isEqualTo(404);
        }
    }
}
