package dev.apimauth0.km;

import com.fasterxml.jackson.databind.JsonNode;
import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.OAuthAppRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Which Auth0 APIs a Developer Portal application may be granted (allowed_api_audiences), against the Auth0 tenant
 * simulator: the key manager grants with its own create:client_grants, so every other API of the tenant, internal
 * ones included, is refused unless the operator allowed it, and nothing is written to Auth0 for a refused request.
 */
class AllowedApiAudiencesTest {

    /** An API of the same tenant that APIM does not expose. */
    private static final String INTERNAL = "https://internal.example.com/payroll";
    private static final String BILLING = "urn:billing";

    private TenantFixture tenant;

    @BeforeEach
    void setUp() {
        tenant = new TenantFixture();
        tenant.sim.createResourceServer(INTERNAL, "payroll:read", "payroll:admin");
        tenant.sim.createResourceServer(BILLING, "bill");
    }

    @AfterEach
    void tearDown() {
        tenant.close();
    }

    private static OAuthAppRequest request(String app, String audience, String scopes) {
        return TenantFixture.appRequest("dev", app, "PRODUCTION",
                "{\"app_type\":\"non_interactive\"" + (audience == null ? "" : ",\"audience_of_api\":\"" + audience + "\"") + "}",
                "client_credentials", null, scopes);
    }

    private APIManagementException refused(ThrowingCallable call) {
        APIManagementException e = catchThrowableOfType(call, APIManagementException.class);
        assertThat(e).as("expected the request to be refused").isNotNull();
        assertThat(e.getMessage()).doesNotContain(tenant.mgmt.clientSecret());
        return e;
    }

    /** Nothing in Auth0 changed and the Management API was not even called. */
    private void assertNothingWritten(int clientsBefore, List<JsonNode> grantsBefore) {
        assertThat(tenant.sim.clients()).hasSize(clientsBefore);
        assertThat(tenant.sim.grants()).isEqualTo(grantsBefore);
        assertThat(tenant.sim.requests("POST", "/api/v2/")).isZero();
        assertThat(tenant.sim.requests("PATCH", "/api/v2/")).isZero();
        assertThat(tenant.sim.requests("DELETE", "/api/v2/")).isZero();
    }

    private List<String> grantAudiences(String clientId) {
        return tenant.sim.grantsOf(clientId).stream().map(g -> g.get("audience").asText()).collect(Collectors.toList());
    }

    @Test
    void byDefaultOnlyTheDefaultApiAudienceMayBeGranted() throws Exception {
        Auth0KeyManager km = tenant.keyManager(); // no allowed_api_audiences, as in key managers saved before it existed

        OAuthApplicationInfo implicit = km.createApplication(request("implicit", null, "read:orders"));
        OAuthApplicationInfo named = km.createApplication(request("named", TenantFixture.API, "read:orders"));
        assertThat(grantAudiences(implicit.getClientId())).containsExactly(TenantFixture.API);
        assertThat(grantAudiences(named.getClientId())).containsExactly(TenantFixture.API);

        int clientsBefore = tenant.sim.clients().size();
        List<JsonNode> grantsBefore = tenant.sim.grants();
        tenant.sim.resetCounters();
        for (String other : new String[]{INTERNAL, BILLING, TenantFixture.API + "/", TenantFixture.API.toUpperCase()}) {
            APIManagementException e = refused(() -> km.createApplication(request("sneaky", other, "payroll:admin")));
            assertThat(e.getMessage()).as(other).contains("audience_of_api").contains(other)
                    .contains("allowed_api_audiences").contains("not an API this key manager may grant");
        }
        assertNothingWritten(clientsBefore, grantsBefore);
        assertThat(tenant.sim.grants().stream().map(g -> g.get("audience").asText())).doesNotContain(INTERNAL, BILLING);
    }

