package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An Auth0 API (resource server). Immutable. */
public final class ResourceServer {

    private final String id;
    private final String identifier;
    private final String name;
    private final List<ResourceServerScope> scopes;
    private final int tokenLifetime;
    private final String tokenDialect;
    private final String signingAlg;
    private final boolean system;
    private final String clientAuthorizationPolicy;

    private ResourceServer(JsonNode n) {
        this.id = Json.text(n, "id");
        this.identifier = Json.text(n, "identifier");
        this.name = Json.text(n, "name");
        List<ResourceServerScope> list = new ArrayList<>();
        JsonNode arr = n.get("scopes");
        if (arr != null && arr.isArray()) {
            for (JsonNode s : arr) {
                String value = Json.text(s, "value");
                if (value != null && !value.isEmpty()) {
                    list.add(new ResourceServerScope(value, Json.text(s, "description")));
                }
            }
        }
        this.scopes = Collections.unmodifiableList(list);
        this.tokenLifetime = n.path("token_lifetime").asInt(86400);
        this.tokenDialect = Json.text(n, "token_dialect");
        this.signingAlg = Json.text(n, "signing_alg");
        this.system = n.path("is_system").asBoolean(false);
        this.clientAuthorizationPolicy = Json.text(n.path("subject_type_authorization").path("client"), "policy");
    }

    static ResourceServer fromJson(JsonNode n) {
        if (n == null || !n.isObject() || Json.text(n, "identifier") == null) {
            throw new IllegalArgumentException("not an Auth0 resource server object");
        }
        return new ResourceServer(n);
    }

    public String id() { return id; }
    public String identifier() { return identifier; }
    public String name() { return name; }
    public List<ResourceServerScope> scopes() { return scopes; }
    public int tokenLifetime() { return tokenLifetime; }
    public String tokenDialect() { return tokenDialect; }
    public String signingAlg() { return signingAlg; }
    /** Auth0's own APIs (the Management API): is_system. */
    public boolean isSystem() { return system; }
    /** subject_type_authorization.client.policy (e.g. deny_all, require_client_grant), or null when not set. */
    public String clientAuthorizationPolicy() { return clientAuthorizationPolicy; }

    /** The scope with this value, or null. */
    public ResourceServerScope scope(String value) {
        for (ResourceServerScope s : scopes) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ResourceServer[id=" + id + ", identifier=" + identifier + ", scopes=" + scopes + "]";
    }
}
