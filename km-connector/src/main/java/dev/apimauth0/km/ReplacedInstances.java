package dev.apimauth0.km;

import java.io.Closeable;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ConcurrentHashMap;

/**
 * APIM's KeyManagerHolder makes a new key manager instance on every load of a key manager (startup, each save in the
 * Admin Portal, each JMS notification) and never closes the old one, so its HTTP pool and JWKS cache would wait for
 * garbage collection. Each loaded instance registers here under its tenant and name; the instance it replaces is
 * closed after a grace period, so requests still running on it can finish.
 */
final class ReplacedInstances {

    static final long GRACE_MILLIS = 30000;

    private static final Map<String, Closeable> LIVE = new ConcurrentHashMap<>();
    private static Timer timer;

    private ReplacedInstances() {
    }

    /** Registers {@code instance} as the live one for the key; returns the one it replaced (already scheduled for closing), or null. */
    static Closeable replace(String tenantDomain, String name, Closeable instance, long graceMillis) {
        Closeable previous = LIVE.put(key(tenantDomain, name), instance);
        if (previous != null && previous != instance) {
            closeLater(previous, graceMillis);
            return previous;
        }
        return null;
    }

    private static String key(String tenantDomain, String name) {
        return String.valueOf(tenantDomain) + "\n" + String.valueOf(name);
    }

    private static synchronized void closeLater(final Closeable c, long graceMillis) {
        if (graceMillis <= 0) {
            closeQuietly(c);
            return;
        }
        if (timer == null) {
            timer = new Timer("apim-auth0-replaced-key-managers", true);
        }
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                closeQuietly(c);
            }
        }, graceMillis);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (Exception | LinkageError e) {
            // a failing close of a replaced instance must not disturb the live one
        }
    }
}
