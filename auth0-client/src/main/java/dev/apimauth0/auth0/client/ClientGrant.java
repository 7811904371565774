package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** An Auth0 client grant: which client may get tokens for which audience with which scopes. Immutable. */
public final class ClientGrant {

    private final String id;
    private final String clientId;
    private final String audience;
    private final List<String> scopes;

    private ClientGrant(JsonNode n) {
        this.id = Json.text(n, "id");
        this.clientId = Json.text(n, "client_id");
        this.audience = Json.text(n, "audience");
        this.scopes = Json.strings(n, "scope");
    }

    static ClientGrant fromJson(JsonNode n) {
        if (n == null || !n.isObject() || Json.text(n, "id") == null) {
            throw new IllegalArgumentException("not an Auth0 client grant object");
        }
        return new ClientGrant(n);
    }

    public String id() { return id; }
    public String clientId() { return clientId; }
    public String audience() { return audience; }
    public List<String> scopes() { return scopes; }

    @Override
    public String toString() {
        return "ClientGrant[id=" + id + ", clientId=" + clientId + ", audience=" + audience + ", scopes=" + scopes + "]";
    }
}
