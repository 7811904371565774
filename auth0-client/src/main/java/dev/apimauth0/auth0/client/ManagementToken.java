package dev.apimauth0.auth0.client;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Management API token: the one the configuration gives, or one from the token endpoint, cached until shortly
 * before it expires and refreshed with exactly one request however many threads need it.
 */
final class ManagementToken implements Transport.BearerToken {

    private static final Log LOG = LogFactory.getLog(Auth0Client.class);

    private static final class Cached {
        final String value;
        final long refreshAtMillis;

        Cached(String value, long refreshAtMillis) {
            this.value = value;
            this.refreshAtMillis = refreshAtMillis;
        }
    }

    private final Auth0ClientConfig config;
    private final TokenEndpoint tokenEndpoint;
    private final Object lock = new Object();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Cached cached;

    ManagementToken(Auth0ClientConfig config, TokenEndpoint tokenEndpoint) {
        this.config = config;
        this.tokenEndpoint = tokenEndpoint;
    }

    /** Token requests made so far. */
    int requests() {
        return requests.get();
    }

    /** Drops the cached token if it is still the given one (null drops whatever is cached). */
    @Override
    public void invalidate(String token) {
        synchronized (lock) {
            Cached t = cached;
            if (t != null && (token == null || t.value.equals(token))) {
                cached = null;
            }
        }
    }

    @Override
    public String get() throws Auth0Exception {
        if (config.hasGivenManagementToken()) {
            return config.managementToken();
        }
        Cached t = cached;
        long now = System.currentTimeMillis();
        if (t != null && now < t.refreshAtMillis) {
            return t.value;
        }
        synchronized (lock) {
            t = cached;
            now = System.currentTimeMillis();
            if (t != null && now < t.refreshAtMillis) {
                return t.value;
            }
            requests.incrementAndGet();
            TokenResponse r = tokenEndpoint.clientCredentials(config.clientId(), config.clientSecret(),
                    config.managementAudience(), null, Auth0Client.ClientAuthentication.CLIENT_SECRET_POST);
            long lifetimeMs = r.expiresIn() * 1000L;
            long margin = Math.min(config.tokenRefreshMarginSeconds() * 1000L, lifetimeMs / 2);
            cached = new Cached(r.accessToken(), System.currentTimeMillis() + lifetimeMs - margin);
            if (LOG.isDebugEnabled()) {
                LOG.debug("obtained a Management API token " + Redaction.tokenHash(r.accessToken()) + " valid for "
                        + r.expiresIn() + " s");
            }
            return r.accessToken();
        }
    }
}
