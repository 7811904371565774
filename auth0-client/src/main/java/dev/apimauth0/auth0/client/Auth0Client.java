package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.NameValuePair;
import org.apache.http.client.entity.UrlEncodedFormEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpDelete;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPatch;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.message.BasicNameValuePair;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UnsupportedEncodingException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls an Auth0 tenant: the token endpoint (client_credentials) and the Management API v2 parts a key
 * manager needs. One instance per key manager: it owns a small pool of keep-alive connections with
 * connect and read timeouts, and the Management API token, which it caches until shortly before expiry
 * and refreshes with exactly one request however many threads need it.
 *
 * <p>Resilience: a 429 is waited out until Auth0's x-ratelimit-reset when that fits the wait budget (the
 * request was not processed, so any call may be repeated); a 5xx or a timeout is retried with backoff only
 * for calls that are safe to repeat (GET, DELETE, token requests, and PATCHes that set a whole value).
 * POST /clients and rotate-secret are never repeated after the request may have reached Auth0. A call
 * that could not connect at all is repeated, since nothing reached Auth0.
 *
 * <p>Every failure is an {@link Auth0Exception}; no secret or token appears in a message or a log line.
 */
public final class Auth0Client implements Closeable {

    private static final Log LOG = LogFactory.getLog(Auth0Client.class);
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final long MAX_BACKOFF_MS = 5000;

    private final Auth0ClientConfig config;
    private final CloseableHttpClient http;
    private final Object tokenLock = new Object();
    private volatile CachedToken managementToken;
    private final AtomicInteger managementTokenRequests = new AtomicInteger();

    private static final class CachedToken {
        final String value;
        final long refreshAtMillis;

        CachedToken(String value, long refreshAtMillis) {
            this.value = value;
            this.refreshAtMillis = refreshAtMillis;
        }
    }

    /** What one call is and whether repeating it is safe. */
    private static final class Call {
        final String method;
        final URI uri;
        final String operation;
        final HttpEntity body;
        final boolean management;
        final boolean repeatable;
        final String[] secrets;
        /** An Authorization header value of its own (client_secret_basic), or null. */
        final String authorization;

        Call(String method, URI uri, String operation, HttpEntity body, boolean management, boolean repeatable, String... secrets) {
            this(null, method, uri, operation, body, management, repeatable, secrets);
        }

