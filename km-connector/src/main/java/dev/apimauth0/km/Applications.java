package dev.apimauth0.km;

import dev.apimauth0.auth0.client.ApplicationSpec;
import dev.apimauth0.auth0.client.Auth0Application;
import dev.apimauth0.auth0.client.Auth0Client;
import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.ClientGrant;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.API;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.ApplicationConstants;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.OAuthAppRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.apimauth0.km.Auth0KeyManagerConstants.*;

/**
 * The Auth0 applications behind APIM's OAuth applications: Generate, Update, View, Map and Delete Keys, owner changes
 * and secret rotation, each as carbon-apimgt 9.0.174 calls it. One instance per load of the key manager.
 */
final class Applications {

    private static final Log LOG = LogFactory.getLog(Applications.class);
    /** Names whose POST /clients got no answer: the next create of that name first looks for the application. */
    private static final Set<String> UNANSWERED_CREATES = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
    private static final int MAX_UNANSWERED_CREATES = 1000;
    /** GET /clients pages (100 each) searched for an application whose create got no answer. */
    private static final int NAME_SEARCH_PAGES = 50;

    private final Auth0KeyManagerSettings settings;
    private final Auth0Client client;
    private final ApplicationProfiles profiles;
    private final GrantScopes grantScopes;
    private final String tenantDomain;
    private final KeyManagerConfiguration configuration;

    Applications(Auth0KeyManagerSettings settings, Auth0Client client, ApplicationProfiles profiles, GrantScopes grantScopes,
                 String tenantDomain, KeyManagerConfiguration configuration) {
        this.settings = settings;
        this.client = client;
        this.profiles = profiles;
        this.grantScopes = grantScopes;
        this.tenantDomain = tenantDomain;
        this.configuration = configuration;
    }

