package dev.apimauth0.validator;

import dev.apimauth0.simulator.Auth0TenantSimulator;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;

import java.util.LinkedHashMap;
import java.util.Map;

/** An Auth0 tenant simulator with an API and the Management API application, and an Admin Portal configuration. */
final class Tenant implements AutoCloseable {

    static final String API = "https://api.example.com/orders";

    final Auth0TenantSimulator sim = Auth0TenantSimulator.start();
    final Auth0TenantSimulator.Credentials mgmt;
    final String clientId;

    Tenant() {
        sim.createResourceServer(API, "read:orders", "write:orders");
        mgmt = sim.createManagementApplication();
        clientId = sim.createM2MApplication("caller").clientId();
    }

    /** The Admin Portal's configuration after "Import" of the well-known URL, with "self validate JWT" on. */
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
        p.put("issuer", sim.issuer());
        p.put("token_endpoint", sim.tokenEndpoint());
        p.put("certificate_type", "JWKS");
        p.put("certificate_value", sim.jwksUri());
        p.put("consumer_key_claim", "azp");
        p.put("scopes_claim", "scope");
        p.put("self_validate_jwt", Boolean.TRUE);
        c.setConfiguration(p);
        return c;
    }

    Map<String, Object> claims(String... scopes) {
        return sim.m2mClaims(clientId, API, scopes);
    }

    String token(String... scopes) {
        return sim.mintToken(claims(scopes));
    }

    @Override
    public void close() {
        sim.close();
    }
}
