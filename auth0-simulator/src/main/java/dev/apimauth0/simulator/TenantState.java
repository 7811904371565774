package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.apimauth0.simulator.Params.scopeValues;

/**
 * What the tenant stores: clients, client grants and resource servers (APIs), as the Management API returns them,
 * and the tenant's default audience. One lock guards it all, so every request sees and leaves a consistent tenant.
 *
 * <p>The live records (the first section) are for the endpoints, which hold {@link #lock()} while they read and
 * change them. Seeding and snapshots (the second section) take the lock themselves and hand out copies.
 */
final class TenantState {

    private final Object lock = new Object();
    private final Map<String, ObjectNode> clients = new LinkedHashMap<>();
    private final Map<String, ObjectNode> grants = new LinkedHashMap<>();
    private final Map<String, ObjectNode> resourceServers = new LinkedHashMap<>();
    private volatile String defaultAudience;

    /** A new tenant holding only the Management API, a system resource server with these scopes. */
    TenantState(String managementAudience, List<String> managementScopes) {
        ObjectNode mgmt = newResourceServer("Auth0 Management API", managementAudience, managementScopes);
        mgmt.put("is_system", true);
    }

    Object lock() {
        return lock;
    }

    /** The tenant's default audience, used when a token request names none; null when unset. */
    String defaultAudience() {
        return defaultAudience;
    }

    void setDefaultAudience(String audience) {
        this.defaultAudience = audience;
    }

    // ------------------------------------------------------------------ live records (caller holds lock())

    ObjectNode client(String clientId) {
        return clients.get(clientId);
    }

    Collection<ObjectNode> allClients() {
        return clients.values();
    }

    boolean removeClient(String clientId) {
        return clients.remove(clientId) != null;
    }

    /** Stores a client made from a POST /clients body with Auth0's defaults, a new client_id and secret. */
    ObjectNode storeNewClient(ObjectNode request) {
        ObjectNode c = SimJwt.JSON.createObjectNode();
        String id = Ids.newClientId();
        c.put("tenant", "simulated");
        c.put("global", false);
        c.put("is_first_party", true);
        c.put("oidc_conformant", true);
        c.put("app_type", "non_interactive");
        c.put("token_endpoint_auth_method", "client_secret_post");
        c.putArray("grant_types").add("authorization_code").add("implicit").add("refresh_token").add("client_credentials");
        c.putArray("callbacks");
        c.setAll(request);
        // private_key_jwt credentials are not simulated: Auth0 answers them with ids and key ids, never the pem sent
        c.remove("client_authentication_methods");
        c.put("client_id", id);
        c.put("client_secret", Ids.randomSecret());
        ObjectNode jwt = c.putObject("jwt_configuration");
        jwt.put("alg", "RS256");
        jwt.put("lifetime_in_seconds", 36000);
        jwt.put("secret_encoded", false);
        if (request.path("jwt_configuration").isObject()) {
            jwt.setAll((ObjectNode) request.get("jwt_configuration"));
        }
        clients.put(id, c);
        return c;
    }

    ObjectNode grantById(String grantId) {
        return grants.get(grantId);
    }

    Collection<ObjectNode> allGrants() {
        return grants.values();
    }

    /** Stores a grant under its {@code id}. */
    void putGrant(ObjectNode grant) {
        grants.put(grant.get("id").asText(), grant);
    }

    boolean removeGrant(String grantId) {
        return grants.remove(grantId) != null;
    }

    /** The client-credentials grant (subject type {@code client}) of a client on an audience. */
    ObjectNode findGrant(String clientId, String audience) {
        return findGrant(clientId, audience, "client");
    }

    /** Auth0 keeps one grant per client, audience and subject type; a grant without subject_type is a client grant. */
    ObjectNode findGrant(String clientId, String audience, String subjectType) {
        for (ObjectNode g : grants.values()) {
            if (g.get("client_id").asText().equals(clientId) && g.get("audience").asText().equals(audience)
                    && subjectType.equals(g.path("subject_type").asText("client"))) {
                return g;
            }
        }
        return null;
    }

    /** Stores a resource server with Auth0's defaults and these scope values (each its own description). */
    ObjectNode newResourceServer(String name, String identifier, List<String> scopes) {
        ObjectNode rs = SimJwt.JSON.createObjectNode();
        String id = Ids.newResourceServerId();
        rs.put("id", id);
        rs.put("name", name);
        rs.put("identifier", identifier);
        rs.put("is_system", false);
        rs.put("allow_offline_access", false);
        rs.put("skip_consent_for_verifiable_first_party_clients", true);
        rs.put("token_lifetime", 86400);
        rs.put("token_lifetime_for_web", 7200);
        rs.put("signing_alg", "RS256");
        rs.put("enforce_policies", false);
        rs.put("token_dialect", "access_token");
        ArrayNode arr = rs.putArray("scopes");
        for (String s : scopes) {
            arr.addObject().put("value", s).put("description", s);
        }
        resourceServers.put(id, rs);
        return rs;
    }

    Collection<ObjectNode> allResourceServers() {
        return resourceServers.values();
    }

    void removeResourceServer(String id) {
        resourceServers.remove(id);
    }

    /** By id first, then by identifier (Auth0 takes either in /resource-servers/{id}). */
    ObjectNode findResourceServer(String identifierOrId) {
        ObjectNode byId = resourceServers.get(identifierOrId);
        return byId != null ? byId : findResourceServerByIdentifier(identifierOrId);
    }

