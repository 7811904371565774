package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.apimauth0.simulator.Params.parseForm;
import static dev.apimauth0.simulator.Params.patch;
import static dev.apimauth0.simulator.Params.scopeValues;
import static dev.apimauth0.simulator.Params.splitScopes;
import static dev.apimauth0.simulator.Params.texts;
import static dev.apimauth0.simulator.Params.urlDecode;
import static dev.apimauth0.simulator.Reply.invalidBody;
import static dev.apimauth0.simulator.Reply.invalidQuery;
import static dev.apimauth0.simulator.Reply.invalidToken;
import static dev.apimauth0.simulator.Reply.mgmtError;
import static dev.apimauth0.simulator.Reply.notFound;
import static dev.apimauth0.simulator.Reply.validateBody;

/**
 * An offline stand-in for an Auth0 tenant, for tests only (never shipped).
 *
 * <p>No real Auth0 tenant is reachable from the build, so this server reproduces Auth0's documented
 * request and response shapes: the OIDC discovery document and JWKS, {@code POST /oauth/token} with the
 * client_credentials grant, and the parts of Management API v2 that a key manager uses (clients,
 * rotate-secret, client grants, resource servers), with Auth0's error bodies. It is stateful and strict:
 * wrong credentials, unknown audiences, missing grants, missing Management API scopes, bad payloads and
 * unknown ids are refused as Auth0 refuses them. Tokens are real RS256 JWTs signed with RSA 2048 keys
 * generated at start; keys rotate the way Auth0 rotates them (next key published first, then used,
 * previous key published until revoked).
 *
 * <p>Faults are injected on purpose and reproducibly: 5xx ({@link #failNext}), 429 with Auth0's
 * x-ratelimit-* headers ({@link #rateLimitNext}), slowness ({@link #delay}), a JWKS outage
 * ({@link #jwksDown}) and a concurrent edit of a resource server between a caller's read and write
 * ({@link #afterNextResourceServerRead}). Request counters let tests assert how often an endpoint was hit.
 *
 * <p>Where the simulator is stricter than documented behaviour it says so: deleting a client does not
 * delete its client grants (so callers must clean them up and tests can see whether they did), and a
 * client grant may only name scopes the resource server defines.
 */
public final class Auth0TenantSimulator implements AutoCloseable {

    /** Scopes of the Management API resource server (a useful subset of Auth0's list). */
    public static final List<String> MANAGEMENT_SCOPES = List.of(
            "read:clients", "create:clients", "update:clients", "delete:clients",
            "read:client_keys", "update:client_keys",
            "read:client_grants", "create:client_grants", "update:client_grants", "delete:client_grants",
            "read:resource_servers", "create:resource_servers", "update:resource_servers", "delete:resource_servers",
            "read:users", "update:users", "delete:users", "create:users");

    /** Every scope a key manager connector needs (PLATFORM facts). */
    public static final List<String> CONNECTOR_SCOPES = List.of(
            "create:clients", "read:clients", "update:clients", "delete:clients", "read:client_keys",
            "update:client_keys", "create:client_grants", "read:client_grants", "update:client_grants",
            "delete:client_grants", "read:resource_servers", "update:resource_servers");

    /** Client id and secret of an application (a plain class, so Java 8 test code can use it). */
    public static final class Credentials {
        private final String clientId;
        private final String clientSecret;

        public Credentials(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
        }

        public String clientId() {
            return clientId;
        }

        public String clientSecret() {
            return clientSecret;
        }

        @Override
        public String toString() {
            return "Credentials[clientId=" + clientId + ", clientSecret=***]";
        }
    }


    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final TenantState state;
    private final SigningKeys keys = new SigningKeys();
    private final FaultInjector faults = new FaultInjector();
    private final RequestLog requestLog = new RequestLog();
    private final TokenEndpoint tokens;

