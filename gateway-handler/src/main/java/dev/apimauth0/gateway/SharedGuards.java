package dev.apimauth0.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.apimauth0.core.config.GuardSettings;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.GuardJmx;
import dev.apimauth0.core.token.NodeGuards;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenGuards;

/**
 * One guard per distinct configuration, shared by every handler instance that resolves to it: APIM creates an API
 * handler per API, and each guard owns a JWKS cache and background work that must not be multiplied. Reference
 * counted: the last release closes the guard and removes its JMX registration.
 */
final class SharedGuards {

    private static final Log LOG = LogFactory.getLog(SharedGuards.class);

    private static final Map<Map<String, String>, Entry> GUARDS = new HashMap<Map<String, String>, Entry>();

    private SharedGuards() {
    }

    /** A handler's hold on a shared guard. */
    static final class Lease {
        private final Map<String, String> settings;
        private final Entry entry;
        private boolean released;

        private Lease(Map<String, String> settings, Entry entry) {
            this.settings = settings;
            this.entry = entry;
        }

        TokenGuard guard() {
            return entry.guard;
        }

        String name() {
            return entry.name;
        }

        /** The JMX name of the guard's metrics, or null when registration failed. */
        javax.management.ObjectName objectName() {
            return entry.jmx == null ? null : entry.jmx.objectName();
        }

        void release() {
            synchronized (GUARDS) {
                if (released) {
                    return;
                }
                released = true;
                entry.users--;
                if (entry.users > 0) {
                    return;
                }
                GUARDS.remove(settings);
            }
            entry.closeQuietly();
        }
    }

    private static final class Entry {
        final String name;
        final TokenGuard guard;
        final GuardJmx.Registration jmx;
        /** Offered to APIM's JWT validator on this node (dev.apimauth0.validator), which verifies with it when its settings agree. */
        final NodeGuards.Publication publication;
        int users;

        Entry(String name, TokenGuard guard, GuardJmx.Registration jmx, NodeGuards.Publication publication) {
            this.name = name;
            this.guard = guard;
            this.jmx = jmx;
            this.publication = publication;
        }

        void closeQuietly() {
            if (publication != null) {
                publication.withdraw();
            }
            if (jmx != null) {
                jmx.unregister();
            }
            guard.close();
        }
    }

    /**
     * Returns a lease on the guard for these settings, building and registering it on first use.
     *
     * @throws dev.apimauth0.core.config.InvalidSettingException naming the first invalid key
     */
    static Lease acquire(Map<String, String> settings) {
        synchronized (GUARDS) {
            Entry entry = GUARDS.get(settings);
            if (entry == null) {
                TokenGuardConfig config = GuardSettings.load(settings);
                String name = "guard-" + fingerprint(settings);
                TokenGuard guard = TokenGuards.create(config);
                GuardJmx.Registration jmx = null;
                try {
                    jmx = GuardJmx.register(name, guard);
                } catch (RuntimeException e) {
                    // Metrics are an operator aid; a JMX failure must not take the gateway down.
                    LOG.warn("Auth0 token guard " + name + ": metrics not registered over JMX: " + e);
                }
                entry = new Entry(name, guard, jmx, config.enabled() ? NodeGuards.publish(guard, config) : null);
                GUARDS.put(settings, entry);
            }
            entry.users++;
            return new Lease(settings, entry);
        }
    }

    /** Number of live guards (tests check sharing and release). */
    static int liveGuards() {
        synchronized (GUARDS) {
            return GUARDS.size();
        }
    }

    /** Stable short name for a configuration, so JMX names survive redeployments with the same settings. */
    private static String fingerprint(Map<String, String> settings) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(new java.util.TreeMap<String, String>(settings).toString().getBytes(StandardCharsets.UTF_8));
            byte[] d = md.digest();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                sb.append(String.format("%02x", d[i] & 0xff));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