    ObjectNode findResourceServerByIdentifier(String identifier) {
        for (ObjectNode rs : resourceServers.values()) {
            if (rs.get("identifier").asText().equals(identifier)) {
                return rs;
            }
        }
        return null;
    }

    ObjectNode requireResourceServer(String identifierOrId) {
        ObjectNode rs = findResourceServer(identifierOrId);
        if (rs == null) {
            throw new IllegalArgumentException("unknown resource server " + identifierOrId);
        }
        return rs;
    }

    // ------------------------------------------------------------------ seeding and snapshots (take the lock)

    /** Stores a client with exactly these settings (plus Auth0's defaults); returns its credentials. */
    Auth0TenantSimulator.Credentials createClient(ObjectNode settings) {
        synchronized (lock) {
            ObjectNode stored = storeNewClient(settings);
            return new Auth0TenantSimulator.Credentials(stored.get("client_id").asText(),
                    stored.get("client_secret").asText());
        }
    }

    String createResourceServer(String identifier, List<String> scopes) {
        synchronized (lock) {
            if (findResourceServer(identifier) != null) {
                throw new IllegalArgumentException("resource server exists: " + identifier);
            }
            return newResourceServer(identifier, identifier, scopes).get("id").asText();
        }
    }

    /** Grants a client the scopes on an audience (replacing the scopes of an existing grant); returns the grant id. */
    String grant(String clientId, String audience, String... scopes) {
        synchronized (lock) {
            if (!clients.containsKey(clientId)) {
                throw new IllegalArgumentException("unknown client " + clientId);
            }
            if (findResourceServer(audience) == null) {
                throw new IllegalArgumentException("unknown audience " + audience);
            }
            return setGrantScopes(clientId, audience, "client", scopes);
        }
    }

    /** A grant of subject type {@code user} beside any client-credentials grant; returns the grant id. */
    String grantUserAccess(String clientId, String audience, String... scopes) {
        synchronized (lock) {
            if (!clients.containsKey(clientId) || findResourceServer(audience) == null) {
                throw new IllegalArgumentException("unknown client or audience");
            }
            return setGrantScopes(clientId, audience, "user", scopes);
        }
    }

    private String setGrantScopes(String clientId, String audience, String subjectType, String... scopes) {
        ObjectNode g = findGrant(clientId, audience, subjectType);
        if (g == null) {
            g = SimJwt.JSON.createObjectNode();
            g.put("id", Ids.newGrantId());
            g.put("client_id", clientId);
            g.put("audience", audience);
            if (!"client".equals(subjectType)) {
                g.put("subject_type", subjectType);
            }
            putGrant(g);
        }
        ArrayNode arr = g.putArray("scope");
        for (String s : scopes) {
            arr.add(s);
        }
        return g.get("id").asText();
    }

    /** Sets one member of a resource server directly, as another administrator would. */
    void setResourceServerMember(String identifierOrId, String member, JsonNode value) {
        synchronized (lock) {
            requireResourceServer(identifierOrId).set(member, value);
        }
    }

    void addResourceServerScopes(String identifierOrId, String... values) {
        synchronized (lock) {
            ArrayNode arr = (ArrayNode) requireResourceServer(identifierOrId).get("scopes");
            Set<String> have = scopeValues(arr);
            for (String v : values) {
                if (have.add(v)) {
                    arr.addObject().put("value", v).put("description", v);
                }
            }
        }
    }

    void removeResourceServerScopes(String identifierOrId, String... values) {
        synchronized (lock) {
            ArrayNode arr = (ArrayNode) requireResourceServer(identifierOrId).get("scopes");
            Set<String> drop = Set.of(values);
            for (Iterator<JsonNode> it = arr.iterator(); it.hasNext(); ) {
                if (drop.contains(it.next().path("value").asText())) {
                    it.remove();
                }
            }
        }
    }

    String resourceServerId(String identifierOrId) {
        synchronized (lock) {
            return requireResourceServer(identifierOrId).get("id").asText();
        }
    }

    List<JsonNode> clientCopies() {
        synchronized (lock) {
            return copies(clients.values());
        }
    }

    Optional<JsonNode> clientCopy(String clientId) {
        synchronized (lock) {
            ObjectNode c = clients.get(clientId);
            return Optional.ofNullable(c == null ? null : c.deepCopy());
        }
    }

    List<JsonNode> grantCopies() {
        synchronized (lock) {
            return copies(grants.values());
        }
    }

    Optional<List<String>> grantedScopes(String clientId, String audience) {
        synchronized (lock) {
            ObjectNode g = findGrant(clientId, audience);
            if (g == null) {
                return Optional.empty();
            }
            List<String> out = new ArrayList<>();
            g.get("scope").forEach(n -> out.add(n.asText()));
            return Optional.of(out);
        }
    }

    Optional<JsonNode> resourceServerCopy(String identifierOrId) {
        synchronized (lock) {
            ObjectNode rs = findResourceServer(identifierOrId);
            return Optional.ofNullable(rs == null ? null : rs.deepCopy());
        }
    }

    List<String> resourceServerScopes(String identifierOrId) {
        synchronized (lock) {
            return new ArrayList<>(scopeValues(requireResourceServer(identifierOrId).get("scopes")));
        }
    }

    private static List<JsonNode> copies(Collection<ObjectNode> nodes) {
        List<JsonNode> out = new ArrayList<>();
        for (ObjectNode n : nodes) {
            out.add(n.deepCopy());
        }
        return out;
    }
}
