package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;

import static dev.apimauth0.simulator.Params.parseForm;
import static dev.apimauth0.simulator.Params.splitScopes;
import static dev.apimauth0.simulator.Params.texts;
import static dev.apimauth0.simulator.Reply.invalidToken;
import static dev.apimauth0.simulator.Reply.mgmtError;
import static dev.apimauth0.simulator.Reply.notFound;

/**
 * Management API v2 under {@code /api/v2/}: checks the Bearer token as Auth0 does (RS256 signed by a published key,
 * issuer, expiry, the Management API audience), reads the JSON body, and hands the request to the resource it names
 * under the tenant's lock. Each resource checks the scopes its endpoints need.
 */
final class ManagementApi {

    private final TenantState state;
    private final SigningKeys keys;
    private final String issuer;
    private final String managementAudience;
    private final ClientsResource clients;
    private final ClientGrantsResource grants;
    private final ResourceServersResource resourceServers;

    ManagementApi(TenantState state, SigningKeys keys, FaultInjector faults, String issuer, String managementAudience) {
        this.state = state;
        this.keys = keys;
        this.issuer = issuer;
        this.managementAudience = managementAudience;
        this.clients = new ClientsResource(state);
        this.grants = new ClientGrantsResource(state);
        this.resourceServers = new ResourceServersResource(state, faults, managementAudience);
    }

    /**
     * Answers a request to {@code /api/v2/<path>}; {@code rawQuery}, {@code contentTypeHeader} and
     * {@code authorization} are the request's, or null.
     */
    Reply handle(String method, String path, String rawQuery, String contentTypeHeader, String authorization,
                 byte[] body) {
        Object auth = authenticate(authorization);
        if (auth instanceof Reply r) {
            return r;
        }
        Caller caller = (Caller) auth;
        Map<String, String> query = parseForm(Optional.ofNullable(rawQuery).orElse(""));
        String[] seg = path.split("/", -1);
        JsonNode json = null;
        if (method.equals("POST") || method.equals("PATCH") || method.equals("PUT")) {
            String ct = String.valueOf(contentTypeHeader).toLowerCase();
            // rotate-secret takes no body: Auth0 answers 200 to one of JSON null (recording TestClient_RotateSecret.yaml)
            boolean emptyOk = seg.length == 3 && "rotate-secret".equals(seg[2]);
            boolean noBody = body.length == 0 || "null".equals(new String(body, StandardCharsets.UTF_8).trim());
            if (!(emptyOk && noBody)) {
                if (!ct.startsWith("application/json")) {
                    return mgmtError(400, "Bad Request", "Content-Type must be application/json", null);
                }
                try {
                    json = SimJwt.JSON.readTree(body);
                } catch (IOException e) {
                    json = null;
                }
                if (json == null || !json.isObject()) {
                    return mgmtError(400, "Bad Request", "Invalid request payload JSON format", null);
                }
            }
        }
        synchronized (state.lock()) {
            switch (seg[0]) {
                case "clients":
                    return clients.handle(caller, method, seg, (ObjectNode) json, query);
                case "client-grants":
                    return grants.handle(caller, method, seg, (ObjectNode) json, query);
                case "resource-servers":
                    return resourceServers.handle(caller, method, seg, (ObjectNode) json, query);
                default:
                    return notFound();
            }
        }
    }

    /** Returns a Caller, or a 401/400 Reply. */
    private Object authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return mgmtError(401, "Unauthorized", "Missing authentication", null);
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return mgmtError(400, "Bad Request", "Bad HTTP authentication header format", "Bearer");
        }
        SimJwt.Parsed parsed = SimJwt.parse(authorization.substring(7).trim());
        if (parsed == null || !"RS256".equals(parsed.header().path("alg").asText())) {
            return invalidToken("Invalid token");
        }
        RSAPublicKey key = keys.publishedKey(parsed.header().path("kid").asText());
        if (key == null || !SimJwt.verifyRs256(parsed, key)) {
            return invalidToken("Invalid token");
        }
        ObjectNode c = parsed.claims();
        if (!issuer.equals(c.path("iss").asText())) {
            return invalidToken("Invalid token");
        }
        long now = System.currentTimeMillis() / 1000;
        if (!c.path("exp").canConvertToLong() || c.path("exp").asLong() <= now) {
            return invalidToken("Expired token received for JSON Web Token validation");
        }
        JsonNode aud = c.get("aud");
        boolean audOk = aud != null && (aud.isArray()
                ? texts(aud).contains(managementAudience)
                : managementAudience.equals(aud.asText()));
        if (!audOk) {
            return invalidToken("Bad audience: " + (aud == null ? "" : aud.isArray() ? joinArray(aud) : aud.asText()));
        }
        return new Caller(new LinkedHashSet<>(splitScopes(c.path("scope").asText(""))));
    }

    private static String joinArray(JsonNode arr) {
        return String.join(",", texts(arr));
    }
}
