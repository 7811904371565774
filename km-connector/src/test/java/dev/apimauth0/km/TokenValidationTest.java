package dev.apimauth0.km;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** getTokenMetaData, canHandleToken and getUserClaims: local validation against the simulated tenant's JWKS. */
class TokenValidationTest {

    private TenantFixture tenant;
    private Auth0KeyManager km;
    private String clientId;

    @BeforeEach
    void setUp() throws Exception {
        tenant = new TenantFixture();
        km = tenant.keyManager();
        clientId = tenant.sim.createM2MApplication("caller").clientId();
    }

    @AfterEach
    void tearDown() {
        tenant.close();
    }

    private Map<String, Object> claims() {
        return tenant.sim.m2mClaims(clientId, TenantFixture.API, "read:orders", "write:orders");
    }

    private void assertInvalid(String token, String reason) throws Exception {
        AccessTokenInfo info = km.getTokenMetaData(token);
        assertThat(info.isTokenValid()).as(reason).isFalse();
        assertThat(info.getErrorcode()).isEqualTo(Auth0KeyManagerConstants.API_AUTH_INVALID_CREDENTIALS);
        assertThat(info.getParameter(Auth0KeyManagerConstants.TOKEN_INFO_REASON)).isEqualTo(reason);
        String description = String.valueOf(info.getParameter(Auth0KeyManagerConstants.TOKEN_INFO_DESCRIPTION));
        assertThat(description).isNotEmpty();
        if (token.length() > 0) {
            assertThat(description).doesNotContain(token);
        }
    }

    @Test
    void aGenuineTokenIsValidWithItsClaims() throws Exception {
        Map<String, Object> claims = claims();
        String token = tenant.sim.mintToken(claims);
        AccessTokenInfo info = km.getTokenMetaData(token);
        assertThat(info.isTokenValid()).isTrue();
        assertThat(info.getConsumerKey()).isEqualTo(clientId);
        assertThat(info.getScopes()).containsExactlyInAnyOrder("read:orders", "write:orders");
        assertThat(info.getEndUserName()).isEqualTo(clientId + "@clients");
        assertThat(info.getValidityPeriod()).isEqualTo(3600_000L);
        assertThat(info.getIssuedTime()).isEqualTo(((Number) claims.get("iat")).longValue() * 1000);
        assertThat(info.getParameter("exp")).isEqualTo(((Number) claims.get("exp")).longValue());
    }

    @Test
    void tokensForAnAllowedApiAudienceAreValidToo() throws Exception {
        String billing = "urn:billing";
        Map<String, Object> forBilling = tenant.sim.m2mClaims(clientId, billing, "bill");
        String token = tenant.sim.mintToken(forBilling);
        assertInvalid(token, "audience_mismatch"); // not an API this key manager grants

        Auth0KeyManager allowing = tenant.keyManagerAllowing(billing);
        AccessTokenInfo info = allowing.getTokenMetaData(token);
        assertThat(info.isTokenValid()).isTrue();
        assertThat(info.getScopes()).containsExactly("bill");
        assertThat(allowing.getTokenMetaData(tenant.sim.mintToken(claims())).isTokenValid())
                .as("api_audience stays valid").isTrue();
    }

    @Test
    void badTokensAreInvalidWithTheirReason() throws Exception {
        Map<String, Object> expired = claims();
        expired.put("exp", System.currentTimeMillis() / 1000 - 600);
        expired.put("iat", System.currentTimeMillis() / 1000 - 4200);
        assertInvalid(tenant.sim.mintToken(expired), "token_expired");

        Map<String, Object> otherAudience = claims();
        otherAudience.put("aud", "https://api.example.com/other");
        assertInvalid(tenant.sim.mintToken(otherAudience), "audience_mismatch");

        assertInvalid(tenant.sim.mintToken(Collections.<String, Object>singletonMap("alg", "none"), claims()), "algorithm_not_allowed");
        assertInvalid(tenant.sim.mintToken(Collections.<String, Object>singletonMap("alg", "HS256"), claims()), "algorithm_not_allowed");
        assertInvalid(tenant.sim.mintTokenWithForeignKey(tenant.sim.currentKid(), claims()), "signature_invalid");

        Map<String, Object> otherIssuer = claims();
        otherIssuer.put("iss", "https://evil.example.com/");
        assertInvalid(tenant.sim.mintToken(otherIssuer), "issuer_untrusted");
        assertInvalid("not-a-jwt", "issuer_untrusted");
        assertInvalid("", "token_missing");
    }