    @Test
    void anExplicitListAllowsTheListedApisAndTheDefaultOneOnly() throws Exception {
        Auth0KeyManager km = tenant.keyManagerAllowing(" " + BILLING + " ,https://reports.example.com/api ");
        tenant.sim.createResourceServer("https://reports.example.com/api", "r:read");

        OAuthApplicationInfo billing = km.createApplication(request("billing", BILLING, "bill"));
        assertThat(tenant.sim.grantedScopes(billing.getClientId(), BILLING)).contains(Arrays.asList("bill"));
        OAuthApplicationInfo reports = km.createApplication(request("reports", "https://reports.example.com/api", "r:read"));
        assertThat(tenant.sim.grantedScopes(reports.getClientId(), "https://reports.example.com/api")).contains(Arrays.asList("r:read"));
        OAuthApplicationInfo orders = km.createApplication(request("orders", null, "read:orders"));
        assertThat(grantAudiences(orders.getClientId())).containsExactly(TenantFixture.API);

        int clientsBefore = tenant.sim.clients().size();
        List<JsonNode> grantsBefore = tenant.sim.grants();
        tenant.sim.resetCounters();
        APIManagementException e = refused(() -> km.createApplication(request("internal", INTERNAL, "payroll:read")));
        assertThat(e.getMessage()).contains("audience_of_api").contains(INTERNAL).contains("allowed_api_audiences")
                .contains(BILLING);
        assertNothingWritten(clientsBefore, grantsBefore);
    }

    @Test
    void aStarAllowsAnyApiButNeverTheManagementApi() throws Exception {
        // the contrast: without the opt-in the internal API is refused
        int clientsAtStart = tenant.sim.clients().size();
        refused(() -> tenant.keyManager().createApplication(request("internal", INTERNAL, "payroll:read")));
        assertThat(tenant.sim.clients()).hasSize(clientsAtStart);

        Auth0KeyManager km = tenant.keyManagerAllowing("*");

        OAuthApplicationInfo internal = km.createApplication(request("internal", INTERNAL, "payroll:read"));
        assertThat(tenant.sim.grantedScopes(internal.getClientId(), INTERNAL)).contains(Arrays.asList("payroll:read"));
        OAuthApplicationInfo billing = km.createApplication(request("billing", BILLING, "bill"));
        assertThat(grantAudiences(billing.getClientId())).containsExactly(BILLING);

        int clientsBefore = tenant.sim.clients().size();
        List<JsonNode> grantsBefore = tenant.sim.grants();
        tenant.sim.resetCounters();
        String mgmt = tenant.sim.managementAudience();
        for (String audience : new String[]{mgmt, mgmt.substring(0, mgmt.length() - 1), mgmt.toUpperCase()}) {
            APIManagementException e = refused(() -> km.createApplication(request("admin", audience, "read:client_keys")));
            assertThat(e.getMessage()).as(audience).contains("audience_of_api").contains("Management API");
        }
        assertNothingWritten(clientsBefore, grantsBefore);
    }

    @Test
    void updatingToADisallowedAudienceIsRefusedAndTheGrantIsUntouched() throws Exception {
        Auth0KeyManager km = tenant.keyManager();
        OAuthApplicationInfo created = km.createApplication(request("moving", null, "read:orders"));
        JsonNode appBefore = tenant.sim.client(created.getClientId()).get();
        List<JsonNode> grantsBefore = tenant.sim.grants();
        tenant.sim.resetCounters();

        OAuthAppRequest move = request("moving", INTERNAL, "payroll:admin");
        move.getOAuthApplicationInfo().setClientId(created.getClientId());
        APIManagementException e = refused(() -> km.updateApplication(move));
        assertThat(e.getMessage()).contains("audience_of_api").contains(INTERNAL).contains("allowed_api_audiences");

        assertThat(tenant.sim.grants()).isEqualTo(grantsBefore);
        assertThat(tenant.sim.grantedScopes(created.getClientId(), TenantFixture.API)).contains(Arrays.asList("read:orders"));
        assertThat(tenant.sim.grantedScopes(created.getClientId(), INTERNAL)).isEmpty();
        assertThat(tenant.sim.client(created.getClientId()).get()).isEqualTo(appBefore);
        assertThat(tenant.sim.requests("PATCH", "/api/v2/")).isZero();
        assertThat(tenant.sim.requests("POST", "/api/v2/")).isZero();
        assertThat(tenant.sim.requests("DELETE", "/api/v2/")).isZero();
    }

