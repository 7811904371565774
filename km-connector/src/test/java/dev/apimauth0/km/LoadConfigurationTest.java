package dev.apimauth0.km;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** loadConfiguration: every field checked up front, endpoints derived or discovered (simulated tenant). */
class LoadConfigurationTest {

    private TenantFixture tenant;

    @BeforeEach
    void setUp() {
        tenant = new TenantFixture();
    }

    @AfterEach
    void tearDown() {
        tenant.close();
    }

    private String loadFails(KeyManagerConfiguration c) {
        APIManagementException e = catchThrowableOfType(() -> TenantFixture.keyManager(c), APIManagementException.class);
        assertThat(e).as("loadConfiguration should refuse this configuration").isNotNull();
        assertThat(e.getMessage()).doesNotContain(tenant.mgmt.clientSecret());
        return e.getMessage();
    }

    /** Only the three stock connection fields, as key managers created with the stock connector store them. */
    private KeyManagerConfiguration minimal() {
        KeyManagerConfiguration c = new KeyManagerConfiguration();
        c.setName("Stock");
        c.setType("Auth0");
        c.addParameter("client_id", tenant.mgmt.clientId());
        c.addParameter("client_secret", tenant.mgmt.clientSecret());
        c.addParameter("audience", tenant.sim.managementAudience());
        return c;
    }

    @Test
    void missingAndMalformedFieldsAreNamed() {
        for (String field : new String[]{"client_id", "client_secret", "audience"}) {
            KeyManagerConfiguration c = tenant.configuration();
            c.getConfiguration().remove(field);
            assertThat(loadFails(c)).contains(field + " is required").contains("Auth0KM");
        }
        KeyManagerConfiguration blank = tenant.configuration();
        blank.addParameter("client_id", "   ");
        assertThat(loadFails(blank)).contains("client_id is required");

        // only what makes the key manager unusable fails the load (APIM then drops it silently: KeyManagerHolder)
        Object[][] fatal = {
                {"audience", "ftp://tenant/api/v2/"}, {"audience", "https://tenant/other"}, {"client_id", "a b"},
        };
        for (Object[] b : fatal) {
            KeyManagerConfiguration c = tenant.configuration();
            c.addParameter((String) b[0], b[1]);
            assertThat(loadFails(c)).as(b[0] + "=" + b[1]).contains((String) b[0]);
        }
    }

    @Test
    void stockConfigurationWorksWithDefaultsAndDerivedEndpoints() throws Exception {
        KeyManagerConfiguration c = minimal();
        Auth0KeyManager km = TenantFixture.keyManager(c);
        Auth0KeyManagerSettings s = Auth0KeyManagerSettings.from(c);
        assertThat(s.tokenEndpoint).isEqualTo(tenant.sim.tokenEndpoint());
        assertThat(s.issuer).isEqualTo(tenant.sim.issuer());
        assertThat(s.jwksUri).isEqualTo(tenant.sim.jwksUri());
        assertThat(s.connectTimeoutMillis).isEqualTo(5000);
        assertThat(s.readTimeoutMillis).isEqualTo(10000);
        assertThat(s.scopeSync).isTrue();
        assertThat(s.syncScopes()).isFalse(); // no api_audience: nothing to sync to
        assertThat(km.getKeyManagerConfiguration()).isSameAs(c);
        assertThat(km.getType()).isEqualTo("Auth0");

        // with neither api_audience nor allowed_api_audiences no API may be granted: fail closed, nothing written
        int clientsBefore = tenant.sim.clients().size();
        assertThat(catchThrowableOfType(() -> km.createApplication(TenantFixture.appRequest("admin", "a", "PRODUCTION",
                "{\"audience_of_api\":\"" + TenantFixture.API + "\"}", null, null, "read:orders")),
                org.wso2.carbon.apimgt.api.APIManagementException.class).getMessage())
                .contains("audience_of_api").contains("allowed_api_audiences");
        assertThat(tenant.sim.clients()).hasSize(clientsBefore);

        // an application naming an API the operator allowed works without a default audience
        c.addParameter("allowed_api_audiences", TenantFixture.API);
        Auth0KeyManager allowing = TenantFixture.keyManager(c);
        OAuthApplicationInfo app = allowing.createApplication(TenantFixture.appRequest("admin", "a", "PRODUCTION",
                "{\"audience_of_api\":\"" + TenantFixture.API + "\"}", null, null, "read:orders"));
        assertThat(tenant.sim.grantedScopes(app.getClientId(), TenantFixture.API)).isPresent();
    }

