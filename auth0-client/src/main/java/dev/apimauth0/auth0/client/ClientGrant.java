package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** An Auth0 client grant: which client may get tokens for which audience with which scopes. Immutable. */
public final class ClientGrant {

    private final String id;
    private final String clientId;
    private final String audience;
    private final List<String> scopes;
    private final String subjectType;

    private ClientGrant(JsonNode n) {
        this.id = Json.text(n, "id");
        this.clientId = Json.text(n, "client_id");
        this.audience = Json.text(n, "audience");
        this.scopes = Json.strings(n, "scope");
        String type = Json.text(n, "subject_type");
        this.subjectType = type == null ? SUBJECT_CLIENT : type;
    }

    /** The subject type of a client-credentials grant (Auth0's default when a grant names none). */
    public static final String SUBJECT_CLIENT = "client";

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
    /** {@code client} (client credentials) or {@code user} (user access); Auth0 keeps one grant of each per client and API. */
    public String subjectType() { return subjectType; }

    @Override
    public String toString() {
        return "ClientGrant[id=" + id + ", clientId=" + clientId + ", audience=" + audience + ", scopes=" + scopes + ", subjectType=" + subjectType + "]";
    }
}
