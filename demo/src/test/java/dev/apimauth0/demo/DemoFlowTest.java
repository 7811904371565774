package dev.apimauth0.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Runs the demo's flow on the Auth0 tenant simulator and checks every outcome, not just the exit status. */
class DemoFlowTest {

    @Test
    void theWholeFlowGivesEachCallWhatItShould() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.Outcome outcome;
        String secret;
        try (DemoTenant tenant = DemoTenant.simulated();
             PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            secret = tenant.managementClientSecret();
            outcome = new Demo(out).run(tenant);
        }
        String transcript = bytes.toString(StandardCharsets.UTF_8);

        assertThat(outcome.check("valid token")).get()
                .satisfies(c -> assertThat(c.status()).isEqualTo(200));
        assertRejected(outcome, "tampered token", 401, "signature_invalid");
        assertRejected(outcome, "expired token", 401, "token_expired");
        assertRejected(outcome, "wrong audience", 401, "audience_mismatch");
        assertRejected(outcome, "no token", 401, "token_missing");
        assertRejected(outcome, "valid token, no admin scope", 403, "insufficient_scope");
        // staged as APIM 4.0.0's own JWT path fails open: a forged token's kid is new and the JWKS is unreachable
        assertRejected(outcome, "forged key, JWKS unreachable", 401, "keys_unavailable");
        assertThat(outcome.check("valid token, JWKS unreachable")).get()
                .satisfies(c -> assertThat(c.status()).as("the cached key keeps serving").isEqualTo(200));
        assertThat(outcome.checks()).noneMatch(Demo.Check::skipped);
        assertThat(outcome.allHeld()).isTrue();

        assertThat(transcript).contains("ALL EXPECTATIONS HELD (10 checks)").contains("[Developer Portal]")
                .contains("[Gateway]").contains("backend reached 2 time(s)")
                .contains("its JWKS fetch fails with a connection error")
                .containsPattern("APIM JWT path, valid token +-> valid ")
                .containsPattern("APIM JWT path, forged, no JWKS +-> (invalid|refused)");
        // the Auth0 step is the tenant tools' setup on an empty simulated tenant
        assertThat(transcript).contains("setup api: created " + DemoTenant.SIMULATED_API)
                .contains("setup application: created").contains("setup management api grant: created: the 12 permissions");
        assertThat(transcript).doesNotContain(secret);
        assertThat(transcript).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}");
    }

    private static void assertRejected(Demo.Outcome outcome, String name, int status, String reason) {
        Demo.Check check = outcome.check(name).orElseThrow(() -> new AssertionError("no check named " + name));
        assertThat(check.status()).as(name + " status").isEqualTo(status);
        assertThat(check.reason()).as(name + " reason").isEqualTo(reason);
    }

    @Test
    void aCheckHoldsOnlyWhenStatusAndReasonMatch() {
        List<String> expired = List.of("token_expired");
        assertThat(new Demo.Check("x", 401, expired, 401, "token_expired", null).held()).isTrue();
        assertThat(new Demo.Check("x", 401, expired, 401, "signature_invalid", null).held()).isFalse();
        assertThat(new Demo.Check("x", 401, expired, 200, null, null).held()).isFalse();
        assertThat(new Demo.Check("x", 200, List.of(), 200, null, null).held()).isTrue();
        assertThat(new Demo.Check("x", 200, List.of(), 401, "token_missing", null).held()).isFalse();
        assertThat(new Demo.Outcome("t", List.of()).allHeld()).isFalse();
    }

    @Test
    void aPartlyConfiguredRealTenantIsRefusedByName() {
        assertThat(DemoTenant.fromEnvironment(Map.of())).isEmpty();
        assertThatThrownBy(() -> DemoTenant.fromEnvironment(Map.of("AUTH0_DOMAIN", "t.eu.auth0.com")))
                .hasMessageContaining("AUTH0_CLIENT_ID").hasMessageContaining("AUTH0_AUDIENCE");
        DemoTenant real = DemoTenant.fromEnvironment(Map.of("AUTH0_DOMAIN", "https://t.eu.auth0.com/",
                "AUTH0_CLIENT_ID", "id", "AUTH0_CLIENT_SECRET", "s", "AUTH0_AUDIENCE", "https://api")).orElseThrow();
        assertThat(real.issuer()).isEqualTo("https://t.eu.auth0.com/");
        assertThat(real.managementAudience()).isEqualTo("https://t.eu.auth0.com/api/v2/");
        assertThat(real.expiredToken("id")).isEmpty();
    }

    @Test
    void theReasonIsReadBackFromTheHeader() {
        assertThat(Demo.reasonOf("Bearer realm=\"apim-auth0\"", false)).isEqualTo("token_missing");
        assertThat(Demo.reasonOf("Bearer realm=\"r\", error=\"invalid_token\", error_description=\""
                + dev.apimauth0.core.token.Reason.TOKEN_EXPIRED.description() + "\"", true)).isEqualTo("token_expired");
        assertThat(Demo.reasonOf(null, true)).isEqualTo("no WWW-Authenticate");
    }
}
