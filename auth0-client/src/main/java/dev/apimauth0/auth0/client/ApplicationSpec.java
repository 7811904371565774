package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields to create or change on an Auth0 application. Only fields that were set are sent, so
 * the same type serves POST /clients and PATCH /clients/{id}.
 */
public final class ApplicationSpec {

    private String name;
    private String description;
    private String appType;
    private List<String> grantTypes;
    private String tokenEndpointAuthMethod;
    private List<String> callbacks;
    private Map<String, String> clientMetadata;

    public ApplicationSpec name(String value) { this.name = value; return this; }
    public ApplicationSpec description(String value) { this.description = value; return this; }
    public ApplicationSpec appType(String value) { this.appType = value; return this; }
    public ApplicationSpec grantTypes(Collection<String> values) { this.grantTypes = values == null ? null : new ArrayList<>(values); return this; }
    public ApplicationSpec tokenEndpointAuthMethod(String value) { this.tokenEndpointAuthMethod = value; return this; }
    public ApplicationSpec callbacks(Collection<String> values) { this.callbacks = values == null ? null : new ArrayList<>(values); return this; }
    /** Auth0 client_metadata: string values only, at most 10 keys. */
    public ApplicationSpec clientMetadata(Map<String, String> values) { this.clientMetadata = values == null ? null : new LinkedHashMap<>(values); return this; }

    public String name() { return name; }
    public String appType() { return appType; }
    public List<String> grantTypes() { return grantTypes; }
    public String tokenEndpointAuthMethod() { return tokenEndpointAuthMethod; }
    public List<String> callbacks() { return callbacks; }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        if (name != null) {
            o.put("name", name);
        }
        if (description != null) {
            o.put("description", description);
        }
        if (appType != null) {
            o.put("app_type", appType);
        }
        if (grantTypes != null) {
            o.set("grant_types", Json.array(grantTypes));
        }
        if (tokenEndpointAuthMethod != null) {
            o.put("token_endpoint_auth_method", tokenEndpointAuthMethod);
        }
        if (callbacks != null) {
            o.set("callbacks", Json.array(callbacks));
        }
        if (clientMetadata != null) {
            ObjectNode m = o.putObject("client_metadata");
            for (Map.Entry<String, String> e : clientMetadata.entrySet()) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return o;
    }
}
