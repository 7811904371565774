package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.apimauth0.simulator.Params.parseForm;
import static dev.apimauth0.simulator.Params.splitScopes;
import static dev.apimauth0.simulator.Params.texts;
import static dev.apimauth0.simulator.Params.urlDecode;
import static dev.apimauth0.simulator.Reply.oauthError;

/**
 * {@code POST /oauth/token} with the client_credentials grant, as Auth0 answers it: form or JSON body,
 * client_secret_post or Basic (never both), the client held to its token_endpoint_auth_method, audience required
 * (or the tenant's default), a client grant on it, requested scopes within the grant. Issues RS256 JWTs with Auth0's
 * M2M claims, the API's token lifetime, and {@code permissions} for APIs with an {@code *_authz} dialect.
 */
final class TokenEndpoint {

    private final TenantState state;
    private final SigningKeys keys;
    private final String issuer;

    TokenEndpoint(TenantState state, SigningKeys keys, String issuer) {
        this.state = state;
        this.keys = keys;
        this.issuer = issuer;
    }

    /** Standard Auth0 M2M claims for a client and audience, valid for an hour; a mutable map. */
    static Map<String, Object> m2mClaims(String issuer, String clientId, String audience, String... scopes) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", clientId + "@clients");
        claims.put("aud", audience);
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        claims.put("scope", String.join(" ", scopes));
        claims.put("gty", "client-credentials");
        claims.put("azp", clientId);
        return claims;
    }

    /** Answers one POST: {@code contentTypeHeader} and {@code authorization} are the request's headers, or null. */
    Reply handle(String contentTypeHeader, String authorization, byte[] body) {
        String contentType = String.valueOf(contentTypeHeader).toLowerCase();
        Map<String, String> params = new LinkedHashMap<>();
        if (contentType.startsWith("application/json")) {
            JsonNode json;
            try {
                json = SimJwt.JSON.readTree(body);
            } catch (IOException e) {
                return oauthError(400, "invalid_request", "Invalid JSON body");
            }
            if (json == null || !json.isObject()) {
                return oauthError(400, "invalid_request", "Invalid JSON body");
            }
            json.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().isTextual()
                    ? e.getValue().asText() : e.getValue().toString()));
        } else if (contentType.startsWith("application/x-www-form-urlencoded")) {
            params.putAll(parseForm(new String(body, StandardCharsets.UTF_8)));
        } else {
            return oauthError(400, "invalid_request",
                    "Content-Type must be application/x-www-form-urlencoded or application/json");
        }
        String clientId = params.get("client_id");
        String clientSecret = params.get("client_secret");
        String authz = authorization;
        boolean basic = authz != null && authz.regionMatches(true, 0, "Basic ", 0, 6);
        if (basic && clientSecret != null) {
            return oauthError(400, "invalid_request", "client authentication must use only one method");
        }
        if (basic) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authz.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return oauthError(401, "access_denied", "Unauthorized");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return oauthError(401, "access_denied", "Unauthorized");
            }
            String basicId = urlDecode(decoded.substring(0, colon));
            if (clientId != null && !clientId.equals(basicId)) {
                return oauthError(400, "invalid_request", "client_id in body and Authorization header differ");
            }
            clientId = basicId;
            clientSecret = urlDecode(decoded.substring(colon + 1));
        }
        String grantType = params.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            return oauthError(400, "invalid_request", "Missing required parameter: grant_type");
        }
        if (!grantType.equals("client_credentials")) {
            return oauthError(400, "unsupported_grant_type", "Unsupported grant type: " + grantType);
        }
        if (clientId == null || clientId.isEmpty()) {
            return oauthError(401, "access_denied", "Unauthorized");
        }
        synchronized (state.lock()) {
            ObjectNode client = state.client(clientId);
            if (client == null || clientSecret == null
                    || !constantTimeEquals(clientSecret, client.get("client_secret").asText())) {
                return oauthError(401, "access_denied", "Unauthorized");
            }
            // Auth0 holds the client to its token_endpoint_auth_method: a client_secret_basic client must send its
            // secret in the Authorization header; a client with none has no secret to authenticate with
            String method = client.path("token_endpoint_auth_method").asText("client_secret_post");
            if ("client_secret_basic".equals(method) && !basic) {
                return oauthError(401, "access_denied", "Unauthorized");
            }
            if ("none".equals(method)) {
                return oauthError(403, "unauthorized_client", "Grant type 'client_credentials' not allowed for the client.");
            }
            if (!texts(client.get("grant_types")).contains("client_credentials")) {
                return oauthError(403, "unauthorized_client", "Grant type 'client_credentials' not allowed for the client.");
            }
            String audience = params.get("audience");
            if (audience == null || audience.isEmpty()) {
                audience = state.defaultAudience();
                if (audience == null) {
                    return oauthError(403, "access_denied",
                            "No audience parameter was provided, and no default audience has been configured");
                }
            }
            ObjectNode rs = state.findResourceServerByIdentifier(audience);
            if (rs == null) {
                return oauthError(403, "access_denied", "Service not found: " + audience);
            }
            ObjectNode grant = state.findGrant(clientId, audience);
            if (grant == null) {
                return oauthError(403, "access_denied", "Client is not authorized to access \"" + audience
                        + "\". You need to create a \"client-grant\" associated to this API. See: "
                        + "https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants");
            }
            Set<String> granted = texts(grant.get("scope"));
            Set<String> scopes;
            if (params.get("scope") == null) {
                scopes = granted;
            } else {
                scopes = new LinkedHashSet<>(splitScopes(params.get("scope")));
                List<String> missing = new ArrayList<>();
                for (String s : scopes) {
                    if (!granted.contains(s)) {
                        missing.add(s);
                    }
                }
                if (!missing.isEmpty()) {
                    return oauthError(403, "access_denied", "Client has not been granted scopes: " + String.join(",", missing));
                }
            }
            int lifetime = rs.path("token_lifetime").asInt(86400);
            Map<String, Object> claims = m2mClaims(issuer, clientId, audience, scopes.toArray(new String[0]));
            claims.put("exp", ((Number) claims.get("iat")).longValue() + lifetime);
            if (rs.path("token_dialect").asText().endsWith("_authz")) {
                claims.put("permissions", new ArrayList<>(scopes));
            }
            String token = keys.sign(Map.of(), claims);
            ObjectNode out = SimJwt.JSON.createObjectNode();
            out.put("access_token", token);
            out.put("scope", String.join(" ", scopes));
            out.put("expires_in", lifetime);
            out.put("token_type", "Bearer");
            return new Reply(200, out);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