    private Auth0TenantSimulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        this.state = new TenantState(managementAudience(), MANAGEMENT_SCOPES);
        this.tokens = new TokenEndpoint(state, keys, issuer());
    }

    /** Starts a fresh tenant on 127.0.0.1 and an ephemeral port. */
    public static Auth0TenantSimulator start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
                Thread t = new Thread(r, "auth0-simulator");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            Auth0TenantSimulator sim = new Auth0TenantSimulator(server, executor);
            server.createContext("/", sim::handle);
            server.start();
            return sim;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Auth0 tenant simulator", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ addresses

    public String baseUrl() {
        return baseUrl;
    }

    /** The {@code iss} of every token: the base URL with its trailing slash, like Auth0. */
    public String issuer() {
        return baseUrl;
    }

    public String managementAudience() {
        return baseUrl + "api/v2/";
    }

    public String tokenEndpoint() {
        return baseUrl + "oauth/token";
    }

    public String jwksUri() {
        return baseUrl + ".well-known/jwks.json";
    }

    public String wellKnownUri() {
        return baseUrl + ".well-known/openid-configuration";
    }

    // ------------------------------------------------------------------ keys

    public String currentKid() {
        return keys.currentKid();
    }

    /** Kids published in the JWKS, in publication order. */
    public List<String> publishedKids() {
        return keys.publishedKids();
    }

    /** Generates a new next key (replacing an unused next key) and publishes it. Returns its kid. */
    public String publishNextKey() {
        return keys.publishNextKey();
    }

    /** Starts signing with the next key; the current key becomes the previous one and stays published. Returns the new kid. */
    public String rotateSigningKey() {
        return keys.rotate();
    }

    /** Removes the previous key from the JWKS: tokens it signed no longer verify. */
    public void revokePreviousKey() {
        keys.revokePrevious();
    }

    // ------------------------------------------------------------------ seeding

    /** The grant types POST /clients accepts (held to Auth0's definition by a test). */
    static Set<String> acceptedGrantTypes() {
        return RequestBodies.GRANT_TYPES;
    }

    /** A machine-to-machine application granted the given Management API scopes (all connector scopes when none given). */
    public Credentials createManagementApplication(String... scopes) {
        Credentials c = createM2MApplication("management-" + Ids.randomString(6));
        grant(c.clientId(), managementAudience(), scopes.length == 0 ? CONNECTOR_SCOPES.toArray(new String[0]) : scopes);
        return c;
    }

    /** Creates an API (resource server) with the given identifier and scope values; returns its id. */
    public String createResourceServer(String identifier, String... scopes) {
        return state.createResourceServer(identifier, Arrays.asList(scopes));
    }

    /** Creates a non_interactive application with the client_credentials grant. */
    public Credentials createM2MApplication(String name) {
        return createApplication(name, "non_interactive", "client_secret_post", "client_credentials");
    }

    /**
     * Creates an application with exactly these settings and no client_metadata, as a connector other than this
     * project's (for example the stock WSO2 Auth0 connector 1.0.1) would have written it.
     */
    public Credentials createApplication(String name, String appType, String tokenEndpointAuthMethod,
                                         String... grantTypes) {
        ObjectNode c = SimJwt.JSON.createObjectNode();
        c.put("name", name);
        c.put("app_type", appType);
        ArrayNode g = c.putArray("grant_types");
        for (String grantType : grantTypes) {
            g.add(grantType);
        }
        c.put("token_endpoint_auth_method", tokenEndpointAuthMethod);
        return state.createClient(c);
    }

    /** Grants a client the scopes on an audience (replacing the scopes of an existing grant); returns the grant id. */
    public String grant(String clientId, String audience, String... scopes) {
        return state.grant(clientId, audience, scopes);
    }

    /**
     * Gives a client a user-access grant (subject type {@code user}) on an audience, beside any client-credentials
     * grant; it never lets the client get a client_credentials token. Returns the grant id.
     */
    public String grantUserAccess(String clientId, String audience, String... scopes) {
        return state.grantUserAccess(clientId, audience, scopes);
    }

    /** The tenant's default audience, used when a token request names none (unset by default, like a new tenant). */
    public void setDefaultAudience(String audience) {
        state.setDefaultAudience(audience);
    }

    /** Changes a resource server's token dialect (for example {@code access_token_authz}). */
    public void setTokenDialect(String identifierOrId, String dialect) {
        state.setResourceServerMember(identifierOrId, "token_dialect", TextNode.valueOf(dialect));
    }

    public void setTokenLifetime(String identifierOrId, int seconds) {
        state.setResourceServerMember(identifierOrId, "token_lifetime", IntNode.valueOf(seconds));
    }

    /** Adds scope values to a resource server directly, as another administrator would. */
    public void addResourceServerScopes(String identifierOrId, String... values) {
        state.addResourceServerScopes(identifierOrId, values);
    }

    /** Removes scope values from a resource server directly. */
    public void removeResourceServerScopes(String identifierOrId, String... values) {
        state.removeResourceServerScopes(identifierOrId, values);
    }

    // ------------------------------------------------------------------ tokens

    /** Standard Auth0 M2M claims for a client and audience, valid for an hour; a mutable map to tweak. */
    public Map<String, Object> m2mClaims(String clientId, String audience, String... scopes) {
        return TokenEndpoint.m2mClaims(issuer(), clientId, audience, scopes);
    }

    /** Signs claims with the current tenant key and the standard header (alg RS256, typ JWT, kid). */
    public String mintToken(Map<String, Object> claims) {
        return mintToken(Map.of(), claims);
    }

    /**
     * Signs claims with the current tenant key; entries of {@code headerOverrides} replace or add header
     * fields (a null value removes one). {@code alg none} gives an unsigned token, {@code alg HS256} one
     * signed with the public key as HMAC secret.
     */
    public String mintToken(Map<String, Object> headerOverrides, Map<String, Object> claims) {
        return keys.sign(headerOverrides, claims);
    }

    /** Signs with a freshly generated key that the JWKS does not publish (a forgery), under the given kid. */
    public String mintTokenWithForeignKey(String kid, Map<String, Object> claims) {
        return SigningKeys.signWithForeignKey(kid, claims);
    }

    // ------------------------------------------------------------------ state for assertions

    /** Copies of every client as the Management API stores it (secrets included). */
    public List<JsonNode> clients() {
        return state.clientCopies();
    }

    public Optional<JsonNode> client(String clientId) {
        return state.clientCopy(clientId);
    }

    public List<JsonNode> grants() {
        return state.grantCopies();
    }

    /** Grants of one client. */
    public List<JsonNode> grantsOf(String clientId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode g : grants()) {
            if (clientId.equals(g.path("client_id").asText())) {
                out.add(g);
            }
        }
        return out;
    }

    /** Scopes of the grant of a client on an audience; empty when there is no grant. */
    public Optional<List<String>> grantedScopes(String clientId, String audience) {
        return state.grantedScopes(clientId, audience);
    }

    public Optional<JsonNode> resourceServer(String identifierOrId) {
        return state.resourceServerCopy(identifierOrId);
    }

    public List<String> resourceServerScopes(String identifierOrId) {
        return state.resourceServerScopes(identifierOrId);
    }

    // ------------------------------------------------------------------ faults

    /**
     * The next {@code times} requests whose path starts with {@code pathPrefix} (and whose method matches,
     * null or "*" for any) get {@code status} (a 5xx) with an Auth0 error body.
     */
    public void failNext(String method, String pathPrefix, int status, int times) {
        faults.failNext(method, pathPrefix, status, times);
    }

    /** The next {@code times} requests under {@code pathPrefix} get 429 with x-ratelimit-* headers resetting in the given seconds. */
    public void rateLimitNext(String pathPrefix, int times, long retryAfterSeconds) {
        faults.rateLimitNext(pathPrefix, times, retryAfterSeconds);
    }

    /** Every request under {@code pathPrefix} waits {@code millis} before it is served (0 removes the delay). */
    public void delay(String pathPrefix, long millis) {
        faults.delay(pathPrefix, millis);
    }

    /**
     * The next {@code times} requests with this method under {@code pathPrefix} are carried out at once, but their
     * reply is sent only after {@code millis}: a caller that times out meanwhile cannot tell whether it happened.
     */
    public void replyLateNext(String method, String pathPrefix, long millis, int times) {
        faults.replyLateNext(method, pathPrefix, millis, times);
    }

    /** While down, the JWKS endpoint answers 503. */
    public void jwksDown(boolean down) {
        faults.jwksDown(down);
    }

    /**
     * Runs {@code change} right after the next GET of the resource server has been answered: the caller
     * now holds a stale copy, as when another administrator edits the API between its read and its write.
     */
    public void afterNextResourceServerRead(String identifierOrId, Runnable change) {
        String id;
        id = state.resourceServerId(identifierOrId);
        faults.afterNextResourceServerRead(id, change);
    }

    /** Removes every pending fault, delay and hook (counters are kept). */
    public void clearFaults() {
        faults.clear();
    }

    // ------------------------------------------------------------------ counters

    public int tokenRequests() {
        return requests("POST", "/oauth/token");
    }

    public int jwksFetches() {
        return requests("GET", "/.well-known/jwks.json");
    }

    public int managementRequests() {
        return requests("*", "/api/v2/");
    }

    /** Requests whose method matches ("*" for any) and whose path starts with the prefix, faulted ones included. */
    public int requests(String method, String pathPrefix) {
        return requestLog.count(method, pathPrefix);
    }

    public void resetCounters() {
        requestLog.clear();
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod().toUpperCase();
        String rawPath = ex.getRequestURI().getRawPath();
        byte[] body = new byte[0];
        Reply reply;
        boolean injected = false;
        try {
            requestLog.record(method, rawPath);
            body = readAll(ex.getRequestBody());
            faults.applyDelay(rawPath);
            reply = faults.injectedFault(method, rawPath);
            injected = reply != null;
            if (reply == null) {
                reply = route(ex, method, rawPath, body);
            }
            faults.holdLateReply(method, rawPath);
        } catch (RuntimeException e) {
            reply = mgmtError(500, "Internal Server Error", "simulator failure: " + e.getClass().getSimpleName(), null);
        }
        try {
            byte[] replyBody = reply.body == null ? null : SimJwt.JSON.writeValueAsBytes(reply.body);
            ServedExchanges.record(new ServedExchange(method, rawPath, ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body, reply.status, reply.headers, replyBody, injected));
            send(ex, reply, replyBody);
        } finally {
            ex.close();
        }
    }

    private Reply route(HttpExchange ex, String method, String rawPath, byte[] body) {
        if (rawPath.equals("/.well-known/openid-configuration") && method.equals("GET")) {
            return new Reply(200, Discovery.document(baseUrl));
        }
        if (rawPath.equals("/.well-known/jwks.json") && method.equals("GET")) {
            if (faults.jwksDown()) {
                return mgmtError(503, "Service Unavailable", "JWKS unavailable", null);
            }
            return new Reply(200, keys.jwks());
        }
        if (rawPath.equals("/oauth/token")) {
            if (!method.equals("POST")) {
                return notFound();
            }
            return tokens.handle(ex.getRequestHeaders().getFirst("Content-Type"),
                    ex.getRequestHeaders().getFirst("Authorization"), body);
        }
        if (rawPath.startsWith("/api/v2/")) {
            return management(ex, method, rawPath.substring("/api/v2/".length()), body);
        }
        return notFound();
    }

    // ------------------------------------------------------------------ Management API

    private record Caller(Set<String> scopes) {
        boolean has(String scope) {
            return scopes.contains(scope);
        }
    }

    private Reply management(HttpExchange ex, String method, String path, byte[] body) {
        Object auth = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
        if (auth instanceof Reply r) {
            return r;
        }
        Caller caller = (Caller) auth;
        Map<String, String> query = parseForm(Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse(""));
        String[] seg = path.split("/", -1);
        JsonNode json = null;
        if (method.equals("POST") || method.equals("PATCH") || method.equals("PUT")) {
            String ct = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")).toLowerCase();
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
                    return clientsEndpoint(caller, method, seg, (ObjectNode) json, query);
                case "client-grants":
                    return grantsEndpoint(caller, method, seg, (ObjectNode) json, query);
                case "resource-servers":
                    return resourceServersEndpoint(caller, method, seg, (ObjectNode) json, query);
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
        if (!issuer().equals(c.path("iss").asText())) {
            return invalidToken("Invalid token");
        }
        long now = System.currentTimeMillis() / 1000;
        if (!c.path("exp").canConvertToLong() || c.path("exp").asLong() <= now) {
            return invalidToken("Expired token received for JSON Web Token validation");
        }
        JsonNode aud = c.get("aud");
        boolean audOk = aud != null && (aud.isArray()
                ? texts(aud).contains(managementAudience())
                : managementAudience().equals(aud.asText()));
        if (!audOk) {
            return invalidToken("Bad audience: " + (aud == null ? "" : aud.isArray() ? joinArray(aud) : aud.asText()));
        }
        return new Caller(new LinkedHashSet<>(splitScopes(c.path("scope").asText(""))));
    }

    private static Reply insufficientScope(Caller caller, String... anyOf) {
        for (String s : anyOf) {
            if (caller.has(s)) {
                return null;
            }
        }
        return mgmtError(403, "Forbidden", "Insufficient scope, expected any of: " + String.join(",", anyOf),
                "insufficient_scope");
    }

    private Reply clientsEndpoint(Caller caller, String method, String[] seg, ObjectNode json, Map<String, String> query) {
        Reply denied;
        if (seg.length == 1 || (seg.length == 2 && seg[1].isEmpty())) {
            if (method.equals("POST")) {
                if ((denied = insufficientScope(caller, "create:clients")) != null) {
                    return denied;
                }
                Reply invalid = validateBody(RequestBodies.CREATE_CLIENT, json);
                if (invalid != null) {
                    return invalid;
                }
                return new Reply(201, state.storeNewClient(json).deepCopy());
            }
            if (method.equals("GET")) {
                if ((denied = insufficientScope(caller, "read:clients", "read:client_keys")) != null) {
                    return denied;
                }
                return listClients(caller, query);
            }
            return notFound();
        }
        String id = urlDecode(seg[1]);
        if (seg.length == 3 && seg[2].equals("rotate-secret") && method.equals("POST")) {
            if ((denied = insufficientScope(caller, "update:client_keys")) != null) {
                return denied;
            }
            ObjectNode c = state.client(id);
            if (c == null) {
                return inexistentClient();
            }
            c.put("client_secret", Ids.randomSecret());
            return new Reply(200, c.deepCopy());
        }
        if (seg.length != 2) {
            return notFound();
        }
        switch (method) {
            case "GET": {
                if ((denied = insufficientScope(caller, "read:clients", "read:client_keys")) != null) {
                    return denied;
                }
                ObjectNode c = state.client(id);
                return c == null ? inexistentClient() : new Reply(200, clientView(c, caller));
            }
            case "PATCH": {
                if ((denied = insufficientScope(caller, "update:clients", "update:client_keys")) != null) {
                    return denied;
                }
                ObjectNode c = state.client(id);
                if (c == null) {
                    return inexistentClient();
                }
                if (json.has("client_secret") && !caller.has("update:client_keys")) {
                    return mgmtError(403, "Forbidden", "Insufficient scope, expected any of: update:client_keys",
                            "insufficient_scope");
                }
                Reply invalid = validateBody(RequestBodies.UPDATE_CLIENT, json);
                if (invalid != null) {
                    return invalid;
                }
                ObjectNode change = json.deepCopy();
                JsonNode secret = change.remove("client_secret");
                // the definition allows any non-empty secret; Auth0's dashboard and docs ask for at least 32 characters
                if (secret != null && secret.asText().length() < 32) {
                    return invalidBody("Payload validation error: 'String is too short (" + secret.asText().length()
                            + " chars), minimum 32' on property client_secret.");
                }
                patch(c, change);
                if (secret != null) {
                    c.put("client_secret", secret.asText());
                }
                return new Reply(200, clientView(c, caller));
            }
            case "DELETE": {
                if ((denied = insufficientScope(caller, "delete:clients")) != null) {
                    return denied;
                }
                if (!state.removeClient(id)) {
                    return inexistentClient();
                }
                return new Reply(204, null);
            }
            default:
                return notFound();
        }
    }

    /** GET /clients as Auth0 pages it: page (from 0), per_page (default 50, at most 100), fields and include_fields. */
    private Reply listClients(Caller caller, Map<String, String> query) {
        Reply bad = checkQuery(query, Set.of("fields", "include_fields", "page", "per_page", "include_totals",
                "is_global", "is_first_party", "app_type"), 0);
        if (bad != null) {
            return bad;
        }
        Set<String> fields = query.containsKey("fields") ? new LinkedHashSet<>(Arrays.asList(query.get("fields").split(",")))
                : Set.of();
        boolean include = !"false".equals(query.get("include_fields"));
        Set<String> appTypes = query.containsKey("app_type") ? Set.of(query.get("app_type").split(",")) : null;
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode c : state.allClients()) {
            if (appTypes == null || appTypes.contains(c.path("app_type").asText())) {
                ObjectNode v = clientView(c, caller);
                if (!fields.isEmpty()) {
                    List<String> keep = new ArrayList<>();
                    v.fieldNames().forEachRemaining(f -> {
                        if (fields.contains(f) == include) {
                            keep.add(f);
                        }
                    });
                    v.retain(keep);
                }
                matching.add(v);
            }
        }
        return page(matching, query, "clients");
    }

    /**
     * Refuses query parameters a list does not take and page numbers out of Auth0's range: page from 0, per_page
     * from {@code minPerPage} to 100, include_totals a boolean.
     */
    private static Reply checkQuery(Map<String, String> query, Set<String> allowed, int minPerPage) {
        for (String q : query.keySet()) {
            if (!allowed.contains(q)) {
                return invalidQuery("Query validation error: 'Additional properties not allowed: " + q + "'.");
            }
        }
        for (String n : List.of("page", "per_page")) {
            if (!query.containsKey(n)) {
                continue;
            }
            long v;
            try {
                v = Long.parseLong(query.get(n));
            } catch (NumberFormatException e) {
                return invalidQuery("Query validation error: 'Expected type integer but found type string' on property " + n + ".");
            }
            long min = n.equals("page") ? 0 : minPerPage;
            long max = n.equals("page") ? Integer.MAX_VALUE : 100;
            if (v < min || v > max) {
                return invalidQuery("Query validation error: 'Value " + v + " is " + (v < min ? "less than minimum " + min
                        : "greater than maximum " + max) + "' on property " + n + ".");
            }
        }
        for (String n : List.of("include_totals", "include_fields", "is_global", "is_first_party")) {
            String v = query.get(n);
            if (v != null && !v.equals("true") && !v.equals("false")) {
                return invalidQuery("Query validation error: 'Expected type boolean but found type string' on property " + n + ".");
            }
        }
        return null;
    }

    /** One page of a list, with Auth0's defaults: page 0, 50 a page; include_totals gives {start, limit, total, name}. */
    private static Reply page(List<? extends JsonNode> all, Map<String, String> query, String name) {
        int page = Integer.parseInt(query.getOrDefault("page", "0"));
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "50"));
        ArrayNode arr = SimJwt.JSON.createArrayNode();
        long from = (long) page * perPage;
        for (long i = from; i < Math.min(all.size(), from + perPage); i++) {
            arr.add(all.get((int) i).deepCopy());
        }
        if ("true".equals(query.get("include_totals"))) {
            ObjectNode o = SimJwt.JSON.createObjectNode();
            o.put("start", from);
            o.put("limit", perPage);
            o.put("total", all.size());
            o.set(name, arr);
            return new Reply(200, o);
        }
        return new Reply(200, arr);
    }

    private ObjectNode clientView(ObjectNode c, Caller caller) {
        ObjectNode v = c.deepCopy();
        if (!caller.has("read:client_keys")) {
            v.remove("client_secret");
        }
        return v;
    }

    private Reply grantsEndpoint(Caller caller, String method, String[] seg, ObjectNode json, Map<String, String> query) {
        Reply denied;
        if (seg.length == 1 || (seg.length == 2 && seg[1].isEmpty())) {
            if (method.equals("POST")) {
                if ((denied = insufficientScope(caller, "create:client_grants")) != null) {
                    return denied;
                }
                Reply invalid = validateBody(RequestBodies.CREATE_CLIENT_GRANT, json);
                if (invalid != null) {
                    return invalid;
                }
                if (!json.has("client_id")) {
                    // the definition allows default_for instead of client_id; the simulator keeps no default grants
                    return invalidBody("Payload validation error: 'Missing required property: client_id'.");
                }
                String clientId = json.get("client_id").asText();
                String audience = json.get("audience").asText();
                String subjectType = json.path("subject_type").asText("client");
                if (state.client(clientId) == null) {
                    return mgmtError(404, "Not Found", "Client not found", "inexistent_client");
                }
                ObjectNode rs = state.findResourceServerByIdentifier(audience);
                if (rs == null) {
                    return mgmtError(404, "Not Found", "No resource server found with identifier " + audience,
                            "inexistent_resource_server");
                }
                JsonNode scope = json.has("scope") ? json.get("scope") : SimJwt.JSON.createArrayNode();
                Reply undefined = undefinedScopes(rs, scope);
                if (undefined != null) {
                    return undefined;
                }
                if (state.findGrant(clientId, audience, subjectType) != null) {
                    return mgmtError(409, "Conflict", "A client grant for this client, audience and subject type already exists",
                            "client_grant_conflict");
                }
                ObjectNode g = SimJwt.JSON.createObjectNode();
                g.put("id", Ids.newGrantId());
                g.put("client_id", clientId);
                g.put("audience", audience);
                g.set("scope", scope.deepCopy());
                for (String f : List.of("subject_type", "organization_usage", "allow_any_organization",
                        "authorization_details_types", "allow_all_scopes")) {
                    if (json.has(f)) {
                        g.set(f, json.get(f).deepCopy());
                    }
                }
                state.putGrant(g);
                return new Reply(201, g.deepCopy());
            }
            if (method.equals("GET")) {
                if ((denied = insufficientScope(caller, "read:client_grants")) != null) {
                    return denied;
                }
                Reply bad = checkQuery(query, Set.of("per_page", "page", "include_totals", "audience", "client_id",
                        "allow_any_organization", "subject_type"), 1);
                if (bad != null) {
                    return bad;
                }
                String subjectType = query.get("subject_type");
                if (subjectType != null && !RequestBodies.SUBJECT_TYPES.contains(subjectType)) {
                    return invalidQuery("Query validation error: 'No enum match for: \"" + subjectType
                            + "\"' on property subject_type.");
                }
                List<ObjectNode> matching = new ArrayList<>();
                for (ObjectNode g : state.allGrants()) {
                    if (query.containsKey("client_id") && !query.get("client_id").equals(g.get("client_id").asText())) {
                        continue;
                    }
                    if (query.containsKey("audience") && !query.get("audience").equals(g.get("audience").asText())) {
                        continue;
                    }
                    if (subjectType != null && !subjectType.equals(g.path("subject_type").asText("client"))) {
                        continue;
                    }
                    matching.add(g);
                }
                return page(matching, query, "client_grants");
            }
            return notFound();
        }
        if (seg.length != 2) {
            return notFound();
        }
        String id = urlDecode(seg[1]);
        switch (method) {
            case "GET": {
                if ((denied = insufficientScope(caller, "read:client_grants")) != null) {
                    return denied;
                }
                ObjectNode g = state.grantById(id);
                return g == null ? inexistentGrant() : new Reply(200, g.deepCopy());
            }
            case "PATCH": {
                if ((denied = insufficientScope(caller, "update:client_grants")) != null) {
                    return denied;
                }
                ObjectNode g = state.grantById(id);
                if (g == null) {
                    return inexistentGrant();
                }
                Reply invalid = validateBody(RequestBodies.UPDATE_CLIENT_GRANT, json);
                if (invalid != null) {
                    return invalid;
                }
                if (json.isEmpty()) {
                    return invalidBody("Payload validation error: 'Too few properties defined (0), minimum 1'.");
                }
                if (json.hasNonNull("scope")) {
                    Reply undefined = undefinedScopes(state.findResourceServerByIdentifier(g.get("audience").asText()), json.get("scope"));
                    if (undefined != null) {
                        return undefined;
                    }
                }
                ObjectNode change = json.deepCopy();
                if (change.has("scope") && change.get("scope").isNull()) {
                    change.putArray("scope"); // null clears the scopes; the grant keeps an empty list
                }
                patch(g, change);
                return new Reply(200, g.deepCopy());
            }
            case "DELETE": {
                if ((denied = insufficientScope(caller, "delete:client_grants")) != null) {
                    return denied;
                }
                if (!state.removeGrant(id)) {
                    return inexistentGrant();
                }
                return new Reply(204, null);
            }
            default:
                return notFound();
        }
    }

    private Reply undefinedScopes(ObjectNode rs, JsonNode requested) {
        if (rs == null) {
            return null;
        }
        Set<String> defined = scopeValues(rs.get("scopes"));
        List<String> undefined = new ArrayList<>();
        for (JsonNode s : requested) {
            if (!defined.contains(s.asText())) {
                undefined.add(s.asText());
            }
        }
        if (!undefined.isEmpty()) {
            return invalidBody("Scopes are not defined by the resource server "
                    + rs.get("identifier").asText() + ": " + String.join(",", undefined));
        }
        return null;
    }

    private Reply resourceServersEndpoint(Caller caller, String method, String[] seg, ObjectNode json,
                                          Map<String, String> query) {
        Reply denied;
        if (seg.length == 1 || (seg.length == 2 && seg[1].isEmpty())) {
            if (method.equals("POST")) {
                if ((denied = insufficientScope(caller, "create:resource_servers")) != null) {
                    return denied;
                }
                Reply invalid = validateResourceServer(RequestBodies.CREATE_RESOURCE_SERVER, json);
                if (invalid != null) {
                    return invalid;
                }
                String identifier = json.get("identifier").asText();
                if (identifier.equals(managementAudience()) || state.findResourceServerByIdentifier(identifier) != null) {
                    return mgmtError(409, "Conflict", "A resource server with the same identifier already exists",
                            "conflict");
                }
                ObjectNode rs = state.newResourceServer(json.path("name").asText(identifier), identifier, List.of());
                ObjectNode fields = json.deepCopy();
                fields.remove("identifier");
                patch(rs, fields);
                return new Reply(201, rs.deepCopy());
            }
            if (!method.equals("GET")) {
                return notFound();
            }
            if ((denied = insufficientScope(caller, "read:resource_servers")) != null) {
                return denied;
            }
            Reply bad = checkQuery(query, Set.of("identifiers", "page", "per_page", "include_totals", "include_fields"), 1);
            if (bad != null) {
                return bad;
            }
            List<ObjectNode> all = new ArrayList<>();
            Set<String> identifiers = query.containsKey("identifiers") ? Set.of(query.get("identifiers").split(",")) : null;
            for (ObjectNode rs : state.allResourceServers()) {
                if (identifiers == null || identifiers.contains(rs.get("identifier").asText())) {
                    all.add(rs);
                }
            }
            return page(all, query, "resource_servers");
        }
        if (seg.length != 2) {
            return notFound();
        }
        ObjectNode rs = state.findResourceServer(urlDecode(seg[1]));
        switch (method) {
            case "GET": {
                if ((denied = insufficientScope(caller, "read:resource_servers")) != null) {
                    return denied;
                }
                if (rs == null) {
                    return inexistentResourceServer();
                }
                Reply r = new Reply(200, rs.deepCopy());
                Runnable hook = faults.takeAfterRead(rs.get("id").asText());
                if (hook != null) {
                    hook.run(); // runs under the state lock, after the reply was copied: the caller's view is now stale
                }
                return r;
            }
            case "PATCH": {
                if ((denied = insufficientScope(caller, "update:resource_servers")) != null) {
                    return denied;
                }
                if (rs == null) {
                    return inexistentResourceServer();
                }
                if (rs.path("is_system").asBoolean(false)) {
                    return mgmtError(400, "Bad Request", "System resource servers cannot be patched", "operation_not_supported");
                }
                Reply invalid = validateResourceServer(RequestBodies.UPDATE_RESOURCE_SERVER, json);
                if (invalid != null) {
                    return invalid;
                }
                patch(rs, json);
                return new Reply(200, rs.deepCopy());
            }
            case "DELETE": {
                if ((denied = insufficientScope(caller, "delete:resource_servers")) != null) {
                    return denied;
                }
                if (rs == null) {
                    return inexistentResourceServer();
                }
                if (rs.path("is_system").asBoolean(false)) {
                    return mgmtError(400, "Bad Request", "System resource servers cannot be deleted", "operation_not_supported");
                }
                state.removeResourceServer(rs.get("id").asText());
                return new Reply(204, null);
            }
            default:
                return notFound();
        }
    }

    /** The definition's rules, and one Auth0 states in words: scope values are unique on a resource server. */
    private static Reply validateResourceServer(BodyRule rule, ObjectNode json) {
        Reply invalid = validateBody(rule, json);
        if (invalid != null) {
            return invalid;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode s : json.path("scopes")) {
            if (!seen.add(s.get("value").asText())) {
                return invalidBody("Payload validation error: duplicate scope value " + s.get("value").asText());
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ helpers

    private static Reply inexistentClient() {
        return mgmtError(404, "Not Found", "The client does not exist", "inexistent_client");
    }

    private static Reply inexistentGrant() {
        return mgmtError(404, "Not Found", "The client grant does not exist", "inexistent_client_grant");
    }

    private static Reply inexistentResourceServer() {
        return mgmtError(404, "Not Found", "The resource server does not exist", "inexistent_resource_server");
    }

    private static void send(HttpExchange ex, Reply reply, byte[] bytes) throws IOException {
        reply.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (bytes == null) {
            ex.sendResponseHeaders(reply.status, -1);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(reply.status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static String joinArray(JsonNode arr) {
        return String.join(",", texts(arr));
    }

}
