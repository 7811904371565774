package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** An Auth0 application (client) as the Management API returns it. Immutable. */
public final class Auth0Application {

    private final String clientId;
    private final String clientSecret;
    private final String name;
    private final String appType;
    private final List<String> grantTypes;
    private final String tokenEndpointAuthMethod;
    private final List<String> callbacks;
    private final Map<String, String> clientMetadata;

    private Auth0Application(JsonNode n) {
        this.clientId = Json.text(n, "client_id");
        this.clientSecret = Json.text(n, "client_secret");
        this.name = Json.text(n, "name");
        this.appType = Json.text(n, "app_type");
        this.grantTypes = Json.strings(n, "grant_types");
        this.tokenEndpointAuthMethod = Json.text(n, "token_endpoint_auth_method");
        this.callbacks = Json.strings(n, "callbacks");
        this.clientMetadata = Json.stringMap(n, "client_metadata");
    }

    static Auth0Application fromJson(JsonNode n) throws IllegalArgumentException {
        if (n == null || !n.isObject() || Json.text(n, "client_id") == null) {
            throw new IllegalArgumentException("not an Auth0 client object");
        }
        return new Auth0Application(n);
    }

    public String clientId() { return clientId; }
    /** Present only when the caller may read client keys (read:client_keys), on create and on rotation. */
    public String clientSecret() { return clientSecret; }
    public String name() { return name; }
    public String appType() { return appType; }
    public List<String> grantTypes() { return grantTypes; }
    public String tokenEndpointAuthMethod() { return tokenEndpointAuthMethod; }
    public List<String> callbacks() { return callbacks; }
    public Map<String, String> clientMetadata() { return clientMetadata; }

    @Override
    public String toString() {
        return "Auth0Application[clientId=" + clientId + ", name=" + name + ", appType=" + appType
                + ", grantTypes=" + grantTypes + ", clientSecret=" + (clientSecret == null ? "absent" : "***") + "]";
    }
}
