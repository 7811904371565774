package dev.apimauth0.auth0.client;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.http.impl.client.CloseableHttpClient;

import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Calls an Auth0 tenant: the token endpoint (client_credentials) and the Management API v2 parts a key
 * manager needs. One instance per key manager: it owns a small pool of keep-alive connections with
 * connect and read timeouts, and the Management API token, which it caches until shortly before expiry
 * and refreshes with exactly one request however many threads need it ({@link ManagementToken}).
 *
 * <p>Resilience ({@link Transport}): a 429 is waited out until Auth0's x-ratelimit-reset when that fits the wait
 * budget (the request was not processed, so any call may be repeated); a 5xx or a timeout is retried with backoff
 * only for calls that are safe to repeat (GET, DELETE, token requests, and PATCHes that set a whole value).
 * POST /clients and rotate-secret are never repeated after the request may have reached Auth0. A call
 * that could not connect at all is repeated, since nothing reached Auth0.
 *
 * <p>This class is the facade; the calls live in one part per concern: {@link TokenEndpoint}, {@link Clients},
 * {@link ClientGrants}, {@link ResourceServers} and {@link Discovery}.
 *
 * <p>Every failure is an {@link Auth0Exception}; no secret or token appears in a message or a log line.
 */
public final class Auth0Client implements Closeable {

    private static final Log LOG = LogFactory.getLog(Auth0Client.class);

    private final Auth0ClientConfig config;
    private final CloseableHttpClient http;
    private final TokenEndpoint tokenEndpoint;
    private final ManagementToken managementToken;
    private final Clients clients;
    private final ClientGrants clientGrants;
    private final ResourceServers resourceServers;
    private final Discovery discovery;

    /** How a client authenticates at the token endpoint (Auth0's token_endpoint_auth_method). */
    public enum ClientAuthentication {
        /** client_id and client_secret in the form body. */
        CLIENT_SECRET_POST,
        /** HTTP Basic with the form-encoded client_id and client_secret (RFC 6749 section 2.3.1). */
        CLIENT_SECRET_BASIC;

        /** client_secret_basic gives BASIC; anything else (client_secret_post, unknown, null) gives POST. */
        public static ClientAuthentication of(String tokenEndpointAuthMethod) {
            return "client_secret_basic".equals(tokenEndpointAuthMethod) ? CLIENT_SECRET_BASIC : CLIENT_SECRET_POST;
        }
    }

    public Auth0Client(Auth0ClientConfig config) {
        this.config = config;
        this.http = Auth0Http.create(config.connectTimeoutMillis(), config.readTimeoutMillis(), config.maxConnections());
        Transport transport = new Transport(config, http);
        this.tokenEndpoint = new TokenEndpoint(config, transport);
        this.managementToken = new ManagementToken(config, tokenEndpoint);
        ManagementApi api = new ManagementApi(config, transport, managementToken);
        this.clients = new Clients(api);
        this.clientGrants = new ClientGrants(api);
        this.resourceServers = new ResourceServers(api);
        this.discovery = new Discovery(transport);
    }

