package dev.apimauth0.gateway;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.synapse.AbstractSynapseHandler;
import org.apache.synapse.MessageContext;
import org.apache.synapse.SynapseException;
import org.apache.synapse.core.axis2.Axis2MessageContext;

import dev.apimauth0.core.token.TokenGuard;

/**
 * Global handler ({@code [synapse_handlers.NAME]} in deployment.toml): checks every inbound request before API
 * dispatch, so before any API handler and for token endpoints and proxies too. Only Bearer JWTs of a configured
 * Auth0 tenant are checked; everything else (Basic auth on token endpoints, opaque tokens, other issuers) passes
 * untouched, except on Auth0-only paths.
 *
 * <p>Settings come from {@code $carbon.home/repository/conf/apim-auth0-gateway.properties}; each handler
 * {@code <parameter name="camelCaseKey" value="..."/>} overrides the file. Synapse gives global handlers no init
 * call, so the guard is built once, on the first request. An invalid configuration is logged once with the key and
 * the reason; from then on every request that carries a Bearer token is answered 500 (fail closed) and other
 * requests (Basic auth on token endpoints, anonymous calls) pass on to APIM's own authentication.
 */
public class Auth0TokenGuardSynapseHandler extends AbstractSynapseHandler
        implements GatewaySettingSetters {

    private static final Log LOG = LogFactory.getLog(Auth0TokenGuardSynapseHandler.class);

    static final String NAME = "Auth0TokenGuardSynapseHandler";

    /** InboundWebsocketConstants.WEBSOCKET_SUBSCRIBER_PATH: marks messages of APIM's WebSocket inbound endpoint. */
    static final String WEBSOCKET_SUBSCRIBER_PATH = "websocket.subscriber.path";

    final HandlerCore core = new HandlerCore("global handler");
    private volatile boolean started;

    @Override
    public boolean handleRequestInFlow(MessageContext messageContext) {
        if (messageContext.getPropertyKeySet().contains(WEBSOCKET_SUBSCRIBER_PATH)) {
            // frames on APIM's WebSocket inbound path: the handshake token was checked by the WebSocket handler,
            // and APIM's own global handlers (DefaultAPIHandler, AnalyticsMetricsHandler) skip these messages too
            return true;
        }
        TokenGuard guard = guard();
        HandlerSettings settings = core.handlerSettings();
        if (guard == null) {
            org.apache.axis2.context.MessageContext axis2Ctx =
                    ((Axis2MessageContext) messageContext).getAxis2MessageContext();
            boolean bearer = false;
            for (String name : settings.authorizationHeaders()) {
                String value = RequestMessage.header(axis2Ctx, name);
                if (value != null && (value.regionMatches(true, 0, "Bearer ", 0, 7)
                        || TokenGuardFlow.apimBearerToken(value) != null)) {
                    bearer = true;
                }
            }
            if (!bearer) {
                // Basic auth on token endpoints, API keys, anonymous calls: nothing for this guard to check
                return true;
            }
            FaultResponse.send(messageContext, axis2Ctx, settings, TokenGuardFlow.Cors.FROM_SETTINGS, 500, null,
                    TokenGuardFlow.API_AUTH_GENERAL_ERROR, "Unclassified Authentication Failure",
                    "The gateway's Auth0 token guard is not configured correctly");
            return false;
        }
        return TokenGuardFlow.handle(messageContext, guard, handlerName(), settings, settings.authorizationHeaders(),
                TokenGuardFlow.Cors.FROM_SETTINGS);
    }

    @Override
    public boolean handleRequestOutFlow(MessageContext messageContext) {
        return true;
    }

    @Override
    public boolean handleResponseInFlow(MessageContext messageContext) {
        return true;
    }

    @Override
    public boolean handleResponseOutFlow(MessageContext messageContext) {
        return true;
    }

    /** The guard, built on first use; null when the configuration is invalid (logged once). */
    TokenGuard guard() {
        if (started) {
            return core.guard();
        }
        synchronized (this) {
            if (!started) {
                try {
                    core.start(handlerName());
                } catch (SynapseException e) {
                    LOG.error(handlerName() + ": requests with a Bearer token are refused until the "
                            + "configuration is fixed and the gateway restarted");
                }
                started = true;
            }
        }
        return core.guard();
    }

    /** The configuration error that keeps the guard from starting, or null. */
    public String configurationError() {
        return core.failure();
    }

    /** Releases the guard (the gateway never calls this; embedders and tests do). */
    public void destroy() {
        synchronized (this) {
            core.stop();
            started = false;
        }
    }

    private String handlerName() {
        return getName() != null ? getName() : NAME;
    }

    /** The settings the handler properties ({@link GatewaySettingSetters}) go to. */
    @Override
    public GatewaySettings gatewaySettings() {
        return core.settings;
    }
}
