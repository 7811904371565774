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
public class Auth0TokenGuardHandler extends AbstractHandler
        implements ManagedLifecycle, GatewaySettingSetters {

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

    /** The settings the handler properties ({@link GatewaySettingSetters}) go to. */
    @Override
    public GatewaySettings gatewaySettings() {
        return core.settings;
    }
}
