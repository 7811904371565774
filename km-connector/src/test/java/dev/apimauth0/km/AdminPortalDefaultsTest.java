package dev.apimauth0.km;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;
import org.wso2.carbon.apimgt.api.model.Scope;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A key manager saved in the real 4.0.0 Admin Portal with only the required connector fields filled in: the portal
 * shows the other fields empty and POSTs additionalProperties with just the keys filled in (or, for a field an admin
 * cleared, the key with an empty value); APIAdminImpl.validateKeyManagerConfiguration (9.0.174) adds the connector's
 * default claims; Import fills the endpoints. Every default the labels and the README promise is in effect.
 */
class AdminPortalDefaultsTest {

    private static final String[] OPTIONAL_FIELDS = {"api_audience", "allowed_api_audiences", "connect_timeout_ms",
            "read_timeout_ms", "scope_sync"};

    private TenantFixture tenant;

    @BeforeEach
    void setUp() {
        tenant = new TenantFixture();
    }

    @AfterEach
    void tearDown() {
        tenant.close();
    }

    /** The three required fields; the optional ones absent, or present and empty. */
    private KeyManagerConfiguration asSaved(boolean optionalKeysEmpty, String apiAudience) {
        KeyManagerConfiguration c = new KeyManagerConfiguration();
        c.setName("FromThePortal");
        c.setType("Auth0");
        c.setTenantDomain("carbon.super");
        c.setEnabled(true);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("client_id", tenant.mgmt.clientId());
        p.put("client_secret", tenant.mgmt.clientSecret());
        p.put("audience", tenant.sim.managementAudience());
        if (optionalKeysEmpty) {
            for (String f : OPTIONAL_FIELDS) {
                p.put(f, "");
            }
        }
        if (apiAudience != null) {
            p.put("api_audience", apiAudience);
        }
        // APIAdminImpl: getDefaultConsumerKeyClaim / getDefaultScopesClaim when the admin left them out
        p.put("consumer_key_claim", "azp");
        p.put("scopes_claim", "scope");
        // Import from the well-known URL
        p.put("well_known_endpoint", tenant.sim.wellKnownUri());
        p.put("issuer", tenant.sim.issuer());
        p.put("token_endpoint", tenant.sim.tokenEndpoint());
        p.put("certificate_type", "JWKS");
        p.put("certificate_value", tenant.sim.jwksUri());
        p.put("grant_types", Arrays.asList("client_credentials"));
        p.put("enable_token_generation", Boolean.TRUE);
        c.setConfiguration(p);
        return c;
    }

    @Test
    void onlyTheRequiredFieldsGiveEveryDocumentedDefault() throws Exception {
        for (boolean empty : new boolean[]{false, true}) {
            Auth0KeyManagerSettings s = Auth0KeyManagerSettings.from(asSaved(empty, null));
            String as = empty ? "keys present and empty" : "keys absent";
            assertThat(s.connectTimeoutMillis).as(as).isEqualTo(5000);
            assertThat(s.readTimeoutMillis).as(as).isEqualTo(10000);
            assertThat(s.scopeSync).as(as).isTrue();
            assertThat(s.allowedAudiences).as(as).isEmpty();
            assertThat(s.anyAudienceAllowed).as(as).isFalse();
            assertThat(s.apiAudience).as(as).isNull();
            assertThat(s.consumerKeyClaim).isEqualTo("azp");
            assertThat(s.scopesClaim).isEqualTo("scope");
            assertThat(s.jwksUri).isEqualTo(tenant.sim.jwksUri());

            // no Default API Audience: nothing to grant by default, said so to the developer
            Auth0KeyManager km = TenantFixture.keyManager(asSaved(empty, null));
            APIManagementException e = catchThrowableOfType(() -> km.createApplication(TenantFixture.appRequest("admin",
                    "App", "PRODUCTION", null, "client_credentials", null, "default")), APIManagementException.class);
            assertThat(e).as(as).isNotNull();
            assertThat(e.getMessage()).contains("audience_of_api is required");
        }
    }

    @Test
    void withTheDefaultApiAudienceAddedTheDefaultsBehaveAsDocumented() throws Exception {
        for (boolean empty : new boolean[]{false, true}) {
            Auth0KeyManager km = TenantFixture.keyManager(asSaved(empty, TenantFixture.API));

            // scope_sync defaults to true: publishing an API writes its scope to the Auth0 API
            Scope scope = new Scope();
            scope.setKey("audit:orders" + empty);
            scope.setName("audit");
            scope.setDescription("Audit orders");
            km.registerScope(scope);
            assertThat(tenant.sim.resourceServerScopes(TenantFixture.API)).contains("audit:orders" + empty);

            // application fields default to a machine-to-machine application with client_secret_post, granted the
            // Default API Audience
            OAuthApplicationInfo created = km.createApplication(TenantFixture.appRequest("admin", "App" + empty,
                    "PRODUCTION", null, "client_credentials", null, "default"));
            JsonNode app = tenant.sim.client(created.getClientId()).get();
            assertThat(app.get("app_type").asText()).isEqualTo("non_interactive");
            assertThat(app.get("token_endpoint_auth_method").asText()).isEqualTo("client_secret_post");
            assertThat(tenant.sim.grantedScopes(created.getClientId(), TenantFixture.API)).contains(Collections.<String>emptyList());

            // allowed_api_audiences defaults to empty: no other API may be granted
            tenant.sim.createResourceServer("urn:other" + empty, "x");
            APIManagementException e = catchThrowableOfType(() -> km.createApplication(TenantFixture.appRequest("admin",
                    "Other" + empty, "PRODUCTION", "{\"audience_of_api\":\"urn:other" + empty + "\"}", "client_credentials",
                    null, "default")), APIManagementException.class);
            assertThat(e).isNotNull();
            assertThat(KeyManagerError.statusOf(e)).isEqualTo(400);
            assertThat(e.getMessage()).contains("allowed_api_audiences");

            // consumer key claim azp, scopes claim scope
            String token = tenant.sim.mintToken(tenant.sim.m2mClaims(created.getClientId(), TenantFixture.API, "read:orders"));
            assertThat(km.getTokenMetaData(token).getConsumerKey()).isEqualTo(created.getClientId());
            assertThat(km.getTokenMetaData(token).getScopes()).containsExactly("read:orders");
        }
    }
}
