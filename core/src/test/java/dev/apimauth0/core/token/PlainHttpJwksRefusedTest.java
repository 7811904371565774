package dev.apimauth0.core.token;

import dev.apimauth0.core.config.InvalidSettingException;
import dev.apimauth0.core.config.ProviderConfig;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys fetched over plain http could be swapped in transit: refused unless the JWKS is on loopback. */
class PlainHttpJwksRefusedTest {

    private static ProviderConfig.Builder provider(String jwks) {
        return ProviderConfig.builder("auth0").issuer("https://t.auth0.com/").audience("a").jwksUri(URI.create(jwks));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://tenant.auth0.com/.well-known/jwks.json", "http://10.0.0.5/jwks", "http://128.0.0.1/jwks",
            "http://localhost.evil.com/jwks", "http://127.0.0.1.nip.io/jwks", "http://[::2]/jwks", "http://0.0.0.0/jwks"})
    void plainHttpOffLoopbackIsAConfigurationError(String uri) {
        assertThatThrownBy(() -> provider(uri).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("apim_auth0.gateway.jwks_uri: plain http is refused")
                .hasMessageEndingWith("got \"" + uri + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/jwks", "http://127.8.9.10/jwks", "http://localhost:1234/jwks", "http://[::1]:99/jwks",
            "https://tenant.auth0.com/.well-known/jwks.json"})
    void httpsAndLoopbackAreAccepted(String uri) {
        assertThat(provider(uri).build().jwksUri()).isEqualTo(URI.create(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://tenant.auth0.com/", "http://tenant.auth0.com"})
    void plainHttpIssuerOffLoopbackIsRefused(String issuer) {
        assertThatThrownBy(() -> ProviderConfig.builder("auth0").issuer(issuer).audience("a").build())
                .hasMessageStartingWith("apim_auth0.gateway.issuers: Auth0 issuers are https URLs");
    }
}
