package dev.apimauth0.km;

import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.OpenIdConfiguration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenant's well-known document, read at most once per node and URL while it is fresh. KeyManagerHolder
 * (9.0.174) loads key managers lazily, on the first request of a tenant (getTenantKeyManagerDto runs
 * KeyManagerConfigurationDataRetriever on the caller's thread), and creates a new instance on every update, so a fetch
 * in loadConfiguration can hold up a request: it happens only when the configuration lacks an endpoint, is shared by
 * every instance of the node, is bounded in time, and a failure is remembered briefly so that a burst of loads waits
 * on it once.
 */
final class Discovery {

    private static final Log LOG = LogFactory.getLog(Discovery.class);

    static final long FRESH_MILLIS = 60L * 60 * 1000;
    static final long FAILURE_MILLIS = 60L * 1000;
    /** On a request thread a slow tenant must not hold the request for the key manager's full timeouts. */
    static final int MAX_CONNECT_MILLIS = 3000;
    static final int MAX_READ_MILLIS = 5000;
    private static final int MAX_ENTRIES = 100;

    private static final Map<String, Entry> BY_URL = new ConcurrentHashMap<>();

    private static final class Entry {
        final OpenIdConfiguration document;
        final String failure;
        final long until;

        Entry(OpenIdConfiguration document, String failure, long until) {
            this.document = document;
            this.failure = failure;
            this.until = until;
        }
    }

    private Discovery() {
    }

    /** The document, or null (with one warning per failure period naming the field) when it cannot be read. */
    static OpenIdConfiguration read(String keyManagerName, String field, String url, int connectMillis, int readMillis) {
        long now = System.currentTimeMillis();
        Entry e = BY_URL.get(url);
        if (e == null || e.until < now) {
            synchronized (Discovery.class) {
                e = BY_URL.get(url);
                if (e == null || e.until < System.currentTimeMillis()) {
                    e = fetch(keyManagerName, field, url, connectMillis, readMillis);
                    if (BY_URL.size() >= MAX_ENTRIES) {
                        BY_URL.clear();
                    }
                    BY_URL.put(url, e);
                }
            }
        }
        return e.document;
    }

    private static Entry fetch(String keyManagerName, String field, String url, int connectMillis, int readMillis) {
        try {
            OpenIdConfiguration d = OpenIdConfiguration.fetch(url, Math.min(connectMillis, MAX_CONNECT_MILLIS),
                    Math.min(readMillis, MAX_READ_MILLIS));
            return new Entry(d, null, System.currentTimeMillis() + FRESH_MILLIS);
        } catch (Auth0Exception ex) {
            LOG.warn("Auth0 key manager \"" + keyManagerName + "\": " + field + " could not be read (" + ex.getMessage()
                    + "); using the configured or derived endpoints, and trying again in " + FAILURE_MILLIS / 1000
                    + " s at the earliest. Fill the missing endpoints in the Admin Portal (Import) to need no fetch");
            return new Entry(null, ex.getMessage(), System.currentTimeMillis() + FAILURE_MILLIS);
        }
    }

    /** Forgets every document (tests). */
    static void clear() {
        BY_URL.clear();
    }
}