    @Test
    void anApplicationGrantedAnApiThatIsNoLongerAllowedCannotHaveItsGrantRewritten() throws Exception {
        OAuthApplicationInfo created = tenant.keyManagerAllowing("*").createApplication(request("old", INTERNAL, "payroll:read"));
        List<JsonNode> grantsBefore = tenant.sim.grants();

        // the operator narrows the key manager to another API (and no default): an update that keeps the stored
        // audience, which would rewrite its grant, is refused
        org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration c = tenant.configuration();
        c.getConfiguration().remove("api_audience");
        c.addParameter("allowed_api_audiences", BILLING);
        Auth0KeyManager narrowed = TenantFixture.keyManager(c);
        OAuthAppRequest widen = request("old", null, "payroll:read payroll:admin");
        widen.getOAuthApplicationInfo().setClientId(created.getClientId());
        assertThat(refused(() -> narrowed.updateApplication(widen)).getMessage()).contains(INTERNAL).contains("allowed_api_audiences");
        assertThat(tenant.sim.grants()).isEqualTo(grantsBefore);
        assertThat(tenant.sim.grantedScopes(created.getClientId(), INTERNAL)).contains(Arrays.asList("payroll:read"));
    }

    @Test
    void tokensFollowTheGrantsAuth0HoldsButNeverTheManagementApi() throws Exception {
        // an application that Auth0 itself granted the internal API (e.g. by hand in the dashboard, or by an
        // older key manager): a token request writes nothing, so the allow-list does not apply and it keeps working
        Auth0TenantSimulator.Credentials app = tenant.sim.createM2MApplication("granted-by-hand");
        tenant.sim.grant(app.clientId(), TenantFixture.API, "read:orders");
        tenant.sim.grant(app.clientId(), INTERNAL, "payroll:admin");
        tenant.sim.grant(app.clientId(), tenant.sim.managementAudience(), "read:clients");
        Auth0KeyManager km = tenant.keyManager();

        AccessTokenRequest held = new AccessTokenRequest();
        held.setClientId(app.clientId());
        held.setClientSecret(app.clientSecret());
        held.addRequestParam("audience_of_api", INTERNAL);
        assertThat(km.getNewApplicationAccessToken(held).getScopes()).containsExactly("payroll:admin");

        AccessTokenRequest admin = new AccessTokenRequest();
        admin.setClientId(app.clientId());
        admin.setClientSecret(app.clientSecret());
        admin.addRequestParam("audience_of_api", tenant.sim.managementAudience());
        int tokensBefore = tenant.sim.tokenRequests();
        APIManagementException e = refused(() -> km.getNewApplicationAccessToken(admin));
        assertThat(e.getMessage()).contains("audience_of_api").contains("Management API");
        assertThat(tenant.sim.tokenRequests()).isEqualTo(tokensBefore);

        // its allowed audience still works
        AccessTokenRequest allowed = new AccessTokenRequest();
        allowed.setClientId(app.clientId());
        allowed.setClientSecret(app.clientSecret());
        allowed.addRequestParam("audience_of_api", TenantFixture.API);
        assertThat(km.getNewApplicationAccessToken(allowed).getScopes()).containsExactly("read:orders");
    }

    @Test
    void mappingKeysForADisallowedAudienceIsRefused() throws Exception {
        Auth0TenantSimulator.Credentials app = tenant.sim.createM2MApplication("existing");
        Auth0KeyManager km = tenant.keyManager();
        OAuthAppRequest map = TenantFixture.appRequest("bob", "mapped", "PRODUCTION",
                "{\"audience_of_api\":\"" + INTERNAL + "\"}", null, null, null);
        map.getOAuthApplicationInfo().setClientId(app.clientId());
        map.getOAuthApplicationInfo().setClientSecret(app.clientSecret());
        assertThat(refused(() -> km.mapOAuthApplication(map)).getMessage()).contains("audience_of_api").contains(INTERNAL);

        tenant.sim.grant(app.clientId(), TenantFixture.API, "read:orders");
        OAuthAppRequest mapDefault = TenantFixture.appRequest("bob", "mapped", "PRODUCTION", null, null, null, null);
        mapDefault.getOAuthApplicationInfo().setClientId(app.clientId());
        mapDefault.getOAuthApplicationInfo().setClientSecret(app.clientSecret());
        assertThat(km.mapOAuthApplication(mapDefault).getClientId()).isEqualTo(app.clientId());
    }
}
