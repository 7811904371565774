package dev.apimauth0.core.token;

import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several tenants in one guard (Envoy-style providers): each token is judged by its own issuer's
 * keys and audiences, and a tenant's custom domain is one more issuer of the same provider.
 */
class MultipleTenantsAndIssuersTest {

    @Test
    void eachTenantsTokensAreVerifiedWithThatTenantsKeysOnly() throws Exception {
        KeyPair euKey = TestTokens.rsa("eu");
        KeyPair usKey = TestTokens.rsa("us");
        try (JwksServer eu = new JwksServer(); JwksServer us = new JwksServer()) {
            // both tenants publish the same kid: keys must never be looked up across tenants
            eu.publish(TestTokens.jwk("same-kid", euKey.getPublic(), "RS256"));
            us.publish(TestTokens.jwk("same-kid", usKey.getPublic(), "RS256"));
            MutableClock clock = MutableClock.now();
            TokenGuard guard = TokenGuards.create(TokenGuardConfig.builder().clock(clock)
                    .provider(ProviderConfig.builder("eu").issuer("https://eu.auth0.example/").issuer("https://login.eu.example/")
                            .audience("api-eu").jwksUri(eu.jwksUri()).build())
                    .provider(ProviderConfig.builder("us").issuer("https://us.auth0.example/").audience("api-us")
                            .jwksUri(us.jwksUri()).build())
                    .build());
            try {
                Map<String, Object> c = TestTokens.claims(clock.seconds());
                c.put("iss", "https://eu.auth0.example/");
                c.put("aud", "api-eu");
                GuardDecision d = guard.check("Bearer " + TestTokens.sign(TestTokens.header("RS256", "same-kid"), c, euKey.getPrivate()), "/");
                assertThat(d.outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
                assertThat(d.token().providerName()).isEqualTo("eu");
                // the custom domain issues its own iss for the same tenant
                c.put("iss", "https://login.eu.example/");
                d = guard.check("Bearer " + TestTokens.sign(TestTokens.header("RS256", "same-kid"), c, euKey.getPrivate()), "/");
                assertThat(d.outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
                assertThat(d.token().issuer()).isEqualTo("https://login.eu.example/");
                // an EU-issued token signed with the US key: same kid, wrong tenant
                d = guard.check("Bearer " + TestTokens.sign(TestTokens.header("RS256", "same-kid"), c, usKey.getPrivate()), "/");
                assertThat(d.reason()).isEqualTo(Reason.SIGNATURE_INVALID);
                // audiences are per tenant
                c.put("aud", "api-us");
                d = guard.check("Bearer " + TestTokens.sign(TestTokens.header("RS256", "same-kid"), c, euKey.getPrivate()), "/");
                assertThat(d.reason()).isEqualTo(Reason.AUDIENCE_MISMATCH);
                c.put("iss", "https://us.auth0.example/");
                d = guard.check("Bearer " + TestTokens.sign(TestTokens.header("RS256", "same-kid"), c, usKey.getPrivate()), "/");
                assertThat(d.outcome()).isEqualTo(GuardDecision.Outcome.ACCEPTED);
                assertThat(d.token().providerName()).isEqualTo("us");
                assertThat(guard.isOurs(TestTokens.sign(TestTokens.header("RS256", "same-kid"), c, usKey.getPrivate()))).isTrue();
            } finally {
                guard.close();
            }
        }
    }
}
