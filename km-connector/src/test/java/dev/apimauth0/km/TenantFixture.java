package dev.apimauth0.km;

import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.OAuthAppRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Auth0 tenant simulator (the offline stand-in built from Auth0's documented API shapes) with a default
 * API and a Management API application, plus the key manager configuration the Admin Portal would save.
 */
final class TenantFixture implements AutoCloseable {

    static final String API = "https://api.example.com/orders";

    final Auth0TenantSimulator sim;
    final Auth0TenantSimulator.Credentials mgmt;

    TenantFixture() {
        sim = Auth0TenantSimulator.start();
        sim.createResourceServer(API, "read:orders", "write:orders");
        mgmt = sim.createManagementApplication();
    }

    /** What the Admin Portal stores for an Auth0 key manager (connection fields plus the imported endpoints). */
    KeyManagerConfiguration configuration() {
        KeyManagerConfiguration c = new KeyManagerConfiguration();
        c.setName("Auth0KM");
        c.setType("Auth0");
        c.setTenantDomain("carbon.super");
        c.setEnabled(true);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("client_id", mgmt.clientId());
        p.put("client_secret", mgmt.clientSecret());
        p.put("audience", sim.managementAudience());
        p.put("api_audience", API);
        p.put("connect_timeout_ms", "2000");
        p.put("read_timeout_ms", "3000");
        p.put("scope_sync", "true");
        p.put("issuer", sim.issuer());
        p.put("token_endpoint", sim.tokenEndpoint());
        p.put("jwks_endpoint", sim.jwksUri());
        p.put("certificate_type", "JWKS");
        p.put("certificate_value", sim.jwksUri());
        // the Admin Portal stores its checkboxes as booleans (KeyManagerConfigurationDTO additionalProperties)
        p.put("enable_token_generation", Boolean.TRUE);
        c.setConfiguration(p);
        return c;
    }

    Auth0KeyManager keyManager() throws Exception {
        return keyManager(configuration());
    }

    /** A key manager whose operator set allowed_api_audiences (comma-separated, or "*"). */
    Auth0KeyManager keyManagerAllowing(String allowedApiAudiences) throws Exception {
        KeyManagerConfiguration c = configuration();
        c.addParameter("allowed_api_audiences", allowedApiAudiences);
        return keyManager(c);
    }

    static Auth0KeyManager keyManager(KeyManagerConfiguration c) throws Exception {
        Auth0KeyManager km = new Auth0KeyManager();
        km.setTenantDomain("carbon.super");
        km.loadConfiguration(c);
        return km;
    }

    /** The request APIM builds when a developer generates keys (owner, application, key type, app fields, scopes). */
    static OAuthAppRequest appRequest(String owner, String app, String keyType, String additionalPropertiesJson,
                                      String grantTypes, String callback, Object tokenScope) {
        OAuthApplicationInfo info = new OAuthApplicationInfo();
        info.setClientName(app);
        info.setCallBackURL(callback);
        info.addParameter("username", owner);
        info.addParameter("key_type", keyType);
        if (grantTypes != null) {
            info.addParameter("grant_types", grantTypes);
        }
        if (additionalPropertiesJson != null) {
            info.addParameter("additionalProperties", additionalPropertiesJson);
        }
        if (tokenScope != null) {
            info.addParameter("tokenScope", tokenScope);
        }
        OAuthAppRequest r = new OAuthAppRequest();
        r.setOAuthApplicationInfo(info);
        return r;
    }

    @Override
    public void close() {
        sim.close();
    }
}
