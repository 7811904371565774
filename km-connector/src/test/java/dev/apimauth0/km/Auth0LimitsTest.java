package dev.apimauth0.km;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;
import org.wso2.carbon.apimgt.api.model.Scope;

import java.util.Arrays;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key manager within Auth0's real limits (Auth0's definition: ResourceServerScope description at most 500
 * characters, lists at most 100 a page), on a simulated tenant that refuses what Auth0 refuses.
 */
class Auth0LimitsTest {

    private TenantFixture tenant;
    private Auth0KeyManager km;

    @BeforeEach
    void setUp() throws Exception {
        tenant = new TenantFixture();
        km = tenant.keyManager();
    }

    @AfterEach
    void tearDown() {
        tenant.close();
    }

    @Test
    void aScopeWithA600CharacterDescriptionIsPublishedShortenedToAuth0s500() throws Exception {
        String description = String.join("", Collections.nCopies(60, "Reads one ")); // 600 characters
        Scope s = new Scope();
        s.setKey("read:long");
        s.setName("read:long");
        s.setDescription(description);
        km.registerScope(s);
        String stored = tenant.sim.resourceServer(TenantFixture.API).get().get("scopes").get(2).get("description").asText();
        assertThat(stored).hasSize(500).startsWith("Reads one Reads one").endsWith("\u2026");
        assertThat(km.isScopeExists("read:long")).isTrue();
        int patches = tenant.sim.requests("PATCH", "/api/v2/resource-servers");
        km.updateScope(s); // the same long description: already on Auth0 as shortened, nothing to write
        assertThat(tenant.sim.requests("PATCH", "/api/v2/resource-servers")).isEqualTo(patches);
    }

    @Test
    void keysAndTokensWorkWith150ClientGrantsOnOneApi() throws Exception {
        for (int i = 0; i < 150; i++) {
            tenant.sim.grant(tenant.sim.createM2MApplication("other " + i).clientId(), TenantFixture.API, "read:orders");
        }
        OAuthApplicationInfo created = km.createApplication(TenantFixture.appRequest("admin", "Busy API", "PRODUCTION",
                "{\"app_type\":\"non_interactive\",\"token_endpoint_auth_method\":\"client_secret_post\"}",
                "client_credentials", null, "read:orders"));
        // a user-access grant of the same client and API is not the client-credentials grant
        tenant.sim.grantUserAccess(created.getClientId(), TenantFixture.API, "write:orders");
        assertThat(tenant.sim.grantedScopes(created.getClientId(), TenantFixture.API)).contains(Arrays.asList("read:orders"));
        AccessTokenRequest req = new AccessTokenRequest();
        req.setClientId(created.getClientId());
        req.setClientSecret(created.getClientSecret());
        req.setScope(new String[]{"read:orders"});
        AccessTokenInfo token = km.getNewApplicationAccessToken(req);
        assertThat(token.isTokenValid()).isTrue();
        assertThat(token.getScopes()).containsExactly("read:orders");
        OAuthApplicationInfo read = km.retrieveApplication(created.getClientId());
        assertThat(read.getClientId()).isEqualTo(created.getClientId());
        assertThat(tenant.sim.grants()).hasSize(153); // 150 others, the management grant, this app's two
    }
}
