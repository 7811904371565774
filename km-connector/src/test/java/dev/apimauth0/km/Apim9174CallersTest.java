package dev.apimauth0.km;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apimauth0.simulator.Auth0TenantSimulator;
import dev.apimauth0.simulator.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.OAuthAppRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each flow as carbon-apimgt 9.0.174 calls the key manager, argument by argument, including on an application the
 * stock connector 1.0.1 created (no client_metadata, a grant with scope ["default"], client_secret_basic).
 */
class Apim9174CallersTest {

    private TenantFixture tenant;
    private Auth0KeyManager km;
    private Auth0TenantSimulator.Credentials legacy;

    @BeforeEach
    void setUp() throws Exception {
        tenant = new TenantFixture();
        km = tenant.keyManager();
        // as Auth0OAuthClient 1.0.1 wrote it: name = owner + application + "_" + key type, no metadata
        legacy = tenant.sim.createApplication("adminLegacyApp_PRODUCTION", "non_interactive", "client_secret_basic",
                "client_credentials");
        tenant.sim.grant(legacy.clientId(), TenantFixture.API, "default");
    }

    @AfterEach
    void tearDown() {
        tenant.close();
    }

    private APIManagementException refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        APIManagementException e = catchThrowableOfType(call, APIManagementException.class);
        assertThat(e).as("expected a refusal").isNotNull();
        return e;
    }

    /** APIConsumerImpl.renewAccessToken: client id, secret, validity, the scopes picked; no grant type, no JSON. */
    private static AccessTokenRequest renewAccessToken(String clientId, String secret, String... scopes) {
        AccessTokenRequest r = new AccessTokenRequest();
        r.setClientId(clientId);
        r.setClientSecret(secret);
        r.setValidityPeriod(3600);
        r.setTokenToRevoke(null);
        r.setScope(scopes);
        return r;
    }

    /** APIConsumerImpl.updateAuthClient via ApplicationUtils.createOauthAppRequest and our buildFromJSON. */
    private OAuthAppRequest updateAuthClient(String clientId, String additionalPropertiesJson, String grantTypes)
            throws APIManagementException {
        OAuthApplicationInfo info = new OAuthApplicationInfo();
        info.setClientName("LegacyApp");
        info.setCallBackURL(null);
        info.addParameter("tokenScope", null);
        info.setClientId(null);
        String json = "{\"grant_types\":\"" + grantTypes + "\",\"username\":\"admin\""
                + (additionalPropertiesJson == null ? "" : ",\"additionalProperties\":" + quote(additionalPropertiesJson)) + "}";
        info = km.buildFromJSON(info, json);
        info.addParameter("key_type", "PRODUCTION");
        info.setClientId(clientId);
        OAuthAppRequest r = new OAuthAppRequest();
        r.setOAuthApplicationInfo(info);
        return r;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void legacyApplicationGetsTokensWithItsGrantsAudienceAndBasicAuthentication() throws Exception {
        AccessTokenInfo token = km.getNewApplicationAccessToken(renewAccessToken(legacy.clientId(), legacy.clientSecret(), "default"));
        assertThat(token.isTokenValid()).isTrue();
        assertThat(km.getTokenMetaData(token.getAccessToken()).isTokenValid()).isTrue();
        // the simulator refuses a client_secret_basic application whose secret comes in the body, as Auth0 does
        assertThat(tenant.sim.requests("POST", "/oauth/token")).isGreaterThan(0);
    }

    @Test
    void legacyApplicationViewShowsTheAudienceOfItsGrant() throws Exception {
        // AbstractAPIManager.getApplicationKeys -> retrieveApplication(consumerKey)
        OAuthApplicationInfo view = km.retrieveApplication(legacy.clientId());
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) view.getParameter("additionalProperties");
        assertThat(props).containsEntry("audience_of_api", TenantFixture.API)
                .containsEntry("token_endpoint_auth_method", "client_secret_basic");
        assertThat(view.getParameter("grant_types")).isEqualTo("client_credentials");
    }

    @Test
    void legacyApplicationUpdateKeepsItsOneGrantAndAuthMethod() throws Exception {
        // the portal sends back what view showed; or nothing of the app fields at all
        for (String props : new String[]{null, "{\"app_type\":\"non_interactive\"}"}) {
            OAuthApplicationInfo updated = km.updateApplication(updateAuthClient(legacy.clientId(), props, "client_credentials"));
            assertThat(tenant.sim.grantsOf(legacy.clientId())).hasSize(1);
            assertThat(tenant.sim.grantedScopes(legacy.clientId(), TenantFixture.API)).contains(Collections.singletonList("default"));
            JsonNode app = tenant.sim.client(legacy.clientId()).get();
            assertThat(app.get("token_endpoint_auth_method").asText()).isEqualTo("client_secret_basic");
            assertThat(app.get("client_metadata").get("apim_audience").asText()).isEqualTo(TenantFixture.API);
            @SuppressWarnings("unchecked")
            Map<String, Object> shown = (Map<String, Object>) updated.getParameter("additionalProperties");
            assertThat(shown).containsEntry("audience_of_api", TenantFixture.API);
        }
        // and its token still works, on a node that never saw it
        Auth0KeyManager other = tenant.keyManager();
        assertThat(other.getNewApplicationAccessToken(renewAccessToken(legacy.clientId(), legacy.clientSecret())).isTokenValid()).isTrue();
    }

    @Test
    void legacyApplicationMapsAndGetsItsTokenInOneGo() throws Exception {
        // APIConsumerImpl.mapExistingOAuthClient: createOauthAppRequest(appName, clientId, null, "default", json, ...)
        OAuthApplicationInfo info = new OAuthApplicationInfo();
        info.setClientName("Mapped");
        info.addParameter("tokenScope", "default");
        info.setClientId(legacy.clientId());
        info = km.buildFromJSON(info, "{\"key_type\":\"PRODUCTION\",\"client_secret\":\"" + legacy.clientSecret() + "\"}");
        OAuthAppRequest request = new OAuthAppRequest();
        request.setOAuthApplicationInfo(info);
        OAuthApplicationInfo mapped = km.mapOAuthApplication(request);
        assertThat(mapped.getJsonString()).contains("client_credentials");
        // ApplicationUtils.createAccessTokenRequest -> buildAccessTokenRequestFromOAuthApp, then the token
        AccessTokenRequest tokenRequest = km.buildAccessTokenRequestFromOAuthApp(mapped, new AccessTokenRequest());
        assertThat(km.getNewApplicationAccessToken(tokenRequest).isTokenValid()).isTrue();
    }

    @Test
    void mappingAnApplicationWithoutAGrantIsRefusedBeforeAPIMWritesTheMapping() throws Exception {
        Auth0TenantSimulator.Credentials bare = tenant.sim.createApplication("no-grant", "non_interactive",
                "client_secret_post", "client_credentials");
        OAuthApplicationInfo info = km.buildFromJSON(new OAuthApplicationInfo(),
                "{\"key_type\":\"PRODUCTION\",\"client_secret\":\"" + bare.clientSecret() + "\"}");
        info.setClientId(bare.clientId());
        OAuthAppRequest request = new OAuthAppRequest();
        request.setOAuthApplicationInfo(info);
        APIManagementException e = refused(() -> km.mapOAuthApplication(request));
        assertThat(e.getMessage()).contains("holds no client grant").contains(TenantFixture.API);
        assertThat(KeyManagerError.statusOf(e)).isEqualTo(400);
    }

    @Test
    void scopesPickedInTheDeveloperPortalEndUpInTheToken() throws Exception {
        // Generate Keys: devportal sends ["default"] plus what was picked
        OAuthApplicationInfo created = km.createApplication(TenantFixture.appRequest("admin", "Scoped", "PRODUCTION",
                null, "client_credentials", null, "default read:orders"));
        assertThat(tenant.sim.grantedScopes(created.getClientId(), TenantFixture.API)).contains(Collections.singletonList("read:orders"));
        // Generate Access Token with a scope the grant lacks but the Auth0 API defines
        AccessTokenInfo token = km.getNewApplicationAccessToken(renewAccessToken(created.getClientId(),
                created.getClientSecret(), "default", "write:orders"));
        assertThat(token.getScopes()).containsExactly("write:orders");
        assertThat(km.getTokenMetaData(token.getAccessToken()).getScopes()).containsExactly("write:orders");
        assertThat(tenant.sim.grantedScopes(created.getClientId(), TenantFixture.API).get())
                .containsExactlyInAnyOrder("read:orders", "write:orders");

        // the legacy grant's "default" (not defined on the API) is dropped when the grant is widened
        AccessTokenInfo legacyToken = km.getNewApplicationAccessToken(renewAccessToken(legacy.clientId(),
                legacy.clientSecret(), "read:orders"));
        assertThat(legacyToken.getScopes()).containsExactly("read:orders");
        assertThat(tenant.sim.grantedScopes(legacy.clientId(), TenantFixture.API)).contains(Collections.singletonList("read:orders"));
    }

    @Test
    void scopesOutsideThePolicyAreRefusedWith400NamingThem() throws Exception {
        int clientsBefore = tenant.sim.clients().size();
        APIManagementException e = refused(() -> km.createApplication(TenantFixture.appRequest("admin", "Bad", "PRODUCTION",
                null, "client_credentials", null, "default read:orders drop:tables")));
        assertThat(e.getMessage()).contains("\"drop:tables\"").doesNotContain("\"read:orders\"").doesNotContain("\"default\"");
        assertThat(KeyManagerError.statusOf(e)).isEqualTo(400);
        assertThat(e.getErrorHandler().getErrorDescription()).isEqualTo(e.getMessage());
        assertThat(tenant.sim.clients()).hasSize(clientsBefore);
    }

    @Test
    void everyAuth0GrantTypeIsPassedToAuth0AndOnlyTokenTimeRefusesOthers() throws Exception {
        // TokenManager.jsx preselects every grant type the admin configured except code and implicit
        List<String> all = ApplicationFields.AUTH0_GRANT_TYPES.stream()
                .filter(g -> !g.equals("authorization_code") && !g.equals("implicit")).collect(Collectors.toList());
        OAuthApplicationInfo created = km.createApplication(TenantFixture.appRequest("admin", "AllGrants", "PRODUCTION",
                "{\"app_type\":\"regular_web\"}", String.join(",", all), null, "default"));
        List<String> stored = textList(tenant.sim.client(created.getClientId()).get().get("grant_types"));
        assertThat(stored).containsExactlyInAnyOrderElementsOf(all);

        AccessTokenRequest password = renewAccessToken(created.getClientId(), created.getClientSecret());
        password.setGrantType("password");
        APIManagementException e = refused(() -> km.getNewApplicationAccessToken(password));
        assertThat(e.getMessage()).contains("client_credentials").contains("password");
        assertThat(KeyManagerError.statusOf(e)).isEqualTo(400);

        APIManagementException unknown = refused(() -> km.createApplication(TenantFixture.appRequest("admin", "Saml",
                "PRODUCTION", null, "client_credentials,urn:ietf:params:oauth:grant-type:saml2-bearer", null, null)));
        assertThat(unknown.getMessage()).contains("urn:ietf:params:oauth:grant-type:saml2-bearer");
        assertThat(KeyManagerError.statusOf(unknown)).isEqualTo(400);
    }

    private static List<String> textList(JsonNode arr) {
        List<String> out = new java.util.ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void ownerChangeOfALegacyApplicationUsesTheNewOwnerFromTheInfo() throws Exception {
        // APIConsumerImpl.updateApplicationOwner: retrieveApplication, then the Auth0 name as client name,
        // setAppOwner(newOwner), and the OLD owner as second argument
        OAuthApplicationInfo retrieved = km.retrieveApplication(legacy.clientId());
        OAuthApplicationInfo info = new OAuthApplicationInfo();
        info.setClientName(String.valueOf(retrieved.getParameter("client_name")));
        info.setCallBackURL(retrieved.getCallBackURL());
        info.addParameter("tokenScope", null);
        info.setAppOwner("carol");
        info.setClientId(legacy.clientId());
        OAuthAppRequest request = new OAuthAppRequest();
        request.setOAuthApplicationInfo(info);
        km.updateApplicationOwner(request, "admin");
        JsonNode app = tenant.sim.client(legacy.clientId()).get();
        assertThat(app.get("client_metadata").get("apim_owner").asText()).isEqualTo("carol");
        assertThat(app.get("client_metadata").get("apim_application").asText()).isEqualTo("LegacyApp");
        assertThat(app.get("name").asText()).isEqualTo(ApplicationNames.name("carbon.super", "carol", "LegacyApp", "PRODUCTION"));
        assertThat(tenant.sim.grantsOf(legacy.clientId())).hasSize(1);
    }

    @Test
    void aCreateWhoseAnswerIsLostLeavesExactlyOneAuth0Application() throws Exception {
        int before = tenant.sim.clients().size();
        // Auth0 creates the application but answers after the key manager's read timeout (3000 ms)
        tenant.sim.replyLateNext("POST", "/api/v2/clients", 4000, 1);
        OAuthApplicationInfo created = km.createApplication(TenantFixture.appRequest("admin", "Slow", "PRODUCTION",
                null, "client_credentials", null, "default"));
        assertThat(tenant.sim.clients()).hasSize(before + 1);
        assertThat(tenant.sim.requests("POST", "/api/v2/clients")).isEqualTo(1);
        assertThat(created.getClientSecret()).isEqualTo(tenant.sim.client(created.getClientId()).get().get("client_secret").asText());
        assertThat(tenant.sim.grantsOf(created.getClientId())).hasSize(1);
    }

    @Test
    void getUserClaimsReadsTheTokenUnderApimsKey() throws Exception {
        // JWTGenerator.populateCustomClaims puts APIConstants.KeyManager.ACCESS_TOKEN = "accessToken"
        String token = tenant.sim.mintToken(tenant.sim.m2mClaims("c1", TenantFixture.API, "read:orders"));
        Map<String, Object> properties = new HashMap<>();
        properties.put("accessToken", token);
        properties.put("dialectURI", "http://wso2.org/claims");
        assertThat(km.getUserClaims("c1@clients", properties)).containsEntry("azp", "c1").containsEntry("scope", "read:orders");
    }

    @Test
    void settingsThatCannotBeUsedFallBackWithOneWarningNamingTheField() throws Exception {
        Object[][] fallbacks = {
                {"connect_timeout_ms", "5s"}, {"read_timeout_ms", "-5"}, {"scope_sync", "maybe"},
                {"token_endpoint", "not a url"}, {"jwks_endpoint", "ftp://x/"},
                {"allowed_api_audiences", "urn:a, *"}, {"allowed_api_audiences", "https://api.example.com/*"},
                {"allowed_api_audiences", tenant.sim.managementAudience()},
        };
        for (Object[] f : fallbacks) {
            KeyManagerConfiguration c = tenant.configuration();
            c.addParameter((String) f[0], f[1]);
            try (LogCapture logs = new LogCapture()) {
                Auth0KeyManager loaded = TenantFixture.keyManager(c);
                assertThat(loaded.getAllScopes()).as(f[0] + "=" + f[1]).containsKey("read:orders");
                List<String> warnings = logs.lines().stream().filter(l -> l.contains((String) f[0]) && !l.contains("\" loaded:"))
                        .collect(Collectors.toList());
                assertThat(warnings).as(f[0] + "=" + f[1] + " in " + logs.lines()).hasSize(1);
            }
        }
        Auth0KeyManagerSettings s = Auth0KeyManagerSettings.from(withParam("connect_timeout_ms", "5s"));
        assertThat(s.connectTimeoutMillis).isEqualTo(Auth0KeyManagerConstants.DEFAULT_CONNECT_TIMEOUT_MS);
        assertThat(Auth0KeyManagerSettings.from(withParam("allowed_api_audiences", "urn:a, *")).anyAudienceAllowed).isFalse();
        assertThat(Auth0KeyManagerSettings.from(withParam("token_endpoint", "not a url")).tokenEndpoint)
                .isEqualTo(tenant.sim.tokenEndpoint());
    }

    private KeyManagerConfiguration withParam(String key, Object value) {
        KeyManagerConfiguration c = tenant.configuration();
        c.addParameter(key, value);
        return c;
    }

    @Test
    void issuersAuth0NeverSendsAreCorrectedWithOneWarning() throws Exception {
        String[][] cases = {
                {"https://tenant.example.com", "https://tenant.example.com/"},
                {"http://tenant.example.com/", "https://tenant.example.com/"},
                {"tenant.example.com", "https://tenant.example.com/"},
                {"https://tenant.example.com/", "https://tenant.example.com/"},
        };
        for (String[] c : cases) {
            try (LogCapture logs = new LogCapture()) {
                Auth0KeyManagerSettings s = Auth0KeyManagerSettings.from(withParam("issuer", c[0]));
                assertThat(s.issuer).as(c[0]).isEqualTo(c[1]);
                assertThat(s.acceptedIssuers).containsExactly(c[1]);
                long warnings = logs.lines().stream().filter(l -> l.contains("issuer \"")).count();
                assertThat(warnings).as(c[0]).isEqualTo(c[0].equals(c[1]) ? 0 : 1);
            }
        }
        // loopback http (a local tenant simulator) is kept
        assertThat(Auth0KeyManagerSettings.from(tenant.configuration()).issuer).isEqualTo(tenant.sim.issuer());
        // and a corrected issuer validates genuine tokens
        KeyManagerConfiguration c = tenant.configuration();
        c.addParameter("issuer", tenant.sim.issuer().substring(0, tenant.sim.issuer().length() - 1));
        Auth0KeyManager corrected = TenantFixture.keyManager(c);
        assertThat(corrected.getTokenMetaData(tenant.sim.mintToken(tenant.sim.m2mClaims("c", TenantFixture.API))).isTokenValid()).isTrue();
    }

    @Test
    void theWellKnownDocumentIsFetchedOnlyWhenAnEndpointIsMissing() throws Exception {
        Discovery.clear();
        KeyManagerConfiguration c = tenant.configuration();
        c.addParameter("well_known_endpoint", tenant.sim.wellKnownUri());
        tenant.sim.resetCounters();
        TenantFixture.keyManager(c);
        assertThat(tenant.sim.requests("GET", "/.well-known/openid-configuration")).isZero();
        c.getConfiguration().remove("token_endpoint");
        Auth0KeyManager discovered = TenantFixture.keyManager(c);
        assertThat(tenant.sim.requests("GET", "/.well-known/openid-configuration")).isEqualTo(1);
        // KeyManagerHolder.addKeyManagerConfiguration: a new instance per load (the first request of a tenant, every
        // update); the node reads the document once
        Auth0KeyManager reloaded = TenantFixture.keyManager(c);
        assertThat(tenant.sim.requests("GET", "/.well-known/openid-configuration")).isEqualTo(1);
        assertThat(reloaded.getNewApplicationAccessToken(renewAccessToken(legacy.clientId(), legacy.clientSecret()))
                .isTokenValid()).isTrue();
        assertThat(discovered.getKeyManagerConfiguration()).isSameAs(c);
    }

    @Test
    void aWellKnownDocumentThatCannotBeReadIsTriedOncePerFailurePeriodNotOnEveryLoad() throws Exception {
        Discovery.clear();
        KeyManagerConfiguration c = tenant.configuration();
        c.addParameter("well_known_endpoint", tenant.sim.wellKnownUri());
        c.getConfiguration().remove("token_endpoint");
        tenant.sim.failNext("GET", "/.well-known/openid-configuration", 503, 5);
        tenant.sim.resetCounters();
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 3; i++) {
                Auth0KeyManager km3 = TenantFixture.keyManager(c);
                // the derived token endpoint (the tenant's /oauth/token) works meanwhile
                assertThat(km3.getNewApplicationAccessToken(renewAccessToken(legacy.clientId(), legacy.clientSecret()))
                        .isTokenValid()).isTrue();
            }
            assertThat(tenant.sim.requests("GET", "/.well-known/openid-configuration")).isEqualTo(1);
            assertThat(logs.lines().stream().filter(l -> l.contains("well_known_endpoint could not be read"))).hasSize(1);
        }
    }

    @Test
    void refusalsCarryA4xxErrorHandlerWithTheMessage() throws Exception {
        // apimgt's GlobalThrowableMapper answers with the lowest status of the ErrorHandlers in the cause chain:
        // wrapped by APIUtil.handleException (INTERNAL_ERROR, 500), ours still decides
        APIManagementException ours = refused(() -> km.createApplication(TenantFixture.appRequest("admin", "x", "PRODUCTION",
                "{\"app_type\":\"toaster\"}", null, null, null)));
        APIManagementException wrapped = new APIManagementException("Error occurred while executing SubscriberKeyMgtClient.", ours);
        assertThat(lowestStatus(wrapped)).isEqualTo(400);
        assertThat(ours.getErrorHandler().getErrorMessage()).contains("app_type").contains("toaster");

        AccessTokenRequest wrongSecret = renewAccessToken(legacy.clientId(), "not-the-secret");
        APIManagementException denied = refused(() -> km.getNewApplicationAccessToken(wrongSecret));
        assertThat(KeyManagerError.statusOf(denied)).isEqualTo(400); // never 401: the portal would log the user out
        assertThat(denied.getMessage()).contains("access_denied").doesNotContain("not-the-secret");

        APIManagementException missing = refused(() -> km.retrieveApplication("no-such-client"));
        assertThat(KeyManagerError.statusOf(missing)).isEqualTo(404);
    }

    private static int lowestStatus(Throwable e) {
        int lowest = Integer.MAX_VALUE;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof APIManagementException && ((APIManagementException) t).getErrorHandler() != null) {
                int s = ((APIManagementException) t).getErrorHandler().getHttpStatusCode();
                if (s > 0 && s < lowest) {
                    lowest = s;
                }
            }
        }
        return lowest;
    }

    @Test
    void generateAndMapResponsesCarryTheCallbackUrl() throws Exception {
        OAuthApplicationInfo created = km.createApplication(TenantFixture.appRequest("admin", "Web", "PRODUCTION",
                "{\"app_type\":\"regular_web\"}", "client_credentials,authorization_code", "https://app.example.com/cb", "default"));
        assertThat(created.getCallBackURL()).isEqualTo("https://app.example.com/cb");
        assertThat(keyDetailsAsThePortalReadsThem(created.getJsonString()))
                .containsEntry("callbackUrl", "https://app.example.com/cb")
                .containsEntry("supportedGrantTypes", Arrays.asList("client_credentials", "authorization_code"));

        // Map Keys on a node that never saw the application: APIConsumerImpl.mapExistingOAuthClient builds the
        // request with ApplicationUtils.createOauthAppRequest(appName, clientId, callBackURL = null, "default", json,
        // ...), calls mapOAuthApplication and puts oAuthApplication.getJsonString() into keyDetails (appDetails)
        Auth0KeyManager otherNode = tenant.keyManager();
        OAuthApplicationInfo info = new OAuthApplicationInfo();
        info.setClientName("MappedWeb");
        info.setCallBackURL(null);
        info.addParameter("tokenScope", "default");
        info.setClientId(created.getClientId());
        info = otherNode.buildFromJSON(info, "{\"key_type\":\"PRODUCTION\",\"client_secret\":\"" + created.getClientSecret() + "\"}");
        OAuthAppRequest request = new OAuthAppRequest();
        request.setOAuthApplicationInfo(info);
        OAuthApplicationInfo mapped = otherNode.mapOAuthApplication(request);
        Map<String, Object> dto = keyDetailsAsThePortalReadsThem(mapped.getJsonString());
        assertThat(dto).containsEntry("callbackUrl", "https://app.example.com/cb")
                .containsEntry("supportedGrantTypes", Arrays.asList("client_credentials", "authorization_code"));
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) dto.get("additionalProperties");
        assertThat(props).containsEntry("app_type", "regular_web").containsEntry("audience_of_api", TenantFixture.API);
        assertThat(mapped.getParameter("client_secret")).isEqualTo(created.getClientSecret());
    }

    /**
     * The store REST API's ApplicationKeyMappingUtil.fromApplicationKeyToDTO(keyDetails, keyType): appDetails parsed
     * with json-simple, grant_types split at spaces, the callback from redirect_uris, additionalProperties as an object.
     */
    private static Map<String, Object> keyDetailsAsThePortalReadsThem(String appDetails) throws Exception {
        org.json.simple.JSONObject json = (org.json.simple.JSONObject) new org.json.simple.parser.JSONParser().parse(appDetails);
        Map<String, Object> dto = new HashMap<>();
        String grants = (String) json.get("grant_types");
        if (grants != null) {
            dto.put("supportedGrantTypes", Arrays.asList(grants.split(" ")));
        }
        dto.put("callbackUrl", (String) json.get("redirect_uris"));
        Object props = json.get("additionalProperties");
        if (props instanceof org.json.simple.JSONObject) {
            dto.put("additionalProperties", new HashMap<String, Object>((Map<String, Object>) props));
        }
        return dto;
    }

    @Test
    void replacedInstancesAreClosed() throws Exception {
        Auth0KeyManager first = tenant.keyManager();
        first.retrieveApplication(legacy.clientId());
        Auth0KeyManager second = tenant.keyManager(); // KeyManagerHolder: a new instance per load, same name
        java.io.Closeable replaced = ReplacedInstances.replace("carbon.super", "Auth0KM", second, 0);
        assertThat(replaced).isNull(); // second registered itself on load already
        Auth0KeyManager third = new Auth0KeyManager();
        third.setTenantDomain("carbon.super");
        third.loadConfiguration(tenant.configuration());
        assertThat(ReplacedInstances.replace("carbon.super", "Auth0KM", third, 0)).isNull();
        // a fourth load with no grace closes the third at once: its pool is gone
        java.io.Closeable closed = ReplacedInstances.replace("carbon.super", "Auth0KM", first, 0);
        assertThat(closed).isSameAs(third);
        APIManagementException e = refused(() -> third.retrieveApplication(legacy.clientId()));
        assertThat(e.getMessage()).contains("failed");
        assertThat(second.retrieveApplication(legacy.clientId()).getClientId()).isEqualTo(legacy.clientId());
    }
}
