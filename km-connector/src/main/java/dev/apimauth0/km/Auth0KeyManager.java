package dev.apimauth0.km;

import dev.apimauth0.auth0.client.ApplicationSpec;
import dev.apimauth0.auth0.client.Auth0Application;
import dev.apimauth0.auth0.client.Auth0Client;
import dev.apimauth0.auth0.client.Auth0ClientConfig;
import dev.apimauth0.auth0.client.Auth0Exception;
import dev.apimauth0.auth0.client.ClientGrant;
import dev.apimauth0.auth0.client.ResourceServerScope;
import dev.apimauth0.auth0.client.TokenResponse;
import dev.apimauth0.core.token.GuardDecision;
import dev.apimauth0.core.token.InvalidSettingException;
import dev.apimauth0.core.token.ProviderConfig;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenGuardConfig;
import dev.apimauth0.core.token.TokenGuards;
import dev.apimauth0.core.token.VerifiedToken;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.API;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.ApplicationConstants;
import org.wso2.carbon.apimgt.api.model.KeyManager;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.OAuthAppRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;
import org.wso2.carbon.apimgt.api.model.Scope;
import org.wso2.carbon.apimgt.api.model.URITemplate;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.apimauth0.km.Auth0KeyManagerConstants.*;

/**
 * APIM 4.0.0 key manager backed by an Auth0 tenant.
 *
 * <p>Applications become Auth0 applications (named from owner, application and key type) with a client
 * grant for the API audience; tokens come from Auth0's client_credentials grant; APIM scopes are kept on the
 * Auth0 API of the default API audience; Auth0 JWTs are validated locally against the tenant's JWKS by the
 * shared token guard. Implements the api bundle's KeyManager interface only, so it loads in any OSGi
 * framework that has that bundle.
 */
public class Auth0KeyManager implements KeyManager, java.io.Closeable {

    private static final Log LOG = LogFactory.getLog(Auth0KeyManager.class);
    /** Stands for "no audience" in a guard that only recognises the tenant's tokens; never an audience checked. */
    private static final String NO_AUDIENCE = "urn:apim-auth0:no-api-audience";
    /** Names whose POST /clients got no answer: the next create of that name first looks for the application. */
    private static final Set<String> UNANSWERED_CREATES = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
    private static final int MAX_UNANSWERED_CREATES = 1000;
    /** GET /clients pages (100 each) searched for an application whose create got no answer. */
    private static final int NAME_SEARCH_PAGES = 50;

    private volatile KeyManagerConfiguration configuration;
    private volatile Auth0KeyManagerSettings settings;
    private volatile Auth0Client client;
    private volatile TokenGuard guard;
    private volatile ResourceServerScopes scopes;
    private volatile String tenantDomain;
    /** What each Auth0 application's tokens need (audience, auth method), recovered from Auth0. */
    private volatile ApplicationProfiles profiles;
    private volatile GrantScopes grantScopes;
    private volatile TokenMetadata tokens;

    // ------------------------------------------------------------------ configuration

