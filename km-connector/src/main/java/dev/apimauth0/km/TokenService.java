package dev.apimauth0.km;

import dev.apimauth0.auth0.client.Auth0Client;
import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.TokenResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.API;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.apimauth0.km.Auth0KeyManagerConstants.*;

/**
 * Application tokens from Auth0's client_credentials grant, asked for with the application's own auth method, the
 * audience recovered from Auth0 and the grant widened within the scope policy. One instance per load.
 */
final class TokenService {

    private static final Log LOG = LogFactory.getLog(TokenService.class);

    private final Auth0KeyManagerSettings settings;
    private final Auth0Client client;
    private final ApplicationProfiles profiles;
    private final GrantScopes grantScopes;

    TokenService(Auth0KeyManagerSettings settings, Auth0Client client, ApplicationProfiles profiles, GrantScopes grantScopes) {
        this.settings = settings;
        this.client = client;
        this.profiles = profiles;
        this.grantScopes = grantScopes;
    }

    /**
     * Generate Access Token, and the token right after Generate Keys or Map Keys. Reproduces
     * APIConsumerImpl.renewAccessToken and ApplicationUtils.createAccessTokenRequest (9.0.174): client id and secret,
     * the scopes the developer picked (or the application's tokenScope), the validity period, and APIM's grant type
     * client_credentials. Scopes the application's grant lacks are added first, within the scope policy
     * ({@link GrantScopes}); the token is then asked for with the application's own token_endpoint_auth_method.
     */
    AccessTokenInfo getNewApplicationAccessToken(AccessTokenRequest request) throws APIManagementException {
        if (request == null) {
            throw error("no token request was given");
        }
        String clientId = request.getClientId();
        if (Values.isBlank(clientId)) {
            throw error("client_id is required to get an access token");
        }
        if (Values.isBlank(request.getClientSecret())) {
            throw error("client_secret is required to get an access token");
        }
        String grantType = request.getGrantType();
        if (grantType != null && !GRANT_TYPE_CLIENT_CREDENTIALS.equals(grantType)) {
            throw error("this key manager issues Auth0 tokens with the client_credentials grant only; \"" + grantType
                    + "\" tokens are requested from Auth0 directly, at " + settings.tokenEndpoint);
        }
        String audience = Auth0KeyManagerSettings.text(request.getRequestParam(AUDIENCE_OF_API));
        String authMethod = Auth0KeyManagerSettings.text(request.getRequestParam(TOKEN_ENDPOINT_AUTH_METHOD));
        // what the request does not carry is read back from Auth0 (once per node and application)
        ApplicationProfile profile = audience != null && authMethod != null ? profiles.cached(clientId) : profile(clientId);
        if (audience == null && profile != null) {
            audience = profile.audience;
        }
        if (authMethod == null && profile != null) {
            authMethod = profile.authMethod;
        }
        if (audience == null) {
            audience = settings.apiAudience;
        }
        if (audience == null) {
            throw error("no audience is known for " + clientId + ": set " + AUDIENCE_OF_API + " on the application or "
                    + API_AUDIENCE + " on the key manager");
        }
        // No allow-list for the token itself: a token request writes nothing, Auth0 refuses audiences the application
        // holds no grant for, and the developer holds the client secret anyway.
        AudiencePolicy.refuseManagementApi(audience, settings);
        List<String> wanted = GrantScopes.meaningful(request.getScope() == null
                ? Collections.<String>emptyList() : Values.list(Arrays.asList(request.getScope())));
        Auth0Client c = client;
        Auth0Client.ClientAuthentication authentication = Auth0Client.ClientAuthentication.of(authMethod);
        TokenResponse token;
        try {
            try {
                token = c.clientCredentialsToken(clientId, request.getClientSecret(), audience, wanted, authentication);
            } catch (Auth0Exception refused) {
                // Auth0 answers 403 access_denied for scopes the grant lacks: add them within the policy, ask again
                if (refused.statusCode() != 403 || wanted.isEmpty() || !widenGrant(c, clientId, audience, wanted)) {
                    throw refused;
                }
                token = c.clientCredentialsToken(clientId, request.getClientSecret(), audience, wanted, authentication);
            }
        } catch (Auth0Exception e) {
            throw failed("getting a token for " + clientId + " and " + audience, e);
        }
        if (profile == null || !audience.equals(profile.audience)) {
            profiles.remember(new ApplicationProfile(clientId, audience, true, authMethod,
                    profile == null ? Collections.<String>emptyList() : profile.grantTypes,
                    profile == null ? Collections.<String>emptyList() : profile.callbacks));
        }
        AccessTokenInfo out = new AccessTokenInfo();
        out.setAccessToken(token.accessToken());
        out.setConsumerKey(clientId);
        out.setTokenValid(true);
        out.setApplicationToken(true);
        out.setIssuedTime(System.currentTimeMillis());
        out.setValidityPeriod(token.expiresIn());
        out.setScope(token.scopes().toArray(new String[0]));
        out.setKeyManager(settings.name);
        if (request.getValidityPeriod() > 0 && request.getValidityPeriod() != token.expiresIn()) {
            LOG.debug("Auth0 sets token lifetimes per API; the requested validity of " + request.getValidityPeriod()
                    + " s was not applied (" + token.expiresIn() + " s)");
        }
        return out;
    }

    /** The application's profile, read from Auth0 when not cached; null when Auth0 does not know the client. */
    private ApplicationProfile profile(String clientId) throws APIManagementException {
        try {
            return profiles.load(clientId);
        } catch (Auth0Exception e) {
            if (e.isNotFound()) {
                return null;
            }
            throw failed("reading Auth0 application " + clientId, e);
        }
    }

    /** Adds to the application's grant the requested scopes it lacks, within the scope policy; false when it lacks none. */
    private boolean widenGrant(Auth0Client c, String clientId, String audience, List<String> wanted) throws APIManagementException {
        try {
            List<String> held = grantScopes.held(clientId, audience);
            List<String> missing = new ArrayList<>();
            for (String w : wanted) {
                if (!held.contains(w)) {
                    missing.add(w);
                }
            }
            if (missing.isEmpty()) {
                return false;
            }
            // the grant is written with this key manager's own permissions: only for APIs the operator allowed
            AudiencePolicy.refuseUngrantable(audience, settings);
            Set<String> defined = grantScopes.definedOn(audience);
            grantScopes.refuseUndefined(audience, missing, defined, settings.name);
            grantScopes.ensure(clientId, audience, missing, defined);
            LOG.info("Granted Auth0 application " + clientId + " the scopes " + missing + " of " + audience);
            return true;
        } catch (Auth0Exception e) {
            throw failed("granting " + clientId + " the scopes " + wanted + " of " + audience, e);
        }
    }

    private APIManagementException error(String message) {
        return KeyManagerError.refused(settings.name, message);
    }

    private APIManagementException failed(String what, Auth0Exception e) {
        return KeyManagerError.auth0Failed(settings.name, what, e);
    }
}
