package dev.apimauth0.km;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token metadata reads the consumer key and the scopes from the claims the administrator named in the Admin Portal
 * (consumer_key_claim, scopes_claim), as 9.0.174's DefaultJWTTransformer.getTransformedConsumerKey and
 * getTransformedScopes read them on the JWT validator path; APIAdminImpl.validateKeyManagerConfiguration stores the
 * connector's defaults (azp, scope) when the admin leaves them out.
 */
class TokenMetadataClaimsTest {

    private TenantFixture tenant;

    @BeforeEach
    void setUp() {
        tenant = new TenantFixture();
    }

    @AfterEach
    void tearDown() {
        tenant.close();
    }

    private Auth0KeyManager withClaims(Object consumerKeyClaim, Object scopesClaim) throws Exception {
        KeyManagerConfiguration c = tenant.configuration();
        if (consumerKeyClaim != null) {
            c.addParameter("consumer_key_claim", consumerKeyClaim);
        }
        if (scopesClaim != null) {
            c.addParameter("scopes_claim", scopesClaim);
        }
        return TenantFixture.keyManager(c);
    }

    private String token() {
        Map<String, Object> claims = tenant.sim.m2mClaims("the-azp", TenantFixture.API, "read:orders");
        claims.put("client_id", "the-client-id");
        claims.put("permissions", Arrays.asList("write:orders", "admin:orders"));
        claims.put("https://example.com/scopes", "custom:a custom:b");
        return tenant.sim.mintToken(claims);
    }

    @Test
    void theDefaultsAreAzpAndScopeWithAuth0Permissions() throws Exception {
        // absent (a key manager saved before the claim fields existed) and empty (the portal's blank field) alike
        for (Object value : new Object[]{null, "", "  "}) {
            AccessTokenInfo info = withClaims(value, value).getTokenMetaData(token());
            assertThat(info.isTokenValid()).as("claims " + value).isTrue();
            assertThat(info.getConsumerKey()).isEqualTo("the-azp");
            assertThat(info.getScopes()).containsExactlyInAnyOrder("read:orders", "write:orders", "admin:orders");
        }
        AccessTokenInfo stored = withClaims("azp", "scope").getTokenMetaData(token());
        assertThat(stored.getConsumerKey()).isEqualTo("the-azp");
        assertThat(stored.getScopes()).containsExactlyInAnyOrder("read:orders", "write:orders", "admin:orders");
    }

    @Test
    void theAdminsClaimsAreRead() throws Exception {
        AccessTokenInfo info = withClaims("client_id", "permissions").getTokenMetaData(token());
        assertThat(info.isTokenValid()).isTrue();
        assertThat(info.getConsumerKey()).isEqualTo("the-client-id");
        assertThat(info.getScopes()).containsExactly("write:orders", "admin:orders");

        AccessTokenInfo custom = withClaims(" client_id ", "https://example.com/scopes").getTokenMetaData(token());
        assertThat(custom.getConsumerKey()).isEqualTo("the-client-id");
        assertThat(custom.getScopes()).containsExactly("custom:a", "custom:b");

        // a scopes claim the token lacks: no scopes (resources without scopes still pass APIM's scope check)
        assertThat(withClaims(null, "roles").getTokenMetaData(token()).getScopes()).isEmpty();
    }

    @Test
    void aGenuineTokenWithoutTheConsumerKeyClaimIsInvalidAndSaysWhich() throws Exception {
        for (String claim : new String[]{"cid", "permissions"}) { // absent; present but not text
            AccessTokenInfo info = withClaims(claim, null).getTokenMetaData(token());
            assertThat(info.isTokenValid()).as(claim).isFalse();
            assertThat(info.getErrorcode()).isEqualTo(Auth0KeyManagerConstants.API_AUTH_INVALID_CREDENTIALS);
            assertThat(info.getParameter(Auth0KeyManagerConstants.TOKEN_INFO_REASON)).isEqualTo("consumer_key_missing");
            assertThat(String.valueOf(info.getParameter(Auth0KeyManagerConstants.TOKEN_INFO_DESCRIPTION)))
                    .contains("\"" + claim + "\"").contains("consumer_key_claim");
        }
    }

    @Test
    void aClaimNameThatCannotBeOneFallsBackToTheDefault() throws Exception {
        AccessTokenInfo info = withClaims("client id", "my scopes").getTokenMetaData(token());
        assertThat(info.getConsumerKey()).isEqualTo("the-azp");
        assertThat(info.getScopes()).contains("read:orders");
    }
}
