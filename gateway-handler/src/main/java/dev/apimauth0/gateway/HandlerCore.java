package dev.apimauth0.gateway;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.synapse.SynapseException;

import dev.apimauth0.core.config.InvalidSettingException;
import dev.apimauth0.core.token.TokenGuard;

/** Settings, guard lease and lifecycle shared by the API-level and the global handler. */
final class HandlerCore {

    private static final Log LOG = LogFactory.getLog(HandlerCore.class);

    final GatewaySettings settings = new GatewaySettings();
    private final String kind;
    private volatile SharedGuards.Lease lease;
    private volatile String failure;
    private volatile HandlerSettings handlerSettings = HandlerSettings.DEFAULTS;

    HandlerCore(String kind) {
        this.kind = kind;
    }

    /**
     * Builds (or joins) the guard for the effective settings.
     *
     * @throws SynapseException with the one message naming the invalid key and the reason
     */
    synchronized TokenGuard start(String handlerName) {
        if (lease != null) {
            return lease.guard();
        }
        Map<String, String> effective;
        try {
            effective = settings.resolve();
            HandlerSettings own = HandlerSettings.from(effective);
            lease = SharedGuards.acquire(HandlerSettings.guardSettings(effective));
            handlerSettings = own;
        } catch (InvalidSettingException e) {
            failure = e.getMessage();
            String msg = kind + " " + handlerName + " not started: " + e.getMessage();
            LOG.error(msg);
            throw new SynapseException(msg);
        }
        failure = null;
        LOG.info(kind + " " + handlerName + " uses Auth0 token guard " + lease.name() + " ("
                + settings.describeSources() + ")");
        return lease.guard();
    }

    TokenGuard guard() {
        SharedGuards.Lease l = lease;
        return l == null ? null : l.guard();
    }

    /** The handler-only settings (defaults until {@link #start} succeeded). */
    HandlerSettings handlerSettings() {
        return handlerSettings;
    }

    /** The configuration error that stopped {@link #start}, or null. */
    String failure() {
        return failure;
    }

    synchronized void stop() {
        if (lease != null) {
            lease.release();
            lease = null;
        }
    }
}
