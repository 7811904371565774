package dev.apimauth0.km;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** buildFromJSON, buildAccessTokenRequestFromJSON and buildAccessTokenRequestFromOAuthApp. */
class JsonHelpersTest {

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
    void buildFromJsonCopiesParametersAndChecksApplicationFields() throws Exception {
        OAuthApplicationInfo info = km.buildFromJSON(new OAuthApplicationInfo(),
                "{\"client_id\":\"abc\",\"client_secret\":\"s\",\"grant_types\":[\"client_credentials\"],"
                        + "\"additionalProperties\":{\"app_type\":\"spa\",\"audience_of_api\":\"urn:x\"},\"key_type\":\"PRODUCTION\"}");
        assertThat(info.getClientId()).isEqualTo("abc");
        assertThat(info.getClientSecret()).isEqualTo("s");
        assertThat(info.getParameter("key_type")).isEqualTo("PRODUCTION");
        assertThat(Values.list(info.getParameter("grant_types"))).containsExactly("client_credentials");

        OAuthApplicationInfo withCallback = km.buildFromJSON(new OAuthApplicationInfo(),
                "{\"grant_types\":\"authorization_code\",\"callback_url\":\"https://cb\"}");
        assertThat(withCallback.getCallBackURL()).isEqualTo("https://cb");

        assertThat(message(() -> km.buildFromJSON(new OAuthApplicationInfo(), "{\"grant_types\":\"implicit\"}")))
                .contains("callback_url");
        assertThat(message(() -> km.buildFromJSON(new OAuthApplicationInfo(),
                "{\"additionalProperties\":\"{\\\"app_type\\\":\\\"toaster\\\"}\"}"))).contains("app_type");
        assertThat(message(() -> km.buildFromJSON(new OAuthApplicationInfo(),
                "{\"additionalProperties\":{\"token_endpoint_auth_method\":\"private_key_jwt\"}}"))).contains("token_endpoint_auth_method");
        assertThat(message(() -> km.buildFromJSON(new OAuthApplicationInfo(), "[1,2]"))).contains("JSON object");
        assertThat(km.buildFromJSON("{\"client_id\":\"one-arg\"}").getClientId()).isEqualTo("one-arg");
        assertThat(message(() -> km.buildFromJSON(new OAuthApplicationInfo(), "{broken"))).contains("not valid JSON");
    }

    @Test
    void tokenRequestFromJson() throws Exception {
        AccessTokenRequest r = km.buildAccessTokenRequestFromJSON(
                "{\"client_id\":\"abc\",\"client_secret\":\"s\",\"validityPeriod\":\"3600\",\"scopes\":[\"a\",\"b\"]}", null);
        assertThat(r.getClientId()).isEqualTo("abc");
        assertThat(r.getClientSecret()).isEqualTo("s");
        assertThat(r.getValidityPeriod()).isEqualTo(3600);
        assertThat(r.getScope()).containsExactly("a", "b");
        AccessTokenRequest numeric = km.buildAccessTokenRequestFromJSON("{\"validityPeriod\":60,\"scope\":\"x y\"}", new AccessTokenRequest());
        assertThat(numeric.getValidityPeriod()).isEqualTo(60);
        assertThat(numeric.getScope()).containsExactly("x", "y");
        AccessTokenRequest same = new AccessTokenRequest();
        assertThat(km.buildAccessTokenRequestFromJSON("", same)).isSameAs(same);
        assertThat(message(() -> km.buildAccessTokenRequestFromJSON("{\"validityPeriod\":\"soon\"}", null))).contains("validityPeriod");
        assertThat(message(() -> km.buildAccessTokenRequestFromJSON("nope", null))).contains("not valid JSON");
    }

    @Test
    void tokenRequestFromTheApplicationGetsATokenForItsAudience() throws Exception {
        tenant.sim.createResourceServer("urn:reports", "r:read");
        Auth0KeyManager km = tenant.keyManagerAllowing("urn:reports");
        OAuthApplicationInfo app = km.createApplication(TenantFixture.appRequest("admin", "reports", "PRODUCTION",
                "{\"audience_of_api\":\"urn:reports\"}", null, null, "r:read"));
        // a fresh key manager (another node) has not seen the application: the audience travels in the request
        Auth0KeyManager other = tenant.keyManagerAllowing("urn:reports");
        app.addParameter("tokenScope", Arrays.toString(new String[]{"r:read"}));
        app.addParameter("validityPeriod", "3600");
        AccessTokenRequest r = other.buildAccessTokenRequestFromOAuthApp(app, null);
        assertThat(r.getScope()).containsExactly("r:read");
        assertThat(r.getValidityPeriod()).isEqualTo(3600);
        assertThat(r.getGrantType()).isEqualTo("client_credentials");
        tenant.sim.resetCounters();
        AccessTokenInfo token = other.getNewApplicationAccessToken(r);
        assertThat(token.getScopes()).containsExactly("r:read");
        assertThat(tenant.sim.managementRequests()).isZero();

        // without it, the audience is read from the Auth0 application's metadata once
        AccessTokenRequest bare = new AccessTokenRequest();
        bare.setClientId(app.getClientId());
        bare.setClientSecret(app.getClientSecret());
        Auth0KeyManager third = tenant.keyManagerAllowing("urn:reports");
        assertThat(third.getNewApplicationAccessToken(bare).getScopes()).containsExactly("r:read");
        assertThat(third.getNewApplicationAccessToken(bare).getScopes()).containsExactly("r:read");
        assertThat(tenant.sim.requests("GET", "/api/v2/clients/" + app.getClientId())).isEqualTo(1);

        OAuthApplicationInfo noSecret = new OAuthApplicationInfo();
        noSecret.setClientId("abc");
        assertThat(message(() -> km.buildAccessTokenRequestFromOAuthApp(noSecret, null))).contains("client_secret");
        assertThat(km.buildAccessTokenRequestFromOAuthApp(null, null)).isNull();
    }

    private static String message(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        APIManagementException e = catchThrowableOfType(call, APIManagementException.class);
        assertThat(e).isNotNull();
        return e.getMessage();
    }
}