    /**
     * Generate Keys. Reproduces AbstractApplicationRegistrationWorkflowExecutor.dogenerateKeysForApplication
     * (9.0.174): the request carries the application name as client name, username, key_type, the portal's
     * additionalProperties, grant_types and tokenScope ("default" and the scopes picked).
     */
    OAuthApplicationInfo createApplication(OAuthAppRequest request) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        ApplicationRequest r = ApplicationRequest.forCreate(info, settings);
        Auth0Client c = client;
        Set<String> defined = null;
        if (!r.scopes.isEmpty()) {
            try {
                defined = grantScopes.definedOn(r.audience);
            } catch (Auth0Exception e) {
                throw failed("reading the scopes of Auth0 API " + r.audience, e);
            }
            grantScopes.refuseUndefined(r.audience, r.scopes, defined, settings.name);
        }
        ApplicationSpec spec = r.spec(tenantDomain, r.audience, true, true);
        Auth0Application app = createClientOnce(c, spec);
        try {
            grantScopes.ensure(app.clientId(), r.audience, r.scopes, defined);
        } catch (Auth0Exception e) {
            // no half-made application: without its grant it could not get a token anyway
            try {
                c.deleteClient(app.clientId());
            } catch (Auth0Exception cleanup) {
                LOG.error("Auth0 application " + app.clientId() + " was created but its grant failed and it could not be "
                        + "removed (" + cleanup.getMessage() + "); delete it in the Auth0 Dashboard");
            }
            throw failed("granting the new Auth0 application access to " + r.audience, e);
        }
        profiles.remember(new ApplicationProfile(app.clientId(), r.audience, true, app.tokenEndpointAuthMethod(),
                app.grantTypes(), app.callbacks()));
        LOG.info("Created Auth0 application " + app.clientId() + " (" + app.name() + ") with a grant to " + r.audience
                + " for scopes " + r.scopes);
        OAuthApplicationInfo out = toInfo(app, r.audience, null);
        if (info.getParameter(TOKEN_SCOPE) != null) {
            // read back by buildAccessTokenRequestFromOAuthApp for the token APIM asks for right after
            out.addParameter(TOKEN_SCOPE, info.getParameter(TOKEN_SCOPE));
        }
        return out;
    }

    /**
     * POST /clients is not repeated by the client when its answer is lost (timeout, 5xx): Auth0 may have created the
     * application. Its name is stable (owner, application, key type), so the application is looked for by that name
     * right away, and again before the next create of the same name, instead of creating a second one.
     */
    private Auth0Application createClientOnce(Auth0Client c, ApplicationSpec spec) throws APIManagementException {
        String name = spec.name();
        if (UNANSWERED_CREATES.contains(name)) {
            Auth0Application found = findCreated(c, name);
            if (found != null) {
                return found;
            }
        }
        try {
            Auth0Application app = c.createClient(spec);
            UNANSWERED_CREATES.remove(name);
            return app;
        } catch (Auth0Exception e) {
            if (e.statusCode() == Auth0Exception.NO_STATUS || e.statusCode() >= 500) {
                if (UNANSWERED_CREATES.size() >= MAX_UNANSWERED_CREATES) {
                    UNANSWERED_CREATES.clear();
                }
                UNANSWERED_CREATES.add(name);
                Auth0Application found = findCreated(c, name);
                if (found != null) {
                    return found;
                }
            }
            throw failed("creating the Auth0 application", e);
        }
    }

    /** The application of that name whose create got no answer, or null when Auth0 has none (yet). */
    private Auth0Application findCreated(Auth0Client c, String name) throws APIManagementException {
        List<String> ids;
        try {
            ids = c.findClientIdsByName(name, NAME_SEARCH_PAGES);
        } catch (Auth0Exception e) {
            LOG.warn("Auth0 key manager: could not look for the application \"" + name + "\" whose creation got no "
                    + "answer (" + e.getMessage() + ")");
            return null;
        }
        if (ids.isEmpty()) {
            return null;
        }
        if (ids.size() > 1) {
            throw KeyManagerError.conflict("Auth0 key manager \"" + settings.name + "\": Auth0 holds " + ids.size()
                    + " applications named \"" + name + "\" (" + Values.join(ids, ", ") + "); delete the extra ones in the "
                    + "Auth0 Dashboard, then generate the keys again");
        }
        try {
            Auth0Application app = c.getClient(ids.get(0));
            UNANSWERED_CREATES.remove(name);
            LOG.info("Auth0 application " + app.clientId() + " (" + name + ") was created by a request whose answer "
                    + "was lost; using it instead of creating another");
            return app;
        } catch (Auth0Exception e) {
            throw failed("reading Auth0 application " + ids.get(0), e);
        }
    }

    /**
     * Update Keys. Reproduces APIConsumerImpl.updateAuthClient (9.0.174): client id, callback URL, grant_types and
     * username from the portal's JSON, additionalProperties as the portal shows them, key_type, and no token scope.
     * An update without an audience keeps the application's own, read back from its Auth0 grants; an existing grant
     * is reused, never doubled.
     */
    OAuthApplicationInfo updateApplication(OAuthAppRequest request) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        String clientId = info.getClientId();
        if (Values.isBlank(clientId)) {
            throw error("client_id is required to update an application");
        }
        ApplicationRequest r = ApplicationRequest.forUpdate(info, settings);
        Auth0Client c = client;
        try {
            Auth0Application existing = c.getClient(clientId);
            ApplicationProfile before = profiles.of(existing);
            String previousAudience = before.granted ? before.audience : null;
            String audience = r.audience != null ? r.audience
                    : before.audience != null ? before.audience : settings.apiAudience;
            if (audience == null) {
                throw error(AUDIENCE_OF_API + " is required: this key manager has no " + API_AUDIENCE + " to fall back to");
            }
            boolean audienceChanged = !audience.equals(previousAudience);
            List<String> add = r.scopesGiven ? r.scopes : Collections.<String>emptyList();
            if (audienceChanged || r.audienceGiven || !add.isEmpty()) {
                // a grant is written for it below, with this key manager's own permissions
                AudiencePolicy.refuseUngrantable(audience, settings);
            } else {
                AudiencePolicy.refuseManagementApi(audience, settings);
            }
            ApplicationFields.refuseAuthMethodNone(r.authMethodGiven ? r.authMethod : existing.tokenEndpointAuthMethod(),
                    r.appTypeGiven ? r.appType : existing.appType(), settings.name);
            Set<String> defined = null;
            if (!add.isEmpty() || (audienceChanged && previousAudience != null)) {
                defined = grantScopes.definedOn(audience);
                grantScopes.refuseUndefined(audience, add, defined, settings.name);
            }
            if (audienceChanged && previousAudience != null) {
                // the scopes the old grant held carry over where the new API defines them
                List<String> carried = new ArrayList<>();
                for (String held : grantScopes.held(clientId, previousAudience)) {
                    if (defined.contains(held) && !carried.contains(held)) {
                        carried.add(held);
                    }
                }
                for (String a : add) {
                    if (!carried.contains(a)) {
                        carried.add(a);
                    }
                }
                add = carried;
            }
            boolean renamed = r.clientName != null && (r.owner != null || r.keyType != null);
            Auth0Application updated = c.updateClient(clientId, r.spec(tenantDomain, audience, renamed, false));
            grantScopes.ensure(clientId, audience, add, defined);
            if (previousAudience != null && audienceChanged) {
                for (ClientGrant old : c.findClientGrants(clientId, previousAudience)) {
                    deleteGrantQuietly(c, old);
                }
            }
            profiles.remember(new ApplicationProfile(clientId, audience, true, updated.tokenEndpointAuthMethod(),
                    updated.grantTypes(), updated.callbacks()));
            return toInfo(updated, audience, info.getClientSecret());
        } catch (Auth0Exception e) {
            throw failed("updating Auth0 application " + clientId, e);
        }
    }

    private void deleteGrantQuietly(Auth0Client c, ClientGrant g) throws Auth0Exception {
        try {
            c.deleteClientGrant(g.id());
        } catch (Auth0Exception e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    /**
     * The application changed owner in APIM: the Auth0 application's name and metadata follow. Reproduces
     * APIConsumerImpl.updateApplicationOwner (9.0.174): the request's OAuthApplicationInfo carries the NEW owner
     * (setAppOwner(userId)), the client id and, as client name, the Auth0 name retrieveApplication returned; the
     * second argument is the OLD owner.
     */
    OAuthApplicationInfo updateApplicationOwner(OAuthAppRequest request, String oldOwner) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        String clientId = info.getClientId();
        if (Values.isBlank(clientId)) {
            throw error("client_id is required to change an application's owner");
        }
        String owner = Auth0KeyManagerSettings.text(info.getAppOwner());
        if (owner == null) {
            throw error("the new owner is required (the application info carries none)");
        }
        Auth0Client c = client;
        try {
            Auth0Application existing = c.getClient(clientId);
            Map<String, String> meta = new LinkedHashMap<>(existing.clientMetadata());
            String application = meta.get(META_APPLICATION);
            String keyType = Values.firstText(meta.get(META_KEY_TYPE), info.getParameter(ApplicationConstants.APP_KEY_TYPE));
            if (application == null) {
                // the stock connector named applications owner + application + "_" + key type
                String[] legacy = LegacyNames.split(existing.name(), oldOwner);
                if (legacy != null) {
                    application = legacy[0];
                    keyType = Values.firstText(keyType, legacy[1]);
                }
            }
            ApplicationProfile profile = profiles.of(existing);
            ApplicationSpec spec = new ApplicationSpec().clientMetadata(ApplicationRequest.metadata(tenantDomain, owner,
                    application, keyType, profile.audience, meta));
            if (application != null) {
                spec.name(ApplicationNames.name(tenantDomain, owner, application, keyType));
            } else {
                LOG.warn("Auth0 application " + clientId + " (" + existing.name() + ") keeps its name: its APIM "
                        + "application name cannot be told from it; only its owner metadata changes");
            }
            Auth0Application updated = c.updateClient(clientId, spec);
            LOG.info("Auth0 application " + clientId + " now belongs to " + owner + " (was " + oldOwner + ")");
            return toInfo(updated, profile.audience, info.getClientSecret());
        } catch (Auth0Exception e) {
            throw failed("changing the owner of Auth0 application " + clientId, e);
        }
    }

    /**
     * View keys. Reproduces AbstractAPIManager.getApplicationKeys (9.0.174): consumer secret, callback URL,
     * grant_types and additionalProperties (with the audience read back from Auth0's grants) are shown as returned.
     */
    OAuthApplicationInfo retrieveApplication(String clientId) throws APIManagementException {
        if (Values.isBlank(clientId)) {
            throw error("client_id is required to retrieve an application");
        }
        try {
            Auth0Application app = client.getClient(clientId);
            ApplicationProfile profile = profiles.of(app);
            return toInfo(app, profile.audience, null);
        } catch (Auth0Exception e) {
            if (e.isNotFound()) {
                throw KeyManagerError.notFound("Auth0 key manager \"" + settings.name + "\": Auth0 application "
                        + clientId + " does not exist (deleted in the Auth0 Dashboard?)");
            }
            throw failed("reading Auth0 application " + clientId, e);
        }
    }

    void deleteApplication(String clientId) throws APIManagementException {
        if (Values.isBlank(clientId)) {
            throw error("client_id is required to delete an application");
        }
        Auth0Client c = client;
        try {
            for (ClientGrant g : c.findClientGrants(clientId, null)) {
                deleteGrantQuietly(c, g);
            }
            try {
                c.deleteClient(clientId);
            } catch (Auth0Exception e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                LOG.info("Auth0 application " + clientId + " was already deleted");
            }
            profiles.forget(clientId);
        } catch (Auth0Exception e) {
            throw failed("deleting Auth0 application " + clientId, e);
        }
    }

    /**
     * Map existing keys. Reproduces APIConsumerImpl.mapExistingOAuthClient (9.0.174): the info carries the application name,
     * the client id, tokenScope "default" and, through buildFromJSON, the portal's JSON {key_type, client_secret}
     * (ApplicationUtils.createOauthAppRequest). APIM writes the key mapping right after this returns and only then asks for a
     * token, so everything that token needs (a known audience with a grant) is checked here: a refusal now leaves
     * nothing half-mapped.
     */
    OAuthApplicationInfo mapOAuthApplication(OAuthAppRequest request) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        String clientId = info.getClientId();
        String secret = info.getClientSecret();
        if (Values.isBlank(clientId)) {
            throw error("client_id is required to map an existing Auth0 application");
        }
        if (Values.isBlank(secret)) {
            throw error("client_secret is required to map an existing Auth0 application");
        }
        Auth0Application app;
        try {
            app = client.getClient(clientId);
        } catch (Auth0Exception e) {
            if (e.isNotFound()) {
                throw KeyManagerError.notFound("Auth0 key manager \"" + settings.name + "\": Auth0 application "
                        + clientId + " does not exist; it cannot be mapped");
            }
            throw failed("reading Auth0 application " + clientId, e);
        }
        if (app.clientSecret() == null) {
            throw error("the client secret of " + clientId + " cannot be verified: the Management API application "
                    + "needs the read:client_keys scope");
        }
        if (!MessageDigest.isEqual(app.clientSecret().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            throw error("the client secret given for Auth0 application " + clientId + " does not match");
        }
        ApplicationProfile profile;
        try {
            profile = profiles.of(app);
        } catch (Auth0Exception e) {
            throw failed("reading the client grants of " + clientId, e);
        }
        String given = Auth0KeyManagerSettings.text(Values.additionalProperties(info, settings.name).get(AUDIENCE_OF_API));
        String audience = given != null ? given : profile.audience != null ? profile.audience : settings.apiAudience;
        if (given != null) {
            AudiencePolicy.refuseUngrantable(given, settings);
        } else if (audience != null) {
            AudiencePolicy.refuseManagementApi(audience, settings);
        }
        boolean granted = audience != null && (audience.equals(profile.audience) ? profile.granted : hasGrant(clientId, audience));
        if (tokenGeneration() && app.grantTypes().contains(GRANT_TYPE_CLIENT_CREDENTIALS) && !granted) {
            throw error("Auth0 application " + clientId + " holds no client grant for "
                    + (audience == null ? "any API" : "the API " + audience) + ", so it could not get a token; "
                    + "authorize it for your API in the Auth0 Dashboard (APIs > your API > Machine to Machine "
                    + "Applications), then map it again");
        }
        profiles.remember(profile.withAudience(audience, granted));
        return toInfo(app, audience, secret);
    }

    /** Whether APIM asks for a token right after generating or mapping keys (enable_token_generation). */
    private boolean tokenGeneration() {
        KeyManagerConfiguration c = configuration;
        Object v = c == null ? null : c.getParameter(ENABLE_TOKEN_GENERATION);
        return Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(String.valueOf(v));
    }

    private boolean hasGrant(String clientId, String audience) throws APIManagementException {
        try {
            return !client.findClientGrants(clientId, audience).isEmpty();
        } catch (Auth0Exception e) {
            throw failed("reading the client grants of " + clientId, e);
        }
    }

    String getNewApplicationConsumerSecret(AccessTokenRequest request) throws APIManagementException {
        if (request == null || Values.isBlank(request.getClientId())) {
            throw error("client_id is required to regenerate a client secret");
        }
        try {
            Auth0Application app = client.rotateClientSecret(request.getClientId());
            if (Values.isBlank(app.clientSecret())) {
                throw error("Auth0 returned no new client secret for " + request.getClientId());
            }
            LOG.info("Rotated the client secret of Auth0 application " + request.getClientId()
                    + "; Auth0 may take up to 30 seconds to accept the new one");
            return app.clientSecret();
        } catch (Auth0Exception e) {
            throw failed("rotating the client secret of " + request.getClientId(), e);
        }
    }

    void deleteMappedApplication(String clientId) throws APIManagementException {
        // a mapped application belongs to its Auth0 owner: unmapping it in APIM leaves it untouched in Auth0
        ApplicationProfiles p = profiles;
        if (p != null) {
            p.forget(clientId);
        }
    }

    private OAuthApplicationInfo toInfo(Auth0Application app, String audience, String knownSecret) {
        OAuthApplicationInfo info = new OAuthApplicationInfo();
        info.setClientId(app.clientId());
        info.setClientName(app.name());
        String secret = app.clientSecret() != null ? app.clientSecret() : knownSecret;
        if (secret != null) {
            info.setClientSecret(secret);
            info.addParameter(ApplicationConstants.OAUTH_CLIENT_SECRET, secret);
        }
        if (!app.callbacks().isEmpty()) {
            // the portal reads the callback from the info and, in the generate and map responses, from the JSON
            // of its parameters (redirect_uris, as APIM's own key manager writes it)
            String callbacks = Values.join(app.callbacks(), ",");
            info.setCallBackURL(callbacks);
            info.addParameter(ApplicationConstants.OAUTH_REDIRECT_URIS, callbacks);
            info.addParameter(ApplicationConstants.APP_CALLBACK_URL, callbacks);
        }
        info.addParameter(ApplicationConstants.OAUTH_CLIENT_ID, app.clientId());
        if (app.name() != null) {
            info.addParameter(ApplicationConstants.OAUTH_CLIENT_NAME, app.name());
        }
        // space-separated, as APIM's own key managers report grant types to the Developer Portal
        info.addParameter(JSON_GRANT_TYPES, Values.join(app.grantTypes(), " "));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(APP_TYPE, app.appType());
        props.put(TOKEN_ENDPOINT_AUTH_METHOD, app.tokenEndpointAuthMethod());
        if (audience != null) {
            props.put(AUDIENCE_OF_API, audience);
        }
        info.addParameter(JSON_ADDITIONAL_PROPERTIES, props);
        return info;
    }

    static OAuthApplicationInfo requireInfo(OAuthAppRequest request) throws APIManagementException {
        if (request == null || request.getOAuthApplicationInfo() == null) {
            throw KeyManagerError.badRequest("Auth0 key manager: the request carries no OAuth application");
        }
        return request.getOAuthApplicationInfo();
    }

    private APIManagementException error(String message) {
        return KeyManagerError.refused(settings.name, message);
    }

    private APIManagementException failed(String what, Auth0Exception e) {
        return KeyManagerError.auth0Failed(settings.name, what, e);
    }
}
