package dev.apimauth0.core.token;

import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issuer settings cannot switch the guard off. Auth0's iss is always an https URL ending in '/' (custom domains
 * too); an issuer spelled any other way would match no token, and every token of the tenant, forged ones included,
 * would then pass through as another issuer's. Such a setting fails the guard's start with the key and the fix.
 */
class IssuerSettingsTest {

    private static Map<String, String> settings(String issuers) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("issuers", issuers);
        m.put("audiences", "https://api.example.com/orders");
        return m;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://tenant.eu.auth0.com | Auth0 always sends iss with a trailing '/' | write https://tenant.eu.auth0.com/",
        "https://login.example.com/auth | Auth0 always sends iss with a trailing '/' | write https://login.example.com/auth/",
        "http://tenant.eu.auth0.com/ | Auth0 issuers are https URLs | write https://tenant.eu.auth0.com/",
        "http://10.0.0.7:8080/ | Auth0 issuers are https URLs | write https://10.0.0.7:8080/",
        "tenant.eu.auth0.com/ | an issuer is Auth0's https URL | e.g. https://your-tenant.eu.auth0.com/",
        "ftp://tenant.eu.auth0.com/ | an issuer is Auth0's https URL | e.g. https://your-tenant.eu.auth0.com/",
        "https://tenant.eu.auth0.com/?x=1 | an issuer is Auth0's https URL | e.g. https://your-tenant.eu.auth0.com/",
    })
    void anIssuerAuth0CouldNeverSendIsRefusedWithTheFix(String issuer, String reason, String fix) {
        assertThatThrownBy(() -> GuardSettings.load(settings("https://ok.eu.auth0.com/, " + issuer)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("apim_auth0.gateway.issuers: ")
                .hasMessageContaining(reason)
                .hasMessageContaining(fix)
                .hasMessageEndingWith("got \"" + issuer + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://tenant.eu.auth0.com/", "https://login.example.com/", "http://127.0.0.1:8443/",
        "http://localhost:9000/default", "http://[::1]:1234/"})
    void auth0AndLoopbackTestIssuersAreAccepted(String issuer) {
        assertThat(GuardSettings.load(settings(issuer)).providers().get(0).issuers()).containsExactly(issuer);
    }

    @org.junit.jupiter.api.Test
    void anIssuerThatMatchesNoTokenShowsInTheMetrics() throws Exception {
        try (GuardFixture f = new GuardFixture()) {
            f.start(g -> { }, p -> p.issuer("https://custom-domain.example.com/"));
            for (int i = 0; i < 3; i++) {
                Map<String, Object> c = f.claims();
                c.put("jti", "t" + i);
                f.check(f.token(c));
            }
            assertThat(f.guard.metrics().issuerMatches())
                    .containsEntry(TestTokens.ISSUER, 3L)
                    .containsEntry("https://custom-domain.example.com/", 0L);
        }
    }
}