        Call(String authorization, String method, URI uri, String operation, HttpEntity body, boolean management,
             boolean repeatable, String... secrets) {
            this.method = method;
            this.uri = uri;
            this.operation = operation;
            this.body = body;
            this.management = management;
            this.repeatable = repeatable;
            this.authorization = authorization;
            this.secrets = secrets;
        }
    }

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
        requireArg("client_id", clientId);
        requireArg("client_secret", clientSecret);
        requireArg("audience", audience);
        List<NameValuePair> form = new ArrayList<>();
        form.add(new BasicNameValuePair("grant_type", "client_credentials"));
        String authorization = null;
        if (authentication == ClientAuthentication.CLIENT_SECRET_BASIC) {
            String pair = formEncode(clientId) + ":" + formEncode(clientSecret);
            authorization = "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        } else {
            form.add(new BasicNameValuePair("client_id", clientId));
            form.add(new BasicNameValuePair("client_secret", clientSecret));
        }
        form.add(new BasicNameValuePair("audience", audience));
        if (scopes != null && !scopes.isEmpty()) {
            form.add(new BasicNameValuePair("scope", joinScopes(scopes)));
        }
        // a token request changes nothing at Auth0: repeating it is safe
        Call call = new Call(authorization, "POST", config.tokenEndpoint(), "POST /oauth/token",
                new UrlEncodedFormEntity(form, StandardCharsets.UTF_8), false, true, clientSecret);
        JsonNode reply = execute(call);
        try {
            return TokenResponse.fromJson(reply);
        } catch (IllegalArgumentException e) {
            throw new Auth0Exception(call.operation, 200, Auth0Exception.INVALID_RESPONSE, e.getMessage());
        }
    }

    /** Number of Management API token requests made so far (for metrics and tests). */
    public int managementTokenRequests() {
        return managementTokenRequests.get();
    }

    /** Drops the cached Management API token if it is still the given one (null drops whatever is cached). */
    public void invalidateManagementToken(String token) {
        synchronized (tokenLock) {
            CachedToken t = managementToken;
            if (t != null && (token == null || t.value.equals(token))) {
                managementToken = null;
            }
        }
    }

    private String managementToken() throws Auth0Exception {
        if (config.hasGivenManagementToken()) {
            return config.managementToken();
        }
        CachedToken t = managementToken;
        long now = System.currentTimeMillis();
        if (t != null && now < t.refreshAtMillis) {
            return t.value;
        }
        synchronized (tokenLock) {
            t = managementToken;
            now = System.currentTimeMillis();
            if (t != null && now < t.refreshAtMillis) {
                return t.value;
            }
            managementTokenRequests.incrementAndGet();
            TokenResponse r = clientCredentialsToken(config.clientId(), config.clientSecret(),
                    config.managementAudience(), null);
            long lifetimeMs = r.expiresIn() * 1000L;
            long margin = Math.min(config.tokenRefreshMarginSeconds() * 1000L, lifetimeMs / 2);
            managementToken = new CachedToken(r.accessToken(), System.currentTimeMillis() + lifetimeMs - margin);
            if (LOG.isDebugEnabled()) {
                LOG.debug("obtained a Management API token " + Redaction.tokenHash(r.accessToken()) + " valid for "
                        + r.expiresIn() + " s");
            }
            return r.accessToken();
        }
    }

    // ------------------------------------------------------------------ clients

    public Auth0Application createClient(ApplicationSpec spec) throws Auth0Exception {
        Call call = new Call("POST", mgmt("clients"), "POST /clients", json(spec.toJson()), true, false);
        return parse(call, execute(call), Auth0Application::fromJson);
    }

    /**
     * The client ids of the applications named exactly {@code name}. Auth0 has no filter by name, so this pages
     * through GET /clients (100 a page, only client_id and name) up to {@code maxPages}: use it only to settle
     * what an unanswered POST /clients did.
     */
    public List<String> findClientIdsByName(String name, int maxPages) throws Auth0Exception {
        requireArg("name", name);
        List<String> out = new ArrayList<>();
        for (int page = 0; page < maxPages; page++) {
            Call call = new Call("GET", mgmt("clients?fields=client_id%2Cname&include_fields=true&per_page="
                    + Auth0Limits.PER_PAGE + "&page=" + page),
                    "GET /clients", null, true, true);
            JsonNode reply = execute(call);
            JsonNode items = reply != null && reply.isObject() ? reply.get("clients") : reply;
            if (items == null || !items.isArray()) {
                throw new Auth0Exception(call.operation, 200, Auth0Exception.INVALID_RESPONSE, "expected a list of clients");
            }
            for (JsonNode n : items) {
                if (name.equals(Json.text(n, "name")) && Json.text(n, "client_id") != null) {
                    out.add(Json.text(n, "client_id"));
                }
            }
            if (items.size() < Auth0Limits.PER_PAGE) {
                return out;
            }
        }
        LOG.warn("Auth0 GET /clients: stopped looking for \"" + name + "\" after " + maxPages + " pages");
        return out;
    }

    public Auth0Application getClient(String clientId) throws Auth0Exception {
        requireArg("client_id", clientId);
        Call call = new Call("GET", mgmt("clients/" + enc(clientId)), "GET /clients/{id}", null, true, true);
        return parse(call, execute(call), Auth0Application::fromJson);
    }

    /** PATCH /clients/{id} with the fields set on the spec (a PATCH that sets values is safe to repeat). */
    public Auth0Application updateClient(String clientId, ApplicationSpec spec) throws Auth0Exception {
        requireArg("client_id", clientId);
        Call call = new Call("PATCH", mgmt("clients/" + enc(clientId)), "PATCH /clients/{id}", json(spec.toJson()), true, true);
        return parse(call, execute(call), Auth0Application::fromJson);
    }

    public void deleteClient(String clientId) throws Auth0Exception {
        requireArg("client_id", clientId);
        execute(new Call("DELETE", mgmt("clients/" + enc(clientId)), "DELETE /clients/{id}", null, true, true));
    }

    /** Gives the client a new secret; never repeated, since a repeat would silently rotate again. */
    public Auth0Application rotateClientSecret(String clientId) throws Auth0Exception {
        requireArg("client_id", clientId);
        Call call = new Call("POST", mgmt("clients/" + enc(clientId) + "/rotate-secret"),
                "POST /clients/{id}/rotate-secret", null, true, false);
        return parse(call, execute(call), Auth0Application::fromJson);
    }

    // ------------------------------------------------------------------ client grants

    public ClientGrant createClientGrant(String clientId, String audience, Collection<String> scopes) throws Auth0Exception {
        requireArg("client_id", clientId);
        requireArg("audience", audience);
        ObjectNode body = Json.object();
        body.put("client_id", clientId);
        body.put("audience", audience);
        body.set("scope", Json.array(scopes == null ? Collections.<String>emptyList() : scopes));
        Call call = new Call("POST", mgmt("client-grants"), "POST /client-grants", json(body), true, false);
        return parse(call, execute(call), ClientGrant::fromJson);
    }

    /** The most pages a list is read to: 100,000 entries at Auth0's 100 a page. */
    static final int MAX_PAGES = 1000;

    /**
     * The client-credentials grants (subject type {@code client}) filtered by client and/or audience (either may be
     * null), paged to the end. User-access grants of the same client and API are left out: they give no token to a
     * client_credentials request.
     */
    public List<ClientGrant> findClientGrants(String clientId, String audience) throws Auth0Exception {
        List<ClientGrant> out = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            StringBuilder q = new StringBuilder("client-grants?per_page=").append(Auth0Limits.PER_PAGE)
                    .append("&page=").append(page).append("&include_totals=true");
            if (clientId != null) {
                q.append("&client_id=").append(enc(clientId));
            }
            if (audience != null) {
                q.append("&audience=").append(enc(audience));
            }
            Call call = new Call("GET", mgmt(q.toString()), "GET /client-grants", null, true, true);
            JsonNode reply = execute(call);
            JsonNode items = reply != null && reply.isObject() ? reply.get("client_grants") : reply;
            if (items == null || !items.isArray()) {
                throw new Auth0Exception(call.operation, 200, Auth0Exception.INVALID_RESPONSE, "expected a list of client grants");
            }
            for (JsonNode n : items) {
                ClientGrant g = parse(call, n, ClientGrant::fromJson);
                if (ClientGrant.SUBJECT_CLIENT.equals(g.subjectType())) {
                    out.add(g);
                }
            }
            long total = reply.isObject() && reply.path("total").canConvertToLong() ? reply.get("total").asLong() : -1;
            long seen = (long) page * Auth0Limits.PER_PAGE + items.size();
            if (items.size() < Auth0Limits.PER_PAGE || (total >= 0 && seen >= total)) {
                return out;
            }
        }
        throw new Auth0Exception("GET /client-grants", 200, Auth0Exception.INVALID_RESPONSE,
                "more than " + MAX_PAGES + " pages of client grants");
    }

    /** Sets the scopes of a grant (a whole-value PATCH: safe to repeat). */
    public ClientGrant updateClientGrant(String grantId, Collection<String> scopes) throws Auth0Exception {
        requireArg("grant id", grantId);
        ObjectNode body = Json.object();
        body.set("scope", Json.array(scopes));
        Call call = new Call("PATCH", mgmt("client-grants/" + enc(grantId)), "PATCH /client-grants/{id}", json(body), true, true);
        return parse(call, execute(call), ClientGrant::fromJson);
    }

    public void deleteClientGrant(String grantId) throws Auth0Exception {
        requireArg("grant id", grantId);
        execute(new Call("DELETE", mgmt("client-grants/" + enc(grantId)), "DELETE /client-grants/{id}", null, true, true));
    }

    // ------------------------------------------------------------------ resource servers

    /** By id or by identifier (the API audience), URL-encoded. */
    public ResourceServer getResourceServer(String idOrIdentifier) throws Auth0Exception {
        requireArg("resource server", idOrIdentifier);
        Call call = new Call("GET", mgmt("resource-servers/" + enc(idOrIdentifier)), "GET /resource-servers/{id}", null, true, true);
        return parse(call, execute(call), ResourceServer::fromJson);
    }

    /**
     * Replaces the scopes of a resource server. A whole-value PATCH, so a repeat writes the same list;
     * callers that read-modify-write must re-read afterwards to see concurrent edits.
     */
    public ResourceServer updateResourceServerScopes(String idOrIdentifier, List<ResourceServerScope> scopes) throws Auth0Exception {
        requireArg("resource server", idOrIdentifier);
        ObjectNode body = Json.object();
        com.fasterxml.jackson.databind.node.ArrayNode arr = body.putArray("scopes");
        for (ResourceServerScope s : scopes) {
            arr.addObject().put("value", s.value()).put("description", s.description());
        }
        Call call = new Call("PATCH", mgmt("resource-servers/" + enc(idOrIdentifier)), "PATCH /resource-servers/{id}",
                json(body), true, true);
        return parse(call, execute(call), ResourceServer::fromJson);
    }

    /**
     * POST /resource-servers: a new API. Never repeated after the request may have reached Auth0 (a repeat of a
     * create answers 409); callers look the identifier up first.
     *
     * @param tokenDialect null leaves Auth0's default
     */
    public ResourceServer createResourceServer(String identifier, String name, String signingAlg, String tokenDialect,
                                               List<ResourceServerScope> scopes) throws Auth0Exception {
        requireArg("identifier", identifier);
        ObjectNode body = Json.object();
        body.put("identifier", identifier);
        if (name != null) {
            body.put("name", name);
        }
        if (signingAlg != null) {
            body.put("signing_alg", signingAlg);
        }
        if (tokenDialect != null) {
            body.put("token_dialect", tokenDialect);
        }
        com.fasterxml.jackson.databind.node.ArrayNode arr = body.putArray("scopes");
        for (ResourceServerScope s : scopes) {
            arr.addObject().put("value", s.value()).put("description", s.description());
        }
        Call call = new Call("POST", mgmt("resource-servers"), "POST /resource-servers", json(body), true, false);
        return parse(call, execute(call), ResourceServer::fromJson);
    }

    // ------------------------------------------------------------------ discovery and keys

    /** GET of the tenant's /.well-known/openid-configuration (or any URL serving such a document). */
    public OpenIdConfiguration openIdConfiguration(String url) throws Auth0Exception {
        Call call = new Call("GET", absolute("well-known URL", url), "GET well-known configuration", null, false, true);
        return parse(call, execute(call), OpenIdConfiguration::fromJson);
    }

    /** GET of a JWKS: which keys it publishes, with their types and algorithms. */
    public JsonWebKeySet jsonWebKeySet(String jwksUri) throws Auth0Exception {
        Call call = new Call("GET", absolute("jwks_uri", jwksUri), "GET JWKS", null, false, true);
        return parse(call, execute(call), JsonWebKeySet::fromJson);
    }

    private static URI absolute(String what, String url) {
        requireArg(what, url);
        URI uri = URI.create(url.trim());
        if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException(what + " must be an http(s) URL with a host");
        }
        return uri;
    }

    // ------------------------------------------------------------------ transport

    private interface Parser<T> {
        T parse(JsonNode node);
    }

    private static <T> T parse(Call call, JsonNode node, Parser<T> parser) throws Auth0Exception {
        try {
            return parser.parse(node);
        } catch (RuntimeException e) {
            throw new Auth0Exception(call.operation, 200, Auth0Exception.INVALID_RESPONSE, e.getMessage());
        }
    }

    private JsonNode execute(Call call) throws Auth0Exception {
        int attempt = 0;
        boolean tokenRefreshed = false;
        long rateLimitWaited = 0;
        while (true) {
            String bearer = call.management ? managementToken() : null;
            HttpRequestBase request = newRequest(call, bearer);
            int status;
            byte[] body;
            Header reset;
            try (CloseableHttpResponse response = http.execute(request)) {
                status = response.getStatusLine().getStatusCode();
                body = Auth0Http.readBounded(response.getEntity(), MAX_BODY_BYTES);
                if (body == null) {
                    throw new IOException("reply larger than " + MAX_BODY_BYTES + " bytes");
                }
                reset = response.getFirstHeader("x-ratelimit-reset");
            } catch (HttpHostConnectException | ConnectTimeoutException e) {
                // nothing reached Auth0: repeating is safe for any call
                if (attempt < config.maxRetries()) {
                    backoff(call, attempt++, "could not connect");
                    continue;
                }
                throw new Auth0Exception(call.operation, Auth0Exception.NO_STATUS,
                        e instanceof ConnectTimeoutException ? Auth0Exception.TIMEOUT : Auth0Exception.TRANSPORT_ERROR,
                        "could not connect to " + call.uri.getHost());
            } catch (SocketTimeoutException e) {
                if (call.repeatable && attempt < config.maxRetries()) {
                    backoff(call, attempt++, "timed out");
                    continue;
                }
                throw new Auth0Exception(call.operation, Auth0Exception.NO_STATUS, Auth0Exception.TIMEOUT,
                        "no reply within " + config.readTimeoutMillis() + " ms");
            } catch (InterruptedIOException e) {
                Thread.currentThread().interrupt();
                throw new Auth0Exception(call.operation, Auth0Exception.NO_STATUS, Auth0Exception.TRANSPORT_ERROR, "interrupted");
            } catch (IOException | RuntimeException e) {
                if (call.repeatable && attempt < config.maxRetries()) {
                    backoff(call, attempt++, e.getClass().getSimpleName());
                    continue;
                }
                throw new Auth0Exception(call.operation, Auth0Exception.NO_STATUS, Auth0Exception.TRANSPORT_ERROR,
                        e.getClass().getSimpleName());
            }

            if (status >= 200 && status < 300) {
                return parseBody(call, status, body);
            }
            if (status == 429) {
                long waitMs = rateLimitWaitMillis(reset);
                if (attempt < config.maxRetries() && rateLimitWaited + waitMs <= config.maxRateLimitWaitMillis()) {
                    LOG.warn("Auth0 rate limit on " + call.operation + "; waiting " + waitMs + " ms (attempt "
                            + (attempt + 1) + " of " + (config.maxRetries() + 1) + ")");
                    sleep(call, waitMs);
                    rateLimitWaited += waitMs;
                    attempt++;
                    continue;
                }
                throw new Auth0Exception(call.operation, 429, Auth0Exception.TOO_MANY_REQUESTS,
                        "rate limited by Auth0; retry after " + waitMs + " ms exceeds the wait budget of "
                                + config.maxRateLimitWaitMillis() + " ms");
            }
            if (status == 401 && call.management && !tokenRefreshed && !config.hasGivenManagementToken()) {
                // the cached token may have been revoked or signed with a key Auth0 no longer publishes
                tokenRefreshed = true;
                invalidateManagementToken(bearer);
                LOG.warn("Auth0 Management API refused the cached token on " + call.operation + "; getting a new one");
                continue;
            }
            if (status >= 500 && call.repeatable && attempt < config.maxRetries()) {
                backoff(call, attempt++, "HTTP " + status);
                continue;
            }
            throw errorFrom(call, status, body, bearer);
        }
    }

    private HttpRequestBase newRequest(Call call, String bearer) {
        HttpRequestBase request;
        switch (call.method) {
            case "GET":
                request = new HttpGet(call.uri);
                break;
            case "DELETE":
                request = new HttpDelete(call.uri);
                break;
            case "PATCH": {
                HttpPatch patch = new HttpPatch(call.uri);
                patch.setEntity(call.body);
                request = patch;
                break;
            }
            case "POST": {
                HttpPost post = new HttpPost(call.uri);
                if (call.body != null) {
                    post.setEntity(call.body);
                }
                request = post;
                break;
            }
            default:
                throw new IllegalStateException("unsupported method " + call.method);
        }
        request.setHeader("Accept", "application/json");
        if (bearer != null) {
            request.setHeader("Authorization", "Bearer " + bearer);
        } else if (call.authorization != null) {
            request.setHeader("Authorization", call.authorization);
        }
        return request;
    }

    private JsonNode parseBody(Call call, int status, byte[] body) throws Auth0Exception {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new Auth0Exception(call.operation, status, Auth0Exception.INVALID_RESPONSE, "reply is not JSON");
        }
    }

    private Auth0Exception errorFrom(Call call, int status, byte[] body, String bearer) {
        String errorCode = null;
        String message = null;
        try {
            JsonNode n = body.length == 0 ? null : Json.MAPPER.readTree(body);
            if (n != null && n.isObject()) {
                // Management API errors carry statusCode and the HTTP reason in "error" (errorCode optional);
                // token endpoint errors carry an OAuth error code in "error"
                errorCode = n.has("statusCode") ? Json.text(n, "errorCode") : Json.text(n, "error");
                message = Json.text(n, "message");
                if (message == null) {
                    message = Json.text(n, "error_description");
                }
            }
        } catch (IOException e) {
            message = null;
        }
        if (errorCode == null) {
            errorCode = "http_" + status;
        }
        String[] secrets = new String[call.secrets.length + 2];
        System.arraycopy(call.secrets, 0, secrets, 0, call.secrets.length);
        secrets[call.secrets.length] = config.clientSecret();
        secrets[call.secrets.length + 1] = bearer;
        return new Auth0Exception(call.operation, status, Redaction.clean(errorCode, secrets), Redaction.clean(message, secrets));
    }

    private long rateLimitWaitMillis(Header reset) {
        if (reset != null) {
            try {
                long resetEpochSeconds = Long.parseLong(reset.getValue().trim());
                long wait = resetEpochSeconds * 1000L - System.currentTimeMillis();
                // reset is whole seconds: wait until just past it, never negative
                return Math.max(0, wait) + 50;
            } catch (NumberFormatException e) {
                LOG.debug("ignoring a malformed x-ratelimit-reset header");
            }
        }
        return Math.max(1000, config.retryBackoffMillis());
    }

    private void backoff(Call call, int attempt, String why) throws Auth0Exception {
        long base = config.retryBackoffMillis() * (1L << Math.min(attempt, 10));
        long wait = Math.min(MAX_BACKOFF_MS, base) + (config.retryBackoffMillis() == 0 ? 0
                : ThreadLocalRandom.current().nextLong(Math.max(1, config.retryBackoffMillis() / 2)));
        LOG.warn("Auth0 " + call.operation + " " + why + "; retrying in " + wait + " ms (attempt " + (attempt + 2)
                + " of " + (config.maxRetries() + 1) + ")");
        sleep(call, wait);
    }

    private static void sleep(Call call, long millis) throws Auth0Exception {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Auth0Exception(call.operation, Auth0Exception.NO_STATUS, Auth0Exception.TRANSPORT_ERROR, "interrupted");
        }
    }

    private URI mgmt(String relative) {
        return URI.create(config.managementApiUrl().toString() + relative);
    }

    private static HttpEntity json(ObjectNode node) {
        try {
            return new ByteArrayEntity(Json.MAPPER.writeValueAsBytes(node), ContentType.APPLICATION_JSON);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }

    static String enc(String value) {
        try {
            return URLEncoder.encode(value, "UTF-8").replace("+", "%20");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String formEncode(String value) {
        try {
            return URLEncoder.encode(value, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String joinScopes(Collection<String> scopes) {
        StringBuilder sb = new StringBuilder();
        for (String s : scopes) {
            if (s == null || s.trim().isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s.trim());
        }
        return sb.toString();
    }

    private static void requireArg(String name, String value) {
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