    @Test
    void keyRotationIsFollowedWithoutRejectingTokensOfThePreviousKey() throws Exception {
        String before = tenant.sim.mintToken(claims());
        assertThat(km.getTokenMetaData(before).isTokenValid()).isTrue();
        tenant.sim.rotateSigningKey();
        String after = tenant.sim.mintToken(claims());
        assertThat(km.getTokenMetaData(after).isTokenValid()).isTrue();
        assertThat(km.getTokenMetaData(before).isTokenValid()).isTrue();
    }

    @Test
    void jwksOutageFailsClosed() throws Exception {
        org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration c = tenant.configuration();
        tenant.sim.jwksDown(true);
        Auth0KeyManager cold = TenantFixture.keyManager(c);
        String genuine = tenant.sim.mintToken(claims());
        // thrown, never answered invalid: DefaultKeyValidationHandler (9.0.174, ~l.217-221, 265-267) caches whatever
        // getTokenMetaData returns for the token cache's lifetime, so "invalid" would outlive the outage
        assertThatThrownBy(() -> cold.getTokenMetaData(genuine))
                .isInstanceOf(org.wso2.carbon.apimgt.api.APIManagementException.class)
                .hasMessageContaining("keys_unavailable")
                .hasMessageNotContaining(genuine);
        tenant.sim.jwksDown(false);
        assertThat(TenantFixture.keyManager(c).getTokenMetaData(genuine).isTokenValid()).as("after the outage").isTrue();
    }

    @Test
    void canHandleOnlyThisTenantsJwts() throws Exception {
        assertThat(km.canHandleToken(tenant.sim.mintToken(claims()))).isTrue();
        Map<String, Object> other = claims();
        other.put("iss", "https://other.auth0.com/");
        assertThat(km.canHandleToken(tenant.sim.mintToken(other))).isFalse();
        assertThat(km.canHandleToken("3f2a1c0e-opaque-token")).isFalse();
        assertThat(km.canHandleToken(null)).isFalse();

        org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration c = tenant.configuration();
        c.getConfiguration().remove("api_audience");
        Auth0KeyManager noAudience = TenantFixture.keyManager(c);
        assertThat(noAudience.canHandleToken(tenant.sim.mintToken(claims()))).isTrue();
        assertThat(noAudience.canHandleToken(tenant.sim.mintToken(other))).isFalse();
        AccessTokenInfo info = noAudience.getTokenMetaData(tenant.sim.mintToken(claims()));
        assertThat(info.isTokenValid()).isFalse();
        assertThat(info.getParameter(Auth0KeyManagerConstants.TOKEN_INFO_REASON)).isEqualTo("not_configured");
    }

    @Test
    void userClaimsComeFromAVerifiedTokenOnly() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(Auth0KeyManagerConstants.ACCESS_TOKEN, tenant.sim.mintToken(claims()));
        Map<String, String> claims = km.getUserClaims(clientId + "@clients", props);
        assertThat(claims).containsEntry("azp", clientId).containsEntry("gty", "client-credentials");
        assertThat(claims.get("scope")).isEqualTo("read:orders write:orders");

        // custom claims an Auth0 Action adds, of any JSON type: plain lists space-joined, objects as their JSON
        Map<String, Object> custom = claims();
        custom.put("https://x/groups", java.util.Arrays.asList("a", "b"));
        custom.put("https://x/ids", java.util.Arrays.asList(1, 2));
        custom.put("https://x/org", java.util.Collections.singletonMap("id", "o1"));
        custom.put("https://x/orgs", java.util.Arrays.asList(java.util.Collections.singletonMap("id", "o1"), java.util.Collections.singletonMap("id", "o2")));
        props.put(Auth0KeyManagerConstants.ACCESS_TOKEN, tenant.sim.mintToken(custom));
        assertThat(km.getUserClaims(clientId + "@clients", props))
                .containsEntry("https://x/groups", "a b")
                .containsEntry("https://x/ids", "1 2")
                .containsEntry("https://x/org", "{\"id\":\"o1\"}")
                .containsEntry("https://x/orgs", "[{\"id\":\"o1\"},{\"id\":\"o2\"}]");

        props.put(Auth0KeyManagerConstants.ACCESS_TOKEN, tenant.sim.mintTokenWithForeignKey(tenant.sim.currentKid(), claims()));
        assertThat(km.getUserClaims("x", props)).isEmpty();
        assertThat(km.getUserClaims("x", null)).isEmpty();
    }
}
