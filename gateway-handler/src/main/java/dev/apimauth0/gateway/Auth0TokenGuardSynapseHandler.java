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
public class Auth0TokenGuardSynapseHandler extends AbstractSynapseHandler {

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
                String value = TokenGuardFlow.header(axis2Ctx, name);
                if (value != null && (value.regionMatches(true, 0, "Bearer ", 0, 7)
                        || TokenGuardFlow.apimBearerToken(value) != null)) {
                    bearer = true;
                }
            }
            if (!bearer) {
                // Basic auth on token endpoints, API keys, anonymous calls: nothing for this guard to check
                return true;
            }
            TokenGuardFlow.sendFault(messageContext, axis2Ctx, settings, TokenGuardFlow.Cors.FROM_SETTINGS, 500, null,
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

    /** Trusted issuers of the default provider, comma-separated (Auth0: https://TENANT/ with the trailing slash). Key issuers. */
    public void setIssuers(String value) {
        core.settings.set("issuers", value);
    }

    /** Accepted audiences of the default provider, comma-separated (any one must match). Key audiences. */
    public void setAudiences(String value) {
        core.settings.set("audiences", value);
    }

    /** JWKS URL of the default provider (default: first issuer + .well-known/jwks.json). Key jwks_uri. */
    public void setJwksUri(String value) {
        core.settings.set("jwks_uri", value);
    }

    /** Allowed signature algorithms, comma-separated (default RS256; none and HS* are refused). Key algorithms. */
    public void setAlgorithms(String value) {
        core.settings.set("algorithms", value);
    }

    /** Allowed authorized parties (Auth0 client ids), comma-separated (default: any). Key allowed_azp. */
    public void setAllowedAzp(String value) {
        core.settings.set("allowed_azp", value);
    }

    /** Minimum time between two JWKS fetches of one provider. Key jwks_cooldown_seconds. */
    public void setJwksCooldownSeconds(String value) {
        core.settings.set("jwks_cooldown_seconds", value);
    }

    /** How long fetched keys are used before a refresh. Key jwks_max_age_seconds. */
    public void setJwksMaxAgeSeconds(String value) {
        core.settings.set("jwks_max_age_seconds", value);
    }

    /** Connect timeout of a JWKS fetch. Key jwks_connect_timeout_ms. */
    public void setJwksConnectTimeoutMs(String value) {
        core.settings.set("jwks_connect_timeout_ms", value);
    }

    /** Read timeout of a JWKS fetch. Key jwks_read_timeout_ms. */
    public void setJwksReadTimeoutMs(String value) {
        core.settings.set("jwks_read_timeout_ms", value);
    }

    /** How many unknown key ids are remembered (and answered without a JWKS fetch). Key unknown_kid_memory. */
    public void setUnknownKidMemory(String value) {
        core.settings.set("unknown_kid_memory", value);
    }

    /** false turns the guard off (every request passes through). Key enabled. */
    public void setEnabled(String value) {
        core.settings.set("enabled", value);
    }

    /** The realm in WWW-Authenticate. Key realm. */
    public void setRealm(String value) {
        core.settings.set("realm", value);
    }

    /** Clock skew tolerated on exp, nbf and iat. Key clock_leeway_seconds. */
    public void setClockLeewaySeconds(String value) {
        core.settings.set("clock_leeway_seconds", value);
    }

    /** Longest accepted token; longer ones are rejected before decoding. Key max_token_bytes. */
    public void setMaxTokenBytes(String value) {
        core.settings.set("max_token_bytes", value);
    }

    /** Entries in the cache of verified tokens. Key verified_cache_size. */
    public void setVerifiedCacheSize(String value) {
        core.settings.set("verified_cache_size", value);
    }

    /** Path prefixes, comma-separated, where only Auth0 tokens are accepted (missing or foreign tokens are rejected). Key auth0_only_paths. */
    public void setAuth0OnlyPaths(String value) {
        core.settings.set("auth0_only_paths", value);
    }

    /** Scope rules, comma-separated entries path_prefix=scope1 scope2. Key required_scopes. */
    public void setRequiredScopes(String value) {
        core.settings.set("required_scopes", value);
    }

    /** Names of further providers configured in the file as provider.NAME.KEY (file-only keys). Key providers. */
    public void setProviders(String value) {
        core.settings.set("providers", value);
    }

    /** Request headers the credential is read from, comma-separated (list every API's custom header). Key authorization_headers. */
    public void setAuthorizationHeaders(String value) {
        core.settings.set("authorization_headers", value);
    }

    /** Bytes of a rejected request's body drained before answering; a longer body closes the connection. Key discard_body_max_bytes. */
    public void setDiscardBodyMaxBytes(String value) {
        core.settings.set("discard_body_max_bytes", value);
    }

    /** Add CORS headers to rejections. Key cors_enabled. */
    public void setCorsEnabled(String value) {
        core.settings.set("cors_enabled", value);
    }

    /** Origins for Access-Control-Allow-Origin, comma-separated (* or patterns with *). Key cors_allow_origins. */
    public void setCorsAllowOrigins(String value) {
        core.settings.set("cors_allow_origins", value);
    }

    /** Access-Control-Allow-Methods of rejections. Key cors_allow_methods. */
    public void setCorsAllowMethods(String value) {
        core.settings.set("cors_allow_methods", value);
    }

    /** Access-Control-Allow-Headers of rejections. Key cors_allow_headers. */
    public void setCorsAllowHeaders(String value) {
        core.settings.set("cors_allow_headers", value);
    }

    /** Send Access-Control-Allow-Credentials: true (never with the origin *). Key cors_allow_credentials. */
    public void setCorsAllowCredentials(String value) {
        core.settings.set("cors_allow_credentials", value);
    }

    /** Path of the gateway properties file (default ${carbon.home}/repository/conf/apim-auth0-gateway.properties). */
    public void setConfigFile(String path) {
        core.settings.setConfigFile(path);
    }
}