    @Override
    public void loadConfiguration(KeyManagerConfiguration config) throws APIManagementException {
        Auth0KeyManagerSettings s = Auth0KeyManagerSettings.from(config);
        Auth0ClientConfig clientConfig;
        try {
            clientConfig = Auth0ClientConfig.builder()
                    .tokenEndpoint(s.tokenEndpoint)
                    .managementApiUrl(s.managementApiUrl)
                    .managementAudience(s.managementAudience)
                    .clientId(s.clientId)
                    .clientSecret(s.clientSecret)
                    .connectTimeoutMillis(s.connectTimeoutMillis)
                    .readTimeoutMillis(s.readTimeoutMillis)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new APIManagementException("Auth0 key manager \"" + s.name + "\": " + e.getMessage());
        }
        // tokens are valid for the APIs applications may be granted: api_audience and the listed ones ('*' cannot
        // be listed as audiences, so it adds none)
        Set<String> validAudiences = new LinkedHashSet<>();
        if (s.apiAudience != null) {
            validAudiences.add(s.apiAudience);
        }
        validAudiences.addAll(s.allowedAudiences);
        TokenGuard newGuard;
        try {
            // without audiences the guard still tells the tenant's tokens (canHandleToken), none of which is valid
            ProviderConfig provider = ProviderConfig.builder("auth0")
                    .issuers(s.acceptedIssuers)
                    .audiences(validAudiences.isEmpty() ? Collections.singleton(NO_AUDIENCE) : validAudiences)
                    .jwksUri(URI.create(s.jwksUri))
                    .jwksConnectTimeoutMillis(Math.min(s.connectTimeoutMillis, 60000))
                    .jwksReadTimeoutMillis(Math.min(s.readTimeoutMillis, 60000))
                    .build();
            newGuard = TokenGuards.create(TokenGuardConfig.builder().provider(provider).build());
        } catch (InvalidSettingException e) {
            throw new APIManagementException("Auth0 key manager \"" + s.name + "\": token validation setting "
                    + e.getMessage());
        }
        Auth0Client oldClient = this.client;
        TokenGuard oldGuard = this.guard;
        Auth0Client newClient = new Auth0Client(clientConfig);
        this.configuration = config;
        this.settings = s;
        this.client = newClient;
        this.guard = newGuard;
        this.scopes = s.apiAudience == null ? null : new ResourceServerScopes(newClient, s.apiAudience);
        this.profiles = new ApplicationProfiles(newClient, s);
        this.grantScopes = new GrantScopes(newClient);
        this.tokens = new TokenMetadata(s, newGuard, !validAudiences.isEmpty());
        ReplacedInstances.replace(tenantDomain, s.name, this, ReplacedInstances.GRACE_MILLIS);
        if (oldClient != null) {
            oldClient.close();
        }
        if (oldGuard != null) {
            oldGuard.close();
        }
        ValidatorHandOver.leave(config, s, validAudiences);
        LOG.info("Auth0 key manager \"" + s.name + "\" loaded: issuer " + s.issuer + ", token endpoint " + s.tokenEndpoint
                + ", Management API " + s.managementApiUrl + ", default API audience "
                + (s.apiAudience == null ? "(none)" : s.apiAudience) + ", other API audiences applications may be granted "
                + (s.anyAudienceAllowed ? "any but the Management API" : s.allowedAudiences.isEmpty() ? "(none)"
                : Values.join(s.allowedAudiences, ", ")) + ", scope sync " + (s.syncScopes() ? "on" : "off"));
    }

    /** Releases the HTTP pool and the token guard (called for instances APIM replaced, after a grace period). */
    @Override
    public void close() {
        Auth0Client c = client;
        TokenGuard g = guard;
        if (c != null) {
            c.close();
        }
        if (g != null) {
            g.close();
        }
    }

    @Override
    public KeyManagerConfiguration getKeyManagerConfiguration() throws APIManagementException {
        return configuration;
    }

    @Override
    public String getType() {
        KeyManagerConfiguration c = configuration;
        return c != null && c.getType() != null ? c.getType() : DEFAULT_TYPE;
    }

    @Override
    public void setTenantDomain(String tenantDomain) {
        this.tenantDomain = tenantDomain;
    }

    private Auth0KeyManagerSettings settings() throws APIManagementException {
        Auth0KeyManagerSettings s = settings;
        if (s == null) {
            throw KeyManagerError.unavailable("Auth0 key manager: loadConfiguration has not run");
        }
        return s;
    }

    private Auth0Client client() throws APIManagementException {
        settings();
        return client;
    }

    // ------------------------------------------------------------------ applications

