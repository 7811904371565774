package dev.apimauth0.core.token;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Publishes a guard's counters as an MXBean named {@code dev.apimauth0:type=TokenGuard,name=<name>}
 * in the platform MBean server (JConsole, Carbon's JMX, any JMX exporter).
 */
public final class GuardJmx {

    /** What JMX shows: the {@link GuardMetrics} counters. */
    public interface TokenGuardMXBean {
        long getAccepted();
        long getPassedThrough();
        long getRejected();
        Map<String, Long> getRejectedByReason();
        Map<String, Long> getIssuerMatches();
        long getVerifiedCacheHits();
        long getJwksFetches();
        long getJwksFetchFailures();
    }

    /** Handle of one registration; closing it unregisters the bean (idempotent). */
    public interface Registration extends java.io.Closeable {
        ObjectName objectName();

        void unregister();

        @Override
        default void close() {
            unregister();
        }
    }

    private GuardJmx() {
    }

    public static ObjectName objectName(String name) {
        try {
            return new ObjectName("dev.apimauth0:type=TokenGuard,name=" + ObjectName.quote(name));
        } catch (JMException e) {
            throw new IllegalArgumentException("not usable as a JMX name: " + name, e);
        }
    }

    /**
     * Registers the guard's metrics. A bean already registered under the same name (a redeployed
     * handler) is replaced.
     */
    public static Registration register(String name, TokenGuard guard) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        final GuardMetrics m = guard.metrics();
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final ObjectName on = objectName(name);
        TokenGuardMXBean bean = new TokenGuardMXBean() {
            @Override public long getAccepted() { return m.accepted(); }
            @Override public long getPassedThrough() { return m.passedThrough(); }
            @Override public long getRejected() { return m.rejected(); }
            @Override public Map<String, Long> getRejectedByReason() { return m.rejectedByReason(); }
            @Override public Map<String, Long> getIssuerMatches() { return m.issuerMatches(); }
            @Override public long getVerifiedCacheHits() { return m.verifiedCacheHits(); }
            @Override public long getJwksFetches() { return m.jwksFetches(); }
            @Override public long getJwksFetchFailures() { return m.jwksFetchFailures(); }
        };
        try {
            if (server.isRegistered(on)) {
                server.unregisterMBean(on);
            }
            server.registerMBean(new javax.management.StandardMBean(bean, TokenGuardMXBean.class, true), on);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + on, e);
        }
        return new Registration() {
            private volatile boolean done;

            @Override
            public ObjectName objectName() {
                return on;
            }

            @Override
            public void unregister() {
                if (done) {
                    return;
                }
                done = true;
                try {
                    if (server.isRegistered(on)) {
                        server.unregisterMBean(on);
                    }
                } catch (JMException e) {
                    // already gone: nothing to undo
                }
            }
        };
    }
}
