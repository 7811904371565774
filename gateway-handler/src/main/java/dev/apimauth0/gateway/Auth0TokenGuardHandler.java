package dev.apimauth0.gateway;

import java.util.Collections;
import java.util.List;

import org.apache.synapse.ManagedLifecycle;
import org.apache.synapse.MessageContext;
import org.apache.synapse.core.SynapseEnvironment;
import org.apache.synapse.rest.AbstractHandler;

import dev.apimauth0.core.token.TokenGuard;

/**
 * API-level handler: rejects bad Auth0 access tokens before APIM's authentication handler runs. Add it to
 * velocity_template.xml ahead of APIAuthenticationHandler. Requests without a Bearer JWT of a configured Auth0
 * tenant pass untouched (except on Auth0-only paths); accepted tokens keep their Authorization header for APIM and
 * their verified claims become message properties {@code apim_auth0.*}.
 *
 * <p>Settings come from {@code $carbon.home/repository/conf/apim-auth0-gateway.properties}; each handler
 * {@code <property name="camelCaseKey" value="..."/>} overrides the file. The guard is built once, at init, and
 * shared by every handler instance with the same effective settings; an invalid setting fails init.
 */
public class Auth0TokenGuardHandler extends AbstractHandler implements ManagedLifecycle {

    static final String NAME = "Auth0TokenGuardHandler";

    final HandlerCore core = new HandlerCore("API handler");
    private volatile List<String> apiAuthorizationHeader;

    @Override
    public void init(SynapseEnvironment synapseEnvironment) {
        core.start(NAME);
    }

    @Override
    public void destroy() {
        core.stop();
    }

    @Override
    public boolean handleRequest(MessageContext messageContext) {
        TokenGuard guard = core.guard();
        if (guard == null) {
            // init was not called (an engine that does not manage handler lifecycles): build now; invalid settings throw.
            guard = core.start(NAME);
        }
        HandlerSettings settings = core.handlerSettings();
        List<String> header = apiAuthorizationHeader;
        return TokenGuardFlow.handle(messageContext, guard, NAME, settings,
                header != null ? header : settings.authorizationHeaders(), TokenGuardFlow.Cors.FROM_APIM_PROPERTIES);
    }

    /**
     * The API's authorization header, as APIM's template builder gives it to APIAuthenticationHandler (handler
     * property {@code AuthorizationHeader}: the header set on the API in the Publisher, else the tenant's or the
     * gateway's {@code [apim.oauth_config] auth_header}). When absent, {@code authorization_headers} applies, as
     * OAuthAuthenticator.getSecurityHeader falls back to the gateway's configuration and then to Authorization.
     */
    public void setAuthorizationHeader(String value) {
        apiAuthorizationHeader = value == null || value.trim().isEmpty() ? null
                : Collections.singletonList(value.trim());
    }

    public String getAuthorizationHeader() {
        List<String> h = apiAuthorizationHeader;
        return h == null ? null : h.get(0);
    }

    @Override
    public boolean handleResponse(MessageContext messageContext) {
        return true;
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

    /** Headers the credential is read from when the API names none (handler property AuthorizationHeader). Key authorization_headers. */
    public void setAuthorizationHeaders(String value) {
        core.settings.set("authorization_headers", value);
    }

    /** Bytes of a rejected request's body drained before answering; a longer body closes the connection. Key discard_body_max_bytes. */
    public void setDiscardBodyMaxBytes(String value) {
        core.settings.set("discard_body_max_bytes", value);
    }

    /** Global handler's CORS switch; this handler copies APIM's own CORS step instead. Key cors_enabled. */
    public void setCorsEnabled(String value) {
        core.settings.set("cors_enabled", value);
    }

    /** Global handler's allowed origins; this handler copies APIM's own CORS step instead. Key cors_allow_origins. */
    public void setCorsAllowOrigins(String value) {
        core.settings.set("cors_allow_origins", value);
    }

    /** Global handler's allowed methods; this handler copies APIM's own CORS step instead. Key cors_allow_methods. */
    public void setCorsAllowMethods(String value) {
        core.settings.set("cors_allow_methods", value);
    }

    /** Global handler's allowed headers; this handler copies APIM's own CORS step instead. Key cors_allow_headers. */
    public void setCorsAllowHeaders(String value) {
        core.settings.set("cors_allow_headers", value);
    }

    /** Global handler's credentials flag; this handler copies APIM's own CORS step instead. Key cors_allow_credentials. */
    public void setCorsAllowCredentials(String value) {
        core.settings.set("cors_allow_credentials", value);
    }

    /** Path of the gateway properties file (default ${carbon.home}/repository/conf/apim-auth0-gateway.properties). */
    public void setConfigFile(String path) {
        core.settings.setConfigFile(path);
    }
}