    public Auth0ClientConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            LOG.debug("closing the Auth0 HTTP client failed: " + e.getClass().getSimpleName());
        }
    }

    // ------------------------------------------------------------------ token endpoint

    /**
     * client_credentials at the token endpoint (client_secret_post).
     *
     * @param scopes the scopes to ask for; null or empty asks for every granted scope
     */
    public TokenResponse clientCredentialsToken(String clientId, String clientSecret, String audience,
                                                Collection<String> scopes) throws Auth0Exception {
        return clientCredentialsToken(clientId, clientSecret, audience, scopes, ClientAuthentication.CLIENT_SECRET_POST);
    }

    /**
     * client_credentials at the token endpoint, authenticating the way the application is registered with Auth0:
     * Auth0 refuses a client_secret_basic application whose secret comes in the body.
     *
     * @param scopes the scopes to ask for; null or empty asks for every granted scope
     */
    public TokenResponse clientCredentialsToken(String clientId, String clientSecret, String audience,
                                                Collection<String> scopes, ClientAuthentication authentication)
            throws Auth0Exception {
        return tokenEndpoint.clientCredentials(clientId, clientSecret, audience, scopes, authentication);
    }

    /** Number of Management API token requests made so far (for metrics and tests). */
    public int managementTokenRequests() {
        return managementToken.requests();
    }

    /** Drops the cached Management API token if it is still the given one (null drops whatever is cached). */
    public void invalidateManagementToken(String token) {
        managementToken.invalidate(token);
    }

    // ------------------------------------------------------------------ clients

    public Auth0Application createClient(ApplicationSpec spec) throws Auth0Exception {
        return clients.create(spec);
    }

    /**
     * The client ids of the applications named exactly {@code name}. Auth0 has no filter by name, so this pages
     * through GET /clients (100 a page, only client_id and name) up to {@code maxPages}: use it only to settle
     * what an unanswered POST /clients did.
     */
    public List<String> findClientIdsByName(String name, int maxPages) throws Auth0Exception {
        return clients.findIdsByName(name, maxPages);
    }

    public Auth0Application getClient(String clientId) throws Auth0Exception {
        return clients.get(clientId);
    }

    /** PATCH /clients/{id} with the fields set on the spec (a PATCH that sets values is safe to repeat). */
    public Auth0Application updateClient(String clientId, ApplicationSpec spec) throws Auth0Exception {
        return clients.update(clientId, spec);
    }

    public void deleteClient(String clientId) throws Auth0Exception {
        clients.delete(clientId);
    }

    /** Gives the client a new secret; never repeated, since a repeat would silently rotate again. */
    public Auth0Application rotateClientSecret(String clientId) throws Auth0Exception {
        return clients.rotateSecret(clientId);
    }

    // ------------------------------------------------------------------ client grants

    public ClientGrant createClientGrant(String clientId, String audience, Collection<String> scopes) throws Auth0Exception {
        return clientGrants.create(clientId, audience, scopes);
    }

    /**
     * The client-credentials grants (subject type {@code client}) filtered by client and/or audience (either may be
     * null), paged to the end. User-access grants of the same client and API are left out: they give no token to a
     * client_credentials request.
     */
    public List<ClientGrant> findClientGrants(String clientId, String audience) throws Auth0Exception {
        return clientGrants.find(clientId, audience);
    }

    /** Sets the scopes of a grant (a whole-value PATCH: safe to repeat). */
    public ClientGrant updateClientGrant(String grantId, Collection<String> scopes) throws Auth0Exception {
        return clientGrants.update(grantId, scopes);
    }

    public void deleteClientGrant(String grantId) throws Auth0Exception {
        clientGrants.delete(grantId);
    }

    // ------------------------------------------------------------------ resource servers

    /** By id or by identifier (the API audience), URL-encoded. */
    public ResourceServer getResourceServer(String idOrIdentifier) throws Auth0Exception {
        return resourceServers.get(idOrIdentifier);
    }

    /**
     * Replaces the scopes of a resource server. A whole-value PATCH, so a repeat writes the same list;
     * callers that read-modify-write must re-read afterwards to see concurrent edits.
     */
    public ResourceServer updateResourceServerScopes(String idOrIdentifier, List<ResourceServerScope> scopes) throws Auth0Exception {
        return resourceServers.updateScopes(idOrIdentifier, scopes);
    }

    /**
     * POST /resource-servers: a new API. Never repeated after the request may have reached Auth0 (a repeat of a
     * create answers 409); callers look the identifier up first.
     *
     * @param tokenDialect null leaves Auth0's default
     */
    public ResourceServer createResourceServer(String identifier, String name, String signingAlg, String tokenDialect,
                                               List<ResourceServerScope> scopes) throws Auth0Exception {
        return resourceServers.create(identifier, name, signingAlg, tokenDialect, scopes);
    }

    // ------------------------------------------------------------------ discovery and keys

    /** GET of the tenant's /.well-known/openid-configuration (or any URL serving such a document). */
    public OpenIdConfiguration openIdConfiguration(String url) throws Auth0Exception {
        return discovery.openIdConfiguration(url);
    }

    /** GET of a JWKS: which keys it publishes, with their types and algorithms. */
    public JsonWebKeySet jsonWebKeySet(String jwksUri) throws Auth0Exception {
        return discovery.jsonWebKeySet(jwksUri);
    }
}
