package dev.apimauth0.auth0.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.http.Header;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpDelete;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPatch;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.apache.http.impl.client.CloseableHttpClient;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a {@link Call} over the client's connection pool: waits out a 429 until Auth0's x-ratelimit-reset when that
 * fits the wait budget, retries a 5xx or a timeout with backoff only when the call is safe to repeat, repeats a call
 * that could not connect at all, and gets a new Management API token once when Auth0 refuses the cached one. Every
 * failure becomes an {@link Auth0Exception} with the call's secrets, the client secret and the token redacted.
 */
final class Transport {

    /** A Management API token: the cached one, and dropping it when Auth0 refuses it. */
    interface BearerToken {
        String get() throws Auth0Exception;

        void invalidate(String token);
    }

    /** Reads a typed model from a reply. */
    interface Parser<T> {
        T parse(JsonNode node);
    }

    // the client's own log category: operators configure one logger for every Auth0 call
    private static final Log LOG = LogFactory.getLog(Auth0Client.class);
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final long MAX_BACKOFF_MS = 5000;

    private final Auth0ClientConfig config;
    private final CloseableHttpClient http;

    Transport(Auth0ClientConfig config, CloseableHttpClient http) {
        this.config = config;
        this.http = http;
    }

    /** A reply read as a model; a reply the model refuses is {@link Auth0Exception#INVALID_RESPONSE}. */
    static <T> T parse(Call call, JsonNode node, Parser<T> parser) throws Auth0Exception {
        try {
            return parser.parse(node);
        } catch (RuntimeException e) {
            throw new Auth0Exception(call.operation, 200, Auth0Exception.INVALID_RESPONSE, e.getMessage());
        }
    }

    /** The call without a Bearer token (token endpoint, discovery); the JSON reply, null when empty. */
    JsonNode execute(Call call) throws Auth0Exception {
        return execute(call, null);
    }

    /** The call with the Bearer token {@code token} gives, or with none when it is null. */
    JsonNode execute(Call call, BearerToken token) throws Auth0Exception {
        int attempt = 0;
        boolean tokenRefreshed = false;
        long rateLimitWaited = 0;
        while (true) {
            String bearer = token != null ? token.get() : null;
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
            if (status == 401 && token != null && !tokenRefreshed && !config.hasGivenManagementToken()) {
                // the cached token may have been revoked or signed with a key Auth0 no longer publishes
                tokenRefreshed = true;
                token.invalidate(bearer);
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

    private static HttpRequestBase newRequest(Call call, String bearer) {
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

    private static JsonNode parseBody(Call call, int status, byte[] body) throws Auth0Exception {
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
}
