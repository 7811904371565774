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
    /** Shortened to Auth0's 140 characters ({@link Auth0Limits#fit}). */
    public ApplicationSpec description(String value) { this.description = Auth0Limits.fit(value, Auth0Limits.CLIENT_DESCRIPTION); return this; }
    public ApplicationSpec appType(String value) { this.appType = value; return this; }
    public ApplicationSpec grantTypes(Collection<String> values) { this.grantTypes = values == null ? null : new ArrayList<>(values); return this; }
    public ApplicationSpec tokenEndpointAuthMethod(String value) { this.tokenEndpointAuthMethod = value; return this; }
    public ApplicationSpec callbacks(Collection<String> values) { this.callbacks = values == null ? null : new ArrayList<>(values); return this; }
    /**
     * Auth0 client_metadata: at most 10 keys of at most 255 characters (more are refused, naming the limit); values
     * longer than 255 characters are shortened ({@link Auth0Limits#fit}).
     */
    public ApplicationSpec clientMetadata(Map<String, String> values) {
        if (values == null) {
            this.clientMetadata = null;
            return this;
        }
        if (values.size() > Auth0Limits.CLIENT_METADATA_KEYS) {
            throw new IllegalArgumentException("client_metadata has " + values.size() + " keys; Auth0 allows at most "
                    + Auth0Limits.CLIENT_METADATA_KEYS);
        }
        Map<String, String> fitted = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getKey().length() > Auth0Limits.CLIENT_METADATA_CHARS) {
                throw new IllegalArgumentException("a client_metadata key must have 1 to " + Auth0Limits.CLIENT_METADATA_CHARS
                        + " characters");
            }
            fitted.put(e.getKey(), Auth0Limits.fit(e.getValue(), Auth0Limits.CLIENT_METADATA_CHARS));
        }
        this.clientMetadata = fitted;
        return this;
    }

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
