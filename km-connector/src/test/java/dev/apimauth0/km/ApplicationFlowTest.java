package dev.apimauth0.km;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.OAuthAppRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Developer Portal flows, end to end against the Auth0 tenant simulator. */
class ApplicationFlowTest {

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

    private OAuthApplicationInfo generateKeys(String app, Object scopes) throws Exception {
        return km.createApplication(TenantFixture.appRequest("admin", app, "PRODUCTION",
                "{\"app_type\":\"non_interactive\",\"token_endpoint_auth_method\":\"client_secret_post\"}",
                "client_credentials", null, scopes));
    }

    private APIManagementException failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        APIManagementException e = catchThrowableOfType(call, APIManagementException.class);
        assertThat(e).as("expected an APIManagementException").isNotNull();
        assertThat(e.getMessage()).doesNotContain(tenant.mgmt.clientSecret()).doesNotContain("eyJ");
        return e;
    }

    @Test
    void generateKeysCreatesANamedM2MApplicationWithAGrantForTheDefaultAudience() throws Exception {
        OAuthApplicationInfo created = generateKeys("Orders App", "default read:orders");
        JsonNode app = tenant.sim.client(created.getClientId()).orElseThrow(AssertionError::new);
        assertThat(app.get("app_type").asText()).isEqualTo("non_interactive");
        assertThat(app.get("token_endpoint_auth_method").asText()).isEqualTo("client_secret_post");
        assertThat(app.get("grant_types").toString()).isEqualTo("[\"client_credentials\"]");
        assertThat(app.get("name").asText()).startsWith("apim_admin_Orders-App_PRODUCTION_").doesNotContain("<");
        assertThat(app.get("client_metadata").get("apim_audience").asText()).isEqualTo(TenantFixture.API);
        assertThat(created.getClientSecret()).isEqualTo(app.get("client_secret").asText());
        // "default" is APIM's own scope: never granted on Auth0
        assertThat(tenant.sim.grantedScopes(created.getClientId(), TenantFixture.API)).contains(Arrays.asList("read:orders"));
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) created.getParameter("additionalProperties");
        assertThat(props).containsEntry("audience_of_api", TenantFixture.API).containsEntry("app_type", "non_interactive");
        assertThat(created.getParameter("grant_types")).isEqualTo("client_credentials");

        // APIM then builds the token request from the app and asks for a token (generate keys with token generation)
        created.addParameter("tokenScope", new String[]{"read:orders"});
        AccessTokenRequest tokenRequest = km.buildAccessTokenRequestFromOAuthApp(created, null);
        AccessTokenInfo token = km.getNewApplicationAccessToken(tokenRequest);
        assertThat(token.isTokenValid()).isTrue();
        assertThat(token.getScopes()).containsExactly("read:orders");
        assertThat(token.getValidityPeriod()).isEqualTo(86400);
        assertThat(token.getConsumerKey()).isEqualTo(created.getClientId());
        assertThat(km.canHandleToken(token.getAccessToken())).isTrue();

        AccessTokenInfo meta = km.getTokenMetaData(token.getAccessToken());
        assertThat(meta.isTokenValid()).isTrue();
        assertThat(meta.getConsumerKey()).isEqualTo(created.getClientId());
        assertThat(meta.getScopes()).containsExactly("read:orders");
        assertThat(meta.getEndUserName()).isEqualTo(created.getClientId() + "@clients");
        assertThat(meta.getValidityPeriod()).isEqualTo(86400L * 1000);
        assertThat(meta.isApplicationToken()).isTrue();
    }

    @Test
    void namesAreStableAndDistinct() throws Exception {
        assertThat(ApplicationNames.name("carbon.super", "admin", "Orders", "PRODUCTION"))
                .isEqualTo(ApplicationNames.name("carbon.super", "admin", "Orders", "PRODUCTION"))
                .isNotEqualTo(ApplicationNames.name("carbon.super", "admin", "Orders", "SANDBOX"))
                .isNotEqualTo(ApplicationNames.name("carbon.super", "admin", "Orders!", "PRODUCTION"))
                .isNotEqualTo(ApplicationNames.name("t2.com", "admin", "Orders", "PRODUCTION"));
        String odd = ApplicationNames.name("carbon.super", "a<b>@x.com", "App <script> " + new String(new char[300]).replace('\0', 'x'), "PRODUCTION");
        assertThat(odd).doesNotContain("<").doesNotContain(">").hasSizeLessThanOrEqualTo(ApplicationNames.MAX_LENGTH);
        OAuthApplicationInfo created = km.createApplication(TenantFixture.appRequest("a<b>@x.com", "App <x>", "SANDBOX",
                null, null, null, null));
        assertThat(tenant.sim.client(created.getClientId())).isPresent();
    }

    @Test
    void audienceOfApiOverridesTheDefaultAndAppFieldsAreApplied() throws Exception {
        tenant.sim.createResourceServer("urn:billing", "bill");
        km = tenant.keyManagerAllowing("urn:billing");
        OAuthApplicationInfo created = km.createApplication(TenantFixture.appRequest("alice", "web", "SANDBOX",
                "{\"app_type\":\"regular_web\",\"token_endpoint_auth_method\":\"client_secret_basic\",\"audience_of_api\":\"urn:billing\"}",
                "client_credentials,authorization_code", "https://app.example.com/cb", new String[]{"bill"}));
        JsonNode app = tenant.sim.client(created.getClientId()).get();
        assertThat(app.get("app_type").asText()).isEqualTo("regular_web");
        assertThat(app.get("token_endpoint_auth_method").asText()).isEqualTo("client_secret_basic");
        assertThat(app.get("callbacks").get(0).asText()).isEqualTo("https://app.example.com/cb");
        assertThat(created.getParameter("grant_types")).isEqualTo("client_credentials authorization_code");
        assertThat(created.getCallBackURL()).isEqualTo("https://app.example.com/cb");
        assertThat(tenant.sim.grantedScopes(created.getClientId(), "urn:billing")).contains(Arrays.asList("bill"));
        assertThat(tenant.sim.grantedScopes(created.getClientId(), TenantFixture.API)).isEmpty();
        // the token is for the application's own audience, learnt at creation
        AccessTokenRequest req = new AccessTokenRequest();
        req.setClientId(created.getClientId());
        req.setClientSecret(created.getClientSecret());
        AccessTokenInfo token = km.getNewApplicationAccessToken(req);
        assertThat(token.getScopes()).containsExactly("bill");
    }

    @Test
    void invalidApplicationFieldsAreRefusedBeforeAnythingIsWritten() throws Exception {
        int before = tenant.sim.clients().size();
        assertThat(failure(() -> km.createApplication(TenantFixture.appRequest("a", "x", "PRODUCTION",
                "{\"app_type\":\"mainframe\"}", null, null, null))).getMessage()).contains("app_type");
        assertThat(failure(() -> km.createApplication(TenantFixture.appRequest("a", "x", "PRODUCTION",
                "{\"token_endpoint_auth_method\":\"none\"}", null, null, null))).getMessage()).contains("token_endpoint_auth_method");
        assertThat(failure(() -> km.createApplication(TenantFixture.appRequest("a", "x", "PRODUCTION",
                null, "urn:ietf:params:oauth:grant-type:saml2-bearer", null, null))).getMessage()).contains("grant_types");
        assertThat(failure(() -> km.createApplication(TenantFixture.appRequest("a", "x", "PRODUCTION",
                null, "authorization_code", null, null))).getMessage()).contains("callback_url");
        assertThat(failure(() -> km.createApplication(TenantFixture.appRequest("a", "x", "PRODUCTION",
                "{not json", null, null, null))).getMessage()).contains("additionalProperties");
        assertThat(tenant.sim.clients()).hasSize(before);
        assertThat(tenant.sim.managementRequests()).isZero();
    }

    @Test
    void aFailedGrantRemovesTheNewApplication() throws Exception {
        int before = tenant.sim.clients().size();
        km = tenant.keyManagerAllowing("urn:unknown-api");
        APIManagementException e = failure(() -> km.createApplication(TenantFixture.appRequest("a", "x", "PRODUCTION",
                "{\"audience_of_api\":\"urn:unknown-api\"}", null, null, null)));
        assertThat(e.getMessage()).contains("urn:unknown-api").contains("404");
        assertThat(tenant.sim.clients()).hasSize(before);

        APIManagementException undefinedScope = failure(() -> generateKeys("y", "no:such:scope"));
        assertThat(undefinedScope.getMessage()).contains("no:such:scope");
        assertThat(tenant.sim.clients()).hasSize(before);
    }

    @Test
    void withoutAnyAudienceCreationIsRefused() throws Exception {
        org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration c = tenant.configuration();
        c.getConfiguration().remove("api_audience");
        Auth0KeyManager noDefault = TenantFixture.keyManager(c);
        assertThat(failure(() -> noDefault.createApplication(TenantFixture.appRequest("a", "x", "PRODUCTION", null, null, null, null)))
                .getMessage()).contains("audience_of_api").contains("api_audience");
    }

    @Test
    void aDeveloperCannotGrantAnApplicationTheTenantsManagementApi() throws Exception {
        String mgmt = tenant.sim.managementAudience();
        int clientsBefore = tenant.sim.clients().size();
        for (String audience : new String[]{mgmt, mgmt.substring(0, mgmt.length() - 1), mgmt.toUpperCase(java.util.Locale.ROOT)}) {
            APIManagementException e = failure(() -> km.createApplication(TenantFixture.appRequest("dev", "sneaky",
                    "PRODUCTION", "{\"app_type\":\"non_interactive\",\"audience_of_api\":\"" + audience + "\"}",
                    "client_credentials", null, "read:client_keys create:clients")));
            assertThat(e.getMessage()).as(audience).contains("audience_of_api").contains("Management API");
        }
        assertThat(tenant.sim.clients()).hasSize(clientsBefore);

        OAuthApplicationInfo created = generateKeys("moving", "read:orders");
        OAuthAppRequest move = TenantFixture.appRequest("admin", "moving", "PRODUCTION",
                "{\"audience_of_api\":\"" + mgmt + "\"}", null, null, "read:client_keys");
        move.getOAuthApplicationInfo().setClientId(created.getClientId());
        assertThat(failure(() -> km.updateApplication(move)).getMessage()).contains("Management API");
        assertThat(tenant.sim.grantedScopes(created.getClientId(), mgmt)).isEmpty();
        assertThat(tenant.sim.grantedScopes(created.getClientId(), TenantFixture.API)).contains(Arrays.asList("read:orders"));

        // an API of another host that happens to use the same path is an ordinary audience
        tenant.sim.createResourceServer("https://api.example.com/api/v2/", "read:v2");
        km = tenant.keyManagerAllowing("https://api.example.com/api/v2/");
        OAuthApplicationInfo v2 = km.createApplication(TenantFixture.appRequest("dev", "v2", "PRODUCTION",
                "{\"app_type\":\"non_interactive\",\"audience_of_api\":\"https://api.example.com/api/v2/\"}",
                "client_credentials", null, "read:v2"));
        assertThat(tenant.sim.grantedScopes(v2.getClientId(), "https://api.example.com/api/v2/")).contains(Arrays.asList("read:v2"));
    }

    @Test
    void updateChangesScopesOfTheExistingGrantAndMovesAudiences() throws Exception {
        OAuthApplicationInfo created = generateKeys("upd", "read:orders");
        OAuthAppRequest update = TenantFixture.appRequest("admin", "upd", "PRODUCTION",
                "{\"app_type\":\"non_interactive\"}", "client_credentials", null, "read:orders write:orders");
        update.getOAuthApplicationInfo().setClientId(created.getClientId());
        km.updateApplication(update);
        assertThat(tenant.sim.grantedScopes(created.getClientId(), TenantFixture.API))
                .contains(Arrays.asList("read:orders", "write:orders"));
        assertThat(tenant.sim.grantsOf(created.getClientId())).hasSize(1);

        // a second identical update is not an error and changes nothing
        km.updateApplication(update);
        assertThat(tenant.sim.grantsOf(created.getClientId())).hasSize(1);

        tenant.sim.createResourceServer("urn:new", "n");
        km = tenant.keyManagerAllowing("urn:new");
        OAuthAppRequest move = TenantFixture.appRequest("admin", "upd", "PRODUCTION",
                "{\"audience_of_api\":\"urn:new\"}", null, null, "n");
        move.getOAuthApplicationInfo().setClientId(created.getClientId());
        OAuthApplicationInfo moved = km.updateApplication(move);
        List<JsonNode> grants = tenant.sim.grantsOf(created.getClientId());
        assertThat(grants).hasSize(1);
        assertThat(grants.get(0).get("audience").asText()).isEqualTo("urn:new");
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) moved.getParameter("additionalProperties");
        assertThat(props).containsEntry("audience_of_api", "urn:new");

        OAuthAppRequest missing = TenantFixture.appRequest("admin", "upd", "PRODUCTION", null, null, null, null);
        missing.getOAuthApplicationInfo().setClientId("no-such-client");
        assertThat(failure(() -> km.updateApplication(missing)).getMessage()).contains("inexistent_client");
    }

    @Test
    void retrieveAndDeleteIncludingGrants() throws Exception {
        OAuthApplicationInfo created = generateKeys("del", "read:orders");
        OAuthApplicationInfo read = km.retrieveApplication(created.getClientId());
        assertThat(read.getClientId()).isEqualTo(created.getClientId());
        assertThat(read.getClientSecret()).isEqualTo(created.getClientSecret());
        assertThat(read.getClientName()).isEqualTo(created.getClientName());
        // view keys: Auth0 keeps no issued tokens, so APIM shows none until one is generated
        assertThat(km.getAccessTokenByConsumerKey(created.getClientId())).isNull();
        assertThat(km.getActiveTokensByConsumerKey(created.getClientId())).isEmpty();
        // removing a mapping in APIM leaves the Auth0 application alone
        km.deleteMappedApplication(created.getClientId());
        assertThat(tenant.sim.client(created.getClientId())).isPresent();

        km.deleteApplication(created.getClientId());
        assertThat(tenant.sim.client(created.getClientId())).isEmpty();
        assertThat(tenant.sim.grantsOf(created.getClientId())).isEmpty();
        km.deleteApplication(created.getClientId()); // already gone: not an error
        APIManagementException gone = failure(() -> km.retrieveApplication(created.getClientId()));
        assertThat(gone.getMessage()).contains("does not exist");
        assertThat(KeyManagerError.statusOf(gone)).isEqualTo(404);
    }

    /** APIConsumerImpl.updateApplicationOwner (9.0.174): new owner in setAppOwner, the old one as argument. */
    @Test
    void ownerChangeRenamesTheAuth0Application() throws Exception {
        OAuthApplicationInfo created = generateKeys("owned", "read:orders");
        String before = tenant.sim.client(created.getClientId()).get().get("name").asText();
        OAuthApplicationInfo retrieved = km.retrieveApplication(created.getClientId());
        OAuthAppRequest req = new OAuthAppRequest();
        OAuthApplicationInfo info = new OAuthApplicationInfo();
        info.setClientName(String.valueOf(retrieved.getParameter("client_name")));
        info.setCallBackURL(retrieved.getCallBackURL());
        info.addParameter("tokenScope", null);
        info.setAppOwner("carol");
        info.setClientId(created.getClientId());
        req.setOAuthApplicationInfo(info);
        OAuthApplicationInfo updated = km.updateApplicationOwner(req, "admin");
        JsonNode app = tenant.sim.client(created.getClientId()).get();
        assertThat(app.get("name").asText()).isNotEqualTo(before)
                .isEqualTo(ApplicationNames.name("carbon.super", "carol", "owned", "PRODUCTION"));
        assertThat(app.get("client_metadata").get("apim_owner").asText()).isEqualTo("carol");
        assertThat(app.get("client_metadata").get("apim_audience").asText()).isEqualTo(TenantFixture.API);
        assertThat(updated.getClientName()).isEqualTo(app.get("name").asText());
        info.setAppOwner(" ");
        assertThat(failure(() -> km.updateApplicationOwner(req, "carol")).getMessage()).contains("owner");
    }

    @Test
    void mapAcceptsOnlyAnExistingClientWithTheRightSecret() throws Exception {
        OAuthApplicationInfo created = generateKeys("mapme", null);
        OAuthAppRequest map = TenantFixture.appRequest("bob", "mapped", "PRODUCTION", null, null, null, null);
        map.getOAuthApplicationInfo().setClientId(created.getClientId());
        map.getOAuthApplicationInfo().setClientSecret(created.getClientSecret());
        OAuthApplicationInfo mapped = km.mapOAuthApplication(map);
        assertThat(mapped.getClientId()).isEqualTo(created.getClientId());

        map.getOAuthApplicationInfo().setClientSecret("not-the-secret");
        APIManagementException wrong = failure(() -> km.mapOAuthApplication(map));
        assertThat(wrong.getMessage()).contains("does not match").doesNotContain("not-the-secret").doesNotContain(created.getClientSecret());

        map.getOAuthApplicationInfo().setClientId("unknown-client");
        assertThat(failure(() -> km.mapOAuthApplication(map)).getMessage()).contains("does not exist");

        map.getOAuthApplicationInfo().setClientSecret(null);
        assertThat(failure(() -> km.mapOAuthApplication(map)).getMessage()).contains("client_secret is required");
    }

    @Test
    void mapFailsClosedWhenSecretsCannotBeRead() throws Exception {
        OAuthApplicationInfo created = generateKeys("mapme", null);
        org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration c = tenant.configuration();
        dev.apimauth0.simulator.Auth0TenantSimulator.Credentials weak = tenant.sim.createManagementApplication("read:clients");
        c.getConfiguration().put("client_id", weak.clientId());
        c.getConfiguration().put("client_secret", weak.clientSecret());
        Auth0KeyManager weakKm = TenantFixture.keyManager(c);
        OAuthAppRequest map = TenantFixture.appRequest("bob", "mapped", "PRODUCTION", null, null, null, null);
        map.getOAuthApplicationInfo().setClientId(created.getClientId());
        map.getOAuthApplicationInfo().setClientSecret(created.getClientSecret());
        assertThat(catchThrowableOfType(() -> weakKm.mapOAuthApplication(map), APIManagementException.class).getMessage())
                .contains("read:client_keys").doesNotContain(weak.clientSecret());
    }

    @Test
    void regenerateSecretRotatesOnAuth0() throws Exception {
        OAuthApplicationInfo created = generateKeys("rot", "read:orders");
        AccessTokenRequest req = new AccessTokenRequest();
        req.setClientId(created.getClientId());
        String fresh = km.getNewApplicationConsumerSecret(req);
        assertThat(fresh).isNotEqualTo(created.getClientSecret());
        assertThat(tenant.sim.client(created.getClientId()).get().get("client_secret").asText()).isEqualTo(fresh);

        req.setClientSecret(created.getClientSecret());
        APIManagementException old = failure(() -> km.getNewApplicationAccessToken(req));
        assertThat(old.getMessage()).contains("401").doesNotContain(created.getClientSecret());
        req.setClientSecret(fresh);
        assertThat(km.getNewApplicationAccessToken(req).isTokenValid()).isTrue();

        AccessTokenRequest unknown = new AccessTokenRequest();
        unknown.setClientId("nope");
        assertThat(failure(() -> km.getNewApplicationConsumerSecret(unknown)).getMessage()).contains("inexistent_client");
    }

    @Test
    void tokenRequestsNameTheirProblem() throws Exception {
        OAuthApplicationInfo created = generateKeys("tok", "read:orders");
        AccessTokenRequest req = new AccessTokenRequest();
        req.setClientId(created.getClientId());
        req.setClientSecret(created.getClientSecret());
        // a scope of the Auth0 API the grant lacks is added to the grant (scope policy), one it does not define is refused
        req.setScope(new String[]{"undefined:scope"});
        APIManagementException undefined = failure(() -> km.getNewApplicationAccessToken(req));
        assertThat(undefined.getMessage()).contains("\"undefined:scope\"").contains("not defined on the Auth0 API");
        assertThat(KeyManagerError.statusOf(undefined)).isEqualTo(400);
        req.setScope(new String[]{"default"});
        assertThat(km.getNewApplicationAccessToken(req).getScopes()).containsExactly("read:orders");
        req.setGrantType("password");
        assertThat(failure(() -> km.getNewApplicationAccessToken(req)).getMessage()).contains("client_credentials");
        AccessTokenRequest noSecret = new AccessTokenRequest();
        noSecret.setClientId(created.getClientId());
        assertThat(failure(() -> km.getNewApplicationAccessToken(noSecret)).getMessage()).contains("client_secret is required");
    }

    @Test
    void auth0OutagesBecomeClearErrors() throws Exception {
        tenant.sim.failNext("POST", "/api/v2/clients", 503, 1);
        APIManagementException e = failure(() -> generateKeys("down", null));
        assertThat(e.getMessage()).contains("503");
        assertThat(tenant.sim.requests("POST", "/api/v2/clients")).isEqualTo(1); // a create is never repeated blindly
        assertThat(tenant.sim.clients()).hasSize(1);
    }

    @Test
    void operationsBeforeLoadConfigurationAreRefused() {
        Auth0KeyManager fresh = new Auth0KeyManager();
        assertThatThrownBy(() -> fresh.retrieveApplication("x")).isInstanceOf(APIManagementException.class)
                .hasMessageContaining("loadConfiguration");
    }
}
