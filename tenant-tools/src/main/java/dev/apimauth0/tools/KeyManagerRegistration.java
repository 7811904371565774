package dev.apimauth0.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.apimauth0.auth0.client.Auth0Client;
import dev.apimauth0.auth0.client.Auth0ClientConfig;
import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.OpenIdConfiguration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates or updates the Auth0 key manager through APIM 4.0.0's Admin REST API ({@code /api/am/admin/v2/key-managers},
 * schema {@code KeyManager} of the 9.0.174 admin-api.yaml). The body holds what the Admin Portal's form holds after
 * Import of the tenant's well-known URL (issuer, endpoints, JWKS certificate) and the connector's fields. A key
 * manager with the same name is updated, keeping what an administrator added to it; none is created twice.
 */
public final class KeyManagerRegistration {

    static final String DISCOVERY = "auth0 discovery";
    static final String LOGIN = "apim admin login";
    static final String KEY_MANAGER = "key manager";

    public static final String DEFAULT_NAME = "Auth0";
    public static final String DEFAULT_TYPE = "Auth0";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Connector fields (admin-ui-ext's Auth0ConnectorConfiguration; a test holds the names to it). */
    static final String CLIENT_ID = "client_id";
    static final String CLIENT_SECRET = "client_secret";
    static final String AUDIENCE = "audience";
    static final String API_AUDIENCE = "api_audience";
    static final String ALLOWED_API_AUDIENCES = "allowed_api_audiences";

    private final Tenant tenant;
    private final String clientId;
    private final String clientSecret;
    private final String apiAudience;
    private final String allowedApiAudiences;
    private final String name;
    private final String type;
    private final List<String> grantTypes;
    private final String apimUrl;
    private final String adminUser;
    private final String adminPassword;
    private final String adminToken;

    private KeyManagerRegistration(Builder b) {
        this.tenant = b.tenant;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.apiAudience = b.apiAudience;
        this.allowedApiAudiences = b.allowedApiAudiences;
        this.name = b.name;
        this.type = b.type;
        this.grantTypes = b.grantTypes;
        this.apimUrl = b.apimUrl;
        this.adminUser = b.adminUser;
        this.adminPassword = b.adminPassword;
        this.adminToken = b.adminToken;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Report run() {
        Report.Builder r = Report.builder("register-key-manager", "key manager \"" + name + "\" (type " + type
                + ") for Auth0 tenant " + tenant.issuer() + " on " + apimUrl);
        OpenIdConfiguration oidc;
        Auth0ClientConfig config = Auth0ClientConfig.builder()
                .tokenEndpoint(tenant.tokenEndpoint())
                .managementApiUrl(tenant.managementAudience())
                .clientId(clientId)
                .clientSecret(clientSecret)
                .maxRetries(1)
                .build();
        try (Auth0Client auth0 = new Auth0Client(config)) {
            oidc = auth0.openIdConfiguration(tenant.wellKnownUrl());
            if (!tenant.issuer().equals(oidc.issuer())) {
                r.add(Check.fail(DISCOVERY, "the document names the issuer \"" + oidc.issuer() + "\"",
                        "give the tenant's own domain"));
                return r.build();
            }
            r.add(Check.pass(DISCOVERY, tenant.wellKnownUrl() + ": issuer " + oidc.issuer() + ", JWKS " + oidc.jwksUri()));
        } catch (Auth0Exception e) {
            r.add(Check.fail(DISCOVERY, "cannot read " + tenant.wellKnownUrl() + ": " + e.getMessage(),
                    "check the tenant domain and this host's access to it"));
            return r.build();
        }
        ObjectNode body = keyManager(oidc);
        try (ApimAdminClient apim = new ApimAdminClient(apimUrl, 5000, 30000)) {
            try {
                if (adminToken != null) {
                    apim.useAccessToken(adminToken);
                    r.add(Check.pass(LOGIN, "using the given Admin API token"));
                } else {
                    apim.logIn(adminUser, adminPassword);
                    r.add(Check.pass(LOGIN, adminUser + " holds a token with " + ApimAdminClient.SCOPES));
                }
            } catch (ApimAdminClient.ApimException e) {
                r.add(Check.fail(LOGIN, e.getMessage(), e.status() == 401
                        ? "check the admin user name and password (an APIM admin with the admin role)"
                        : "check the APIM URL (the control plane, e.g. https://apim.example.com:9443) and that APIM runs"));
                return r.build();
            }
            try {
                String existing = findByName(apim.listKeyManagers());
                JsonNode saved;
                if (existing == null) {
                    saved = apim.addKeyManager(body);
                    r.add(Check.pass(KEY_MANAGER, "created \"" + name + "\" (id " + saved.path("id").asText("?") + ")"));
                } else {
                    ObjectNode merged = merge(apim.getKeyManager(existing), body);
                    saved = apim.updateKeyManager(existing, merged);
                    r.add(Check.pass(KEY_MANAGER, "updated \"" + name + "\" (id " + existing + ")"));
                    body = merged;
                }
            } catch (ApimAdminClient.ApimException e) {
                r.add(Check.fail(KEY_MANAGER, e.getMessage(), e.status() == 403
                        ? "log in as an admin with apim:admin_operations" : "correct what APIM names and run it again"));
                return r.build();
            }
        }
        r.block("key manager as sent (client_secret not shown)", shown(body));
        return r.build();
    }

    /** The KeyManager body (admin-api.yaml components/schemas/KeyManager), as the Admin Portal sends it. */
    ObjectNode keyManager(OpenIdConfiguration oidc) {
        ObjectNode km = JSON.createObjectNode();
        km.put("name", name);
        km.put("displayName", name);
        km.put("type", type);
        km.put("description", "Auth0 tenant " + tenant.issuer() + " (apim-auth0)");
        km.put("wellKnownEndpoint", tenant.wellKnownUrl());
        km.put("issuer", oidc.issuer());
        putIfSet(km, "tokenEndpoint", oidc.tokenEndpoint());
        putIfSet(km, "revokeEndpoint", oidc.revocationEndpoint());
        putIfSet(km, "authorizeEndpoint", oidc.authorizationEndpoint());
        putIfSet(km, "userInfoEndpoint", oidc.userinfoEndpoint());
        putIfSet(km, "clientRegistrationEndpoint", oidc.registrationEndpoint());
        // Auth0 has no introspection endpoint, yet the form requires one; it is never called for Auth0's JWTs
        putIfSet(km, "introspectionEndpoint", oidc.tokenEndpoint());
        ObjectNode certificates = km.putObject("certificates");
        certificates.put("type", "JWKS");
        certificates.put("value", oidc.jwksUri());
        ArrayNode grants = km.putArray("availableGrantTypes");
        for (String g : grantTypes.isEmpty() ? oidc.grantTypesSupported() : grantTypes) {
            grants.add(g);
        }
        km.put("consumerKeyClaim", "azp");
        km.put("scopesClaim", "scope");
        km.put("enableTokenGeneration", true);
        km.put("enableMapOAuthConsumerApps", true);
        km.put("enableOAuthAppCreation", true);
        km.put("enableSelfValidationJWT", true);
        km.put("enableTokenHashing", false);
        km.put("enableTokenEncryption", false);
        km.put("enabled", true);
        ObjectNode props = km.putObject("additionalProperties");
        props.put(CLIENT_ID, clientId);
        props.put(CLIENT_SECRET, clientSecret);
        props.put(AUDIENCE, tenant.managementAudience());
        if (apiAudience != null) {
            props.put(API_AUDIENCE, apiAudience);
        }
        if (allowedApiAudiences != null) {
            props.put(ALLOWED_API_AUDIENCES, allowedApiAudiences);
        }
        return km;
    }

    private String findByName(JsonNode list) {
        for (JsonNode km : list.path("list")) {
            if (name.equals(km.path("name").asText())) {
                return km.path("id").asText(null);
            }
        }
        return null;
    }

    /** The stored key manager with ours laid over it: fields and connector values we set win, the rest is kept. */
    static ObjectNode merge(JsonNode stored, ObjectNode ours) {
        ObjectNode out = stored != null && stored.isObject() ? ((ObjectNode) stored).deepCopy() : JSON.createObjectNode();
        out.remove("id");
        ObjectNode props = out.path("additionalProperties").isObject()
                ? (ObjectNode) out.get("additionalProperties") : JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> it = ours.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("additionalProperties")) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        props.setAll((ObjectNode) ours.get("additionalProperties").deepCopy());
        out.set("additionalProperties", props);
        return out;
    }

    private static String shown(ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        JsonNode props = copy.get("additionalProperties");
        if (props instanceof ObjectNode && props.has(CLIENT_SECRET)) {
            ((ObjectNode) props).put(CLIENT_SECRET, "(not shown)");
        }
        try {
            return JSON.writeValueAsString(copy);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    /** Collects the inputs; {@link #build()} names the first one missing. */
    public static final class Builder {
        private Tenant tenant;
        private String clientId;
        private String clientSecret;
        private String apiAudience;
        private String allowedApiAudiences;
        private String name = DEFAULT_NAME;
        private String type = DEFAULT_TYPE;
        private List<String> grantTypes = Collections.singletonList("client_credentials");
        private String apimUrl;
        private String adminUser;
        private String adminPassword;
        private String adminToken;

        private Builder() {
        }

        public Builder tenant(Tenant value) { this.tenant = value; return this; }
        public Builder clientId(String value) { this.clientId = trim(value); return this; }
        public Builder clientSecret(String value) { this.clientSecret = value; return this; }
        public Builder apiAudience(String value) { this.apiAudience = trim(value); return this; }
        public Builder allowedApiAudiences(String value) { this.allowedApiAudiences = trim(value); return this; }
        public Builder name(String value) { if (trim(value) != null) { this.name = trim(value); } return this; }
        public Builder type(String value) { if (trim(value) != null) { this.type = trim(value); } return this; }
        public Builder grantTypes(List<String> values) {
            if (values != null && !values.isEmpty()) {
                this.grantTypes = Collections.unmodifiableList(new ArrayList<>(values));
            }
            return this;
        }
        public Builder apimUrl(String value) { this.apimUrl = trim(value); return this; }
        public Builder adminUser(String value) { this.adminUser = trim(value); return this; }
        public Builder adminPassword(String value) { this.adminPassword = value; return this; }
        /** An Admin API token with apim:admin and apim:admin_operations, used instead of the admin's credentials. */
        public Builder adminToken(String value) { this.adminToken = trim(value); return this; }

        public KeyManagerRegistration build() {
            Map<String, Object> required = new LinkedHashMap<>();
            required.put("the tenant domain", tenant);
            required.put("the client id of APIM's machine-to-machine application", clientId);
            required.put("its client secret", clientSecret == null || clientSecret.isEmpty() ? null : clientSecret);
            required.put("the APIM URL (e.g. https://apim.example.com:9443)", apimUrl);
            for (Map.Entry<String, Object> e : required.entrySet()) {
                if (e.getValue() == null) {
                    throw new IllegalArgumentException(e.getKey() + " is required");
                }
            }
            if (adminToken == null && (adminUser == null || adminPassword == null || adminPassword.isEmpty())) {
                throw new IllegalArgumentException("the APIM admin user and password (or an Admin API token) are required");
            }
            return new KeyManagerRegistration(this);
        }

        private static String trim(String v) {
            return v == null || v.trim().isEmpty() ? null : v.trim();
        }
    }
}