    /**
     * Generate Keys. Reproduces AbstractApplicationRegistrationWorkflowExecutor.dogenerateKeysForApplication
     * (9.0.174): the request carries the application name as client name, username, key_type, the portal's
     * additionalProperties, grant_types and tokenScope ("default" and the scopes picked).
     */
    @Override
    public OAuthApplicationInfo createApplication(OAuthAppRequest request) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        ApplicationRequest r = ApplicationRequest.forCreate(info, settings());
        Auth0Client c = client();
        Set<String> defined = null;
        if (!r.scopes.isEmpty()) {
            try {
                defined = grantScopes.definedOn(r.audience);
            } catch (Auth0Exception e) {
                throw failed("reading the scopes of Auth0 API " + r.audience, e);
            }
            grantScopes.refuseUndefined(r.audience, r.scopes, defined, settings().name);
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
            throw KeyManagerError.conflict("Auth0 key manager \"" + settings().name + "\": Auth0 holds " + ids.size()
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
    @Override
    public OAuthApplicationInfo updateApplication(OAuthAppRequest request) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        String clientId = info.getClientId();
        if (Values.isBlank(clientId)) {
            throw error("client_id is required to update an application");
        }
        ApplicationRequest r = ApplicationRequest.forUpdate(info, settings());
        Auth0Client c = client();
        try {
            Auth0Application existing = c.getClient(clientId);
            ApplicationProfile before = profiles.of(existing);
            String previousAudience = before.granted ? before.audience : null;
            String audience = r.audience != null ? r.audience
                    : before.audience != null ? before.audience : settings().apiAudience;
            if (audience == null) {
                throw error(AUDIENCE_OF_API + " is required: this key manager has no " + API_AUDIENCE + " to fall back to");
            }
            boolean audienceChanged = !audience.equals(previousAudience);
            List<String> add = r.scopesGiven ? r.scopes : Collections.<String>emptyList();
            if (audienceChanged || r.audienceGiven || !add.isEmpty()) {
                // a grant is written for it below, with this key manager's own permissions
                AudiencePolicy.refuseUngrantable(audience, settings());
            } else {
                AudiencePolicy.refuseManagementApi(audience, settings());
            }
            ApplicationFields.refuseAuthMethodNone(r.authMethodGiven ? r.authMethod : existing.tokenEndpointAuthMethod(),
                    r.appTypeGiven ? r.appType : existing.appType(), settings().name);
            Set<String> defined = null;
            if (!add.isEmpty() || (audienceChanged && previousAudience != null)) {
                defined = grantScopes.definedOn(audience);
                grantScopes.refuseUndefined(audience, add, defined, settings().name);
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
    @Override
    public OAuthApplicationInfo updateApplicationOwner(OAuthAppRequest request, String oldOwner) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        String clientId = info.getClientId();
        if (Values.isBlank(clientId)) {
            throw error("client_id is required to change an application's owner");
        }
        String owner = Auth0KeyManagerSettings.text(info.getAppOwner());
        if (owner == null) {
            throw error("the new owner is required (the application info carries none)");
        }
        Auth0Client c = client();
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
    @Override
    public OAuthApplicationInfo retrieveApplication(String clientId) throws APIManagementException {
        if (Values.isBlank(clientId)) {
            throw error("client_id is required to retrieve an application");
        }
        try {
            Auth0Application app = client().getClient(clientId);
            ApplicationProfile profile = profiles.of(app);
            return toInfo(app, profile.audience, null);
        } catch (Auth0Exception e) {
            if (e.isNotFound()) {
                throw KeyManagerError.notFound("Auth0 key manager \"" + settings().name + "\": Auth0 application "
                        + clientId + " does not exist (deleted in the Auth0 Dashboard?)");
            }
            throw failed("reading Auth0 application " + clientId, e);
        }
    }

    @Override
    public void deleteApplication(String clientId) throws APIManagementException {
        if (Values.isBlank(clientId)) {
            throw error("client_id is required to delete an application");
        }
        Auth0Client c = client();
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
    @Override
    public OAuthApplicationInfo mapOAuthApplication(OAuthAppRequest request) throws APIManagementException {
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
            app = client().getClient(clientId);
        } catch (Auth0Exception e) {
            if (e.isNotFound()) {
                throw KeyManagerError.notFound("Auth0 key manager \"" + settings().name + "\": Auth0 application "
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
        String given = Auth0KeyManagerSettings.text(Values.additionalProperties(info, name()).get(AUDIENCE_OF_API));
        String audience = given != null ? given : profile.audience != null ? profile.audience : settings().apiAudience;
        if (given != null) {
            AudiencePolicy.refuseUngrantable(given, settings());
        } else if (audience != null) {
            AudiencePolicy.refuseManagementApi(audience, settings());
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
            return !client().findClientGrants(clientId, audience).isEmpty();
        } catch (Auth0Exception e) {
            throw failed("reading the client grants of " + clientId, e);
        }
    }

    @Override
    public String getNewApplicationConsumerSecret(AccessTokenRequest request) throws APIManagementException {
        if (request == null || Values.isBlank(request.getClientId())) {
            throw error("client_id is required to regenerate a client secret");
        }
        try {
            Auth0Application app = client().rotateClientSecret(request.getClientId());
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

    @Override
    public void deleteMappedApplication(String clientId) throws APIManagementException {
        // a mapped application belongs to its Auth0 owner: unmapping it in APIM leaves it untouched in Auth0
        ApplicationProfiles p = profiles;
        if (p != null) {
            p.forget(clientId);
        }
    }

    // ------------------------------------------------------------------ tokens

    /**
     * Generate Access Token, and the token right after Generate Keys or Map Keys. Reproduces
     * APIConsumerImpl.renewAccessToken and ApplicationUtils.createAccessTokenRequest (9.0.174): client id and secret,
     * the scopes the developer picked (or the application's tokenScope), the validity period, and APIM's grant type
     * client_credentials. Scopes the application's grant lacks are added first, within the scope policy
     * ({@link GrantScopes}); the token is then asked for with the application's own token_endpoint_auth_method.
     */
    @Override
    public AccessTokenInfo getNewApplicationAccessToken(AccessTokenRequest request) throws APIManagementException {
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
                    + "\" tokens are requested from Auth0 directly, at " + settings().tokenEndpoint);
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
            audience = settings().apiAudience;
        }
        if (audience == null) {
            throw error("no audience is known for " + clientId + ": set " + AUDIENCE_OF_API + " on the application or "
                    + API_AUDIENCE + " on the key manager");
        }
        // No allow-list for the token itself: a token request writes nothing, Auth0 refuses audiences the application
        // holds no grant for, and the developer holds the client secret anyway.
        AudiencePolicy.refuseManagementApi(audience, settings());
        List<String> wanted = GrantScopes.meaningful(request.getScope() == null
                ? Collections.<String>emptyList() : Values.list(Arrays.asList(request.getScope())));
        Auth0Client c = client();
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
        out.setKeyManager(settings().name);
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
            AudiencePolicy.refuseUngrantable(audience, settings());
            Set<String> defined = grantScopes.definedOn(audience);
            grantScopes.refuseUndefined(audience, missing, defined, settings().name);
            grantScopes.ensure(clientId, audience, missing, defined);
            LOG.info("Granted Auth0 application " + clientId + " the scopes " + missing + " of " + audience);
            return true;
        } catch (Auth0Exception e) {
            throw failed("granting " + clientId + " the scopes " + wanted + " of " + audience, e);
        }
    }

    @Override
    public AccessTokenInfo getTokenMetaData(String accessToken) throws APIManagementException {
        settings();
        return tokens.metaData(accessToken);
    }

    @Override
    public boolean canHandleToken(String accessToken) throws APIManagementException {
        TokenMetadata t = tokens;
        return t != null && t.canHandle(accessToken);
    }

    @Override
    public Map<String, String> getUserClaims(String username, Map<String, Object> properties) throws APIManagementException {
        TokenMetadata t = tokens;
        return t == null ? new LinkedHashMap<String, String>() : t.userClaims(properties);
    }

    @Override
    public Set<String> getActiveTokensByConsumerKey(String consumerKey) throws APIManagementException {
        // Auth0 keeps no list of issued access tokens
        return Collections.emptySet();
    }

    @Override
    public AccessTokenInfo getAccessTokenByConsumerKey(String consumerKey) throws APIManagementException {
        // Auth0 cannot hand back a token it issued earlier; APIM shows no token until one is generated
        return null;
    }

    // ------------------------------------------------------------------ JSON helpers

    @Override
    public OAuthApplicationInfo buildFromJSON(String jsonInput) throws APIManagementException {
        return buildFromJSON(new OAuthApplicationInfo(), jsonInput);
    }

    @Override
    public OAuthApplicationInfo buildFromJSON(OAuthApplicationInfo info, String jsonInput) throws APIManagementException {
        Map<String, Object> params = Values.object(jsonInput, "application JSON", name());
        OAuthApplicationInfo target = info == null ? new OAuthApplicationInfo() : info;
        Object callback = params.get(ApplicationConstants.APP_CALLBACK_URL);
        if (callback != null && Values.isBlank(target.getCallBackURL())) {
            target.setCallBackURL(Auth0KeyManagerSettings.text(callback));
        }
        ApplicationFields.requireCallback(Values.list(params.get(JSON_GRANT_TYPES)), Values.list(target.getCallBackURL()),
                name());
        if (params.get(JSON_CLIENT_ID) != null) {
            target.setClientId(Auth0KeyManagerSettings.text(params.get(JSON_CLIENT_ID)));
        }
        if (params.get(JSON_CLIENT_SECRET) != null) {
            target.setClientSecret(Auth0KeyManagerSettings.text(params.get(JSON_CLIENT_SECRET)));
        }
        if (params.get(ApplicationConstants.OAUTH_CLIENT_NAME) != null && Values.isBlank(target.getClientName())) {
            target.setClientName(Auth0KeyManagerSettings.text(params.get(ApplicationConstants.OAUTH_CLIENT_NAME)));
        }
        target.putAll(params);
        // application fields are checked now, so a bad value is refused before any call to Auth0
        Map<String, Object> props = Values.additionalProperties(target, name());
        ApplicationFields.appType(props.get(APP_TYPE), name());
        ApplicationFields.authMethod(props.get(TOKEN_ENDPOINT_AUTH_METHOD), name());
        return target;
    }

    @Override
    public AccessTokenRequest buildAccessTokenRequestFromJSON(String jsonInput, AccessTokenRequest request)
            throws APIManagementException {
        if (Values.isBlank(jsonInput)) {
            return request;
        }
        Map<String, Object> params = Values.object(jsonInput, "token request JSON", name());
        AccessTokenRequest out = request == null ? new AccessTokenRequest() : request;
        if (params.get(JSON_CLIENT_ID) != null) {
            out.setClientId(Auth0KeyManagerSettings.text(params.get(JSON_CLIENT_ID)));
        }
        if (params.get(JSON_CLIENT_SECRET) != null) {
            out.setClientSecret(Auth0KeyManagerSettings.text(params.get(JSON_CLIENT_SECRET)));
        }
        if (params.get(ApplicationConstants.VALIDITY_PERIOD) != null) {
            out.setValidityPeriod(validity(params.get(ApplicationConstants.VALIDITY_PERIOD)));
        }
        Object scopes = params.containsKey("scopes") ? params.get("scopes")
                : params.containsKey(TOKEN_SCOPE) ? params.get(TOKEN_SCOPE) : params.get("scope");
        if (scopes != null) {
            out.setScope(Values.list(scopes).toArray(new String[0]));
        }
        if (params.get("grant_type") != null) {
            out.setGrantType(Auth0KeyManagerSettings.text(params.get("grant_type")));
        }
        return out;
    }

    @Override
    public AccessTokenRequest buildAccessTokenRequestFromOAuthApp(OAuthApplicationInfo app, AccessTokenRequest request)
            throws APIManagementException {
        if (app == null) {
            return request;
        }
        AccessTokenRequest out = request == null ? new AccessTokenRequest() : request;
        if (Values.isBlank(app.getClientId())) {
            throw error("the application has no client_id (consumer key) to request a token with");
        }
        if (Values.isBlank(app.getClientSecret())) {
            throw error("the application has no client_secret (consumer secret) to request a token with");
        }
        out.setClientId(app.getClientId());
        out.setClientSecret(app.getClientSecret());
        out.setGrantType(GRANT_TYPE_CLIENT_CREDENTIALS);
        Object tokenScope = app.getParameter(TOKEN_SCOPE);
        if (tokenScope != null) {
            out.setScope(Values.list(tokenScope).toArray(new String[0]));
        }
        Object validity = app.getParameter(ApplicationConstants.VALIDITY_PERIOD);
        if (validity != null) {
            out.setValidityPeriod(validity(validity));
        }
        Map<String, Object> props = Values.additionalProperties(app, name());
        String audience = Auth0KeyManagerSettings.text(props.get(AUDIENCE_OF_API));
        if (audience != null) {
            out.addRequestParam(AUDIENCE_OF_API, audience);
        }
        String authMethod = Auth0KeyManagerSettings.text(props.get(TOKEN_ENDPOINT_AUTH_METHOD));
        if (authMethod != null) {
            out.addRequestParam(TOKEN_ENDPOINT_AUTH_METHOD, authMethod);
        }
        return out;
    }

    // ------------------------------------------------------------------ scopes

    private ResourceServerScopes scopeStore() throws APIManagementException {
        Auth0KeyManagerSettings s = settings();
        return s.syncScopes() ? scopes : null;
    }

    @Override
    public void registerScope(Scope scope) throws APIManagementException {
        writeScopes("registering scope " + key(scope), Collections.singletonList(scope), Collections.<String>emptySet());
    }

    @Override
    public void updateScope(Scope scope) throws APIManagementException {
        writeScopes("updating scope " + key(scope), Collections.singletonList(scope), Collections.<String>emptySet());
    }

    @Override
    public void deleteScope(String scopeName) throws APIManagementException {
        if (Values.isBlank(scopeName)) {
            throw error("a scope name is required to delete a scope");
        }
        writeScopes("deleting scope " + scopeName, Collections.<Scope>emptyList(), Collections.singleton(scopeName));
    }

    @Override
    public Scope getScopeByName(String name) throws APIManagementException {
        ResourceServerScopes store = scopeStore();
        if (store == null || Values.isBlank(name)) {
            return null;
        }
        for (ResourceServerScope s : readScopes(store)) {
            if (s.value().equals(name)) {
                return toScope(s);
            }
        }
        return null;
    }

    @Override
    public Map<String, Scope> getAllScopes() throws APIManagementException {
        Map<String, Scope> out = new LinkedHashMap<>();
        ResourceServerScopes store = scopeStore();
        if (store != null) {
            for (ResourceServerScope s : readScopes(store)) {
                out.put(s.value(), toScope(s));
            }
        }
        return out;
    }

    @Override
    public boolean isScopeExists(String name) throws APIManagementException {
        return getScopeByName(name) != null;
    }

    @Override
    public void validateScopes(Set<Scope> scopesToValidate) throws APIManagementException {
        if (scopesToValidate == null) {
            return;
        }
        for (Scope s : scopesToValidate) {
            key(s);
        }
    }

    @Override
    public void attachResourceScopes(API api, Set<URITemplate> uriTemplates) throws APIManagementException {
        List<Scope> all = scopesOf(uriTemplates);
        if (!all.isEmpty()) {
            writeScopes("attaching the scopes of API " + apiName(api), all, Collections.<String>emptySet());
        }
    }

    @Override
    public void updateResourceScopes(API api, Set<String> oldLocalScopeKeys, Set<Scope> newLocalScopes,
                                     Set<URITemplate> oldURITemplates, Set<URITemplate> newURITemplates)
            throws APIManagementException {
        List<Scope> wanted = new ArrayList<>();
        if (newLocalScopes != null) {
            wanted.addAll(newLocalScopes);
        }
        wanted.addAll(scopesOf(newURITemplates));
        Set<String> keep = new HashSet<>();
        for (Scope s : wanted) {
            keep.add(s.getKey());
        }
        Set<String> drop = new LinkedHashSet<>();
        if (oldLocalScopeKeys != null) {
            for (String k : oldLocalScopeKeys) {
                if (!keep.contains(k)) {
                    drop.add(k);
                }
            }
        }
        if (!wanted.isEmpty() || !drop.isEmpty()) {
            writeScopes("updating the scopes of API " + apiName(api), wanted, drop);
        }
    }

    @Override
    public void detachResourceScopes(API api, Set<URITemplate> uriTemplates) throws APIManagementException {
        // Auth0 has no resource-to-scope binding; the scopes themselves go through deleteScope when APIM removes them
        LOG.debug("detachResourceScopes: nothing to do on Auth0 for API " + apiName(api));
    }

    @Override
    public Map<String, Set<Scope>> getScopesForAPIS(String apiIdsString) throws APIManagementException {
        // Auth0 does not know APIM's API ids: the API-to-scope mapping lives in APIM's own database
        return Collections.emptyMap();
    }

    private void writeScopes(String what, Collection<Scope> put, Set<String> remove) throws APIManagementException {
        List<ResourceServerScope> additions = new ArrayList<>();
        for (Scope s : put) {
            additions.add(new ResourceServerScope(key(s), description(s)));
        }
        ResourceServerScopes store = scopeStore();
        if (store == null) {
            LOG.debug("Scope sync is off: " + what + " is not written to Auth0");
            return;
        }
        final ResourceServerScopes.Change putChange = ResourceServerScopes.put(additions);
        final ResourceServerScopes.Change removeChange = ResourceServerScopes.remove(remove);
        try {
            store.modify(what, new ResourceServerScopes.Change() {
                @Override
                public List<ResourceServerScope> apply(List<ResourceServerScope> current) {
                    return removeChange.apply(putChange.apply(current));
                }
            });
        } catch (Auth0Exception e) {
            throw failed(what + " on Auth0 API " + store.audience(), e);
        } catch (ResourceServerScopes.ScopeSyncConflictException e) {
            throw error(e.getMessage());
        }
    }

    private List<ResourceServerScope> readScopes(ResourceServerScopes store) throws APIManagementException {
        try {
            return store.read();
        } catch (Auth0Exception e) {
            throw failed("reading the scopes of Auth0 API " + store.audience(), e);
        }
    }

    private static List<Scope> scopesOf(Set<URITemplate> templates) {
        Map<String, Scope> out = new LinkedHashMap<>();
        if (templates != null) {
            for (URITemplate t : templates) {
                List<Scope> list = t.retrieveAllScopes();
                if (list != null) {
                    for (Scope s : list) {
                        if (s != null && s.getKey() != null) {
                            out.put(s.getKey(), s);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The scope's key, checked against what Auth0 accepts as a permission value. */
    private String key(Scope scope) throws APIManagementException {
        String k = scope == null ? null : scope.getKey();
        if (Values.isBlank(k)) {
            throw error("a scope needs a key (its name on Auth0)");
        }
        if (k.length() > 280) {
            throw error("scope \"" + k.substring(0, 40) + "...\" is longer than Auth0's 280 characters");
        }
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '\\' || c < 0x21) {
                throw error("scope \"" + k + "\" cannot be an Auth0 permission: no spaces, quotes or backslashes");
            }
        }
        return k;
    }

    private static String description(Scope s) {
        String d = s.getDescription();
        if (Values.isBlank(d)) {
            d = s.getName();
        }
        return Values.isBlank(d) ? s.getKey() : d;
    }

    private static Scope toScope(ResourceServerScope s) {
        Scope scope = new Scope();
        scope.setKey(s.value());
        scope.setName(s.value());
        scope.setDescription(s.description());
        scope.setRoles("");
        return scope;
    }

    private static String apiName(API api) {
        if (api == null) {
            return "(unnamed)";
        }
        return api.getId() != null ? api.getId().toString() : String.valueOf(api.getUuid());
    }

    // ------------------------------------------------------------------ resources (not an Auth0 concept)

    @Override
    public boolean registerNewResource(API api, Map resourceAttributes) throws APIManagementException {
        return true;
    }

    @Override
    public Map getResourceByApiId(String apiId) throws APIManagementException {
        return null;
    }

    @Override
    public boolean updateRegisteredResource(API api, Map resourceAttributes) throws APIManagementException {
        return true;
    }

    @Override
    public void deleteRegisteredResourceByAPIId(String apiId) throws APIManagementException {
        // nothing registered per API on Auth0
    }

    // ------------------------------------------------------------------ helpers

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

    private long validity(Object value) throws APIManagementException {
        String v = Auth0KeyManagerSettings.text(value);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw error(ApplicationConstants.VALIDITY_PERIOD + " must be a whole number of seconds, got \"" + v + "\"");
        }
    }

    private static OAuthApplicationInfo requireInfo(OAuthAppRequest request) throws APIManagementException {
        if (request == null || request.getOAuthApplicationInfo() == null) {
            throw KeyManagerError.badRequest("Auth0 key manager: the request carries no OAuth application");
        }
        return request.getOAuthApplicationInfo();
    }

    /** The key manager's name for messages, also before a load. */
    private String name() {
        Auth0KeyManagerSettings s = settings;
        return s == null ? null : s.name;
    }

    private APIManagementException error(String message) {
        return KeyManagerError.refused(name(), message);
    }

    private APIManagementException failed(String what, Auth0Exception e) {
        return KeyManagerError.auth0Failed(name(), what, e);
    }
}