    @Test
    void trailingSlashesAndBareHostsAreTolerated() throws Exception {
        KeyManagerConfiguration c = minimal();
        String withoutSlash = tenant.sim.managementAudience().substring(0, tenant.sim.managementAudience().length() - 1);
        c.addParameter("audience", withoutSlash);
        c.addParameter("issuer", tenant.sim.issuer().substring(0, tenant.sim.issuer().length() - 1));
        c.addParameter("api_audience", TenantFixture.API);
        Auth0KeyManagerSettings s = Auth0KeyManagerSettings.from(c);
        assertThat(s.managementAudience).isEqualTo(tenant.sim.managementAudience());
        assertThat(s.issuer).isEqualTo(tenant.sim.issuer());
        assertThat(s.acceptedIssuers).contains(tenant.sim.issuer());
        Auth0KeyManager km = TenantFixture.keyManager(c);
        // the Management API token works with the normalised audience
        assertThat(km.getAllScopes()).containsKeys("read:orders", "write:orders");
        assertThat(km.getTokenMetaData(tenant.sim.mintToken(tenant.sim.m2mClaims("c", TenantFixture.API))).isTokenValid()).isTrue();

        KeyManagerConfiguration bare = minimal();
        bare.addParameter("audience", "tenant.example.com/api/v2/");
        assertThat(Auth0KeyManagerSettings.from(bare).managementAudience).isEqualTo("https://tenant.example.com/api/v2/");
        assertThat(Auth0KeyManagerSettings.from(bare).tokenEndpoint).isEqualTo("https://tenant.example.com/oauth/token");
    }

    @Test
    void theWellKnownDocumentIsUsedWhenPresent() throws Exception {
        KeyManagerConfiguration c = minimal();
        c.addParameter("well_known_endpoint", tenant.sim.wellKnownUri());
        c.addParameter("api_audience", TenantFixture.API);
        // a custom domain fronts the tenant: tokens say the custom issuer, endpoints come from discovery
        c.addParameter("audience", "https://tenant.invalid/api/v2/");
        Auth0KeyManagerSettings s = Auth0KeyManagerSettings.from(c);
        assertThat(s.issuer).isEqualTo(tenant.sim.issuer());
        assertThat(s.tokenEndpoint).isEqualTo(tenant.sim.tokenEndpoint());
        assertThat(s.jwksUri).isEqualTo(tenant.sim.jwksUri());
        assertThat(tenant.sim.requests("GET", "/.well-known/openid-configuration")).isEqualTo(1);

        // an unreachable document is not fatal when the endpoints can be derived
        tenant.sim.failNext("GET", "/.well-known/openid-configuration", 503, 1);
        KeyManagerConfiguration fallback = minimal();
        fallback.addParameter("well_known_endpoint", tenant.sim.wellKnownUri());
        assertThat(Auth0KeyManagerSettings.from(fallback).tokenEndpoint).isEqualTo(tenant.sim.tokenEndpoint());
    }

    @Test
    void explicitEndpointsWinAndJwksComesFromTheCertificateField() throws Exception {
        KeyManagerConfiguration c = minimal();
        c.addParameter("certificate_type", "JWKS");
        c.addParameter("certificate_value", tenant.sim.jwksUri());
        c.addParameter("token_endpoint", tenant.sim.tokenEndpoint());
        c.addParameter("api_audience", TenantFixture.API);
        c.addParameter("scope_sync", "FALSE");
        Auth0KeyManagerSettings s = Auth0KeyManagerSettings.from(c);
        assertThat(s.jwksUri).isEqualTo(tenant.sim.jwksUri());
        assertThat(s.scopeSync).isFalse();
    }

    @Test
    void reloadingReplacesTheClientAndTheGuard() throws Exception {
        Auth0KeyManager km = tenant.keyManager();
        String token = tenant.sim.mintToken(tenant.sim.m2mClaims("c", TenantFixture.API));
        assertThat(km.getTokenMetaData(token).isTokenValid()).isTrue();
        tenant.sim.createResourceServer("urn:second", "s");
        KeyManagerConfiguration c = tenant.configuration();
        c.addParameter("api_audience", "urn:second");
        km.loadConfiguration(c);
        AccessTokenInfo info = km.getTokenMetaData(token);
        assertThat(info.isTokenValid()).isFalse();
        assertThat(info.getParameter(Auth0KeyManagerConstants.TOKEN_INFO_REASON)).isEqualTo("audience_mismatch");
        Map<String, ?> scopes = km.getAllScopes();
        assertThat(scopes.keySet()).containsExactly("s");
    }
}
