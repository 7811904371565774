package dev.apimauth0.km;

import dev.apimauth0.simulator.LogCapture;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.OAuthAppRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every APIM flow, good and bad, with all logging on: no secret or token reaches the log. */
class LogSafetyTest {

    @Test
    void noSecretOrTokenIsEverLogged() throws Exception {
        try (TenantFixture tenant = new TenantFixture(); LogCapture logs = new LogCapture()) {
            Auth0KeyManager km = tenant.keyManager();
            OAuthApplicationInfo app = km.createApplication(TenantFixture.appRequest("admin", "logs", "PRODUCTION",
                    null, "client_credentials", null, "read:orders"));
            AccessTokenRequest req = km.buildAccessTokenRequestFromOAuthApp(app, null);
            AccessTokenInfo token = km.getNewApplicationAccessToken(req);
            km.getTokenMetaData(token.getAccessToken());
            km.getTokenMetaData(tenant.sim.mintTokenWithForeignKey("kid-x", tenant.sim.m2mClaims("c", TenantFixture.API)));
            AccessTokenRequest rotate = new AccessTokenRequest();
            rotate.setClientId(app.getClientId());
            String fresh = km.getNewApplicationConsumerSecret(rotate);
            catchThrowableOfType(() -> km.getNewApplicationAccessToken(req), APIManagementException.class);
            OAuthAppRequest map = TenantFixture.appRequest("x", "y", "PRODUCTION", null, null, null, null);
            map.getOAuthApplicationInfo().setClientId(app.getClientId());
            map.getOAuthApplicationInfo().setClientSecret("wrong-secret-value-1");
            catchThrowableOfType(() -> km.mapOAuthApplication(map), APIManagementException.class);
            tenant.sim.failNext("*", "/api/v2/", 500, 20);
            catchThrowableOfType(() -> km.retrieveApplication(app.getClientId()), APIManagementException.class);
            tenant.sim.clearFaults();
            km.deleteApplication(app.getClientId());

            assertThat(logs.lines()).isNotEmpty();
            for (String line : logs.lines()) {
                assertThat(line).doesNotContain(tenant.mgmt.clientSecret()).doesNotContain(app.getClientSecret())
                        .doesNotContain(fresh).doesNotContain("wrong-secret-value-1")
                        .doesNotContain(token.getAccessToken()).doesNotContain("eyJ");
            }
        }
    }
}
