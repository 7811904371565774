package dev.apimauth0.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>This class is the facade that tests, the demo and the tools use; the parts sit beside it, one concern each:
 * {@link TenantState} (clients, grants, resource servers), {@link SigningKeys}, {@link TokenEndpoint},
 * {@link Discovery}, {@link ManagementApi} with {@link ClientsResource}, {@link ClientGrantsResource} and
 * {@link ResourceServersResource}, {@link FaultInjector}, {@link RequestLog}, and {@link TenantHandler}, which
 * takes each request through them.
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
    private final TenantHandler handler;

    private Auth0TenantSimulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        this.state = new TenantState(managementAudience(), MANAGEMENT_SCOPES);
        this.handler = new TenantHandler(baseUrl, keys, faults, requestLog, new TokenEndpoint(state, keys, issuer()),
                new ManagementApi(state, keys, faults, issuer(), managementAudience()));
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
            server.createContext("/", sim.handler);
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
}
