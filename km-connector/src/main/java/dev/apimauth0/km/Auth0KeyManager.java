package dev.apimauth0.km;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
public class Auth0KeyManager implements KeyManager {

    private static final Log LOG = LogFactory.getLog(Auth0KeyManager.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> APP_TYPES = new HashSet<>(Arrays.asList("non_interactive", "regular_web", "spa", "native"));
    private static final Set<String> AUTH_METHODS = new HashSet<>(Arrays.asList("client_secret_post", "client_secret_basic", "none"));
    /** Grant types an Auth0 application can have, by the names APIM uses for them. */
    private static final Set<String> AUTH0_GRANT_TYPES = new HashSet<>(Arrays.asList("client_credentials",
            "authorization_code", "implicit", "refresh_token", "password", "urn:ietf:params:oauth:grant-type:device_code",
            "urn:ietf:params:oauth:grant-type:jwt-bearer"));
    private static final Set<String> WSO2_ONLY_SCOPES = new HashSet<>(Arrays.asList(OAUTH2_DEFAULT_SCOPE, AM_APPLICATION_SCOPE));
    private static final int MAX_AUDIENCE_CACHE = 10000;

    private volatile KeyManagerConfiguration configuration;
    private volatile Auth0KeyManagerSettings settings;
    private volatile Auth0Client client;
    private volatile TokenGuard guard;
    private volatile ResourceServerScopes scopes;
    private volatile String tenantDomain;
    /** client_id to the audience its tokens are for, learnt on create/update/retrieve/map. */
    private final Map<String, String> audienceByClient = new ConcurrentHashMap<>();

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
        TokenGuard newGuard = null;
        // tokens are valid for the APIs applications may be granted: api_audience and the listed ones ('*' cannot
        // be listed as audiences, so it adds none)
        Set<String> validAudiences = new LinkedHashSet<>();
        if (s.apiAudience != null) {
            validAudiences.add(s.apiAudience);
        }
        validAudiences.addAll(s.allowedAudiences);
        if (!validAudiences.isEmpty()) {
            try {
                ProviderConfig provider = ProviderConfig.builder("auth0")
                        .issuers(s.acceptedIssuers)
                        .audiences(validAudiences)
                        .jwksUri(URI.create(s.jwksUri))
                        .jwksConnectTimeoutMillis(Math.min(s.connectTimeoutMillis, 60000))
                        .jwksReadTimeoutMillis(Math.min(s.readTimeoutMillis, 60000))
                        .build();
                newGuard = TokenGuards.create(TokenGuardConfig.builder().provider(provider).build());
            } catch (InvalidSettingException e) {
                throw new APIManagementException("Auth0 key manager \"" + s.name + "\": token validation setting "
                        + e.getMessage());
            }
        }
        Auth0Client oldClient = this.client;
        TokenGuard oldGuard = this.guard;
        Auth0Client newClient = new Auth0Client(clientConfig);
        this.configuration = config;
        this.settings = s;
        this.client = newClient;
        this.guard = newGuard;
        this.scopes = s.apiAudience == null ? null : new ResourceServerScopes(newClient, s.apiAudience);
        this.audienceByClient.clear();
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
                : join(s.allowedAudiences, ", ")) + ", scope sync " + (s.syncScopes() ? "on" : "off"));
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
            throw new APIManagementException("Auth0 key manager: loadConfiguration has not run");
        }
        return s;
    }

    private Auth0Client client() throws APIManagementException {
        settings();
        return client;
    }

    // ------------------------------------------------------------------ applications

    /** What the Developer Portal asked for, checked before anything is written to Auth0. */
    private static final class AppRequest {
        String clientName;
        String owner;
        String keyType;
        String appType;
        String authMethod;
        String audience;
        boolean audienceGiven;
        List<String> grantTypes;
        List<String> callbacks;
        List<String> scopes;
        boolean scopesGiven;
    }

    private AppRequest appRequest(OAuthApplicationInfo info, boolean forUpdate) throws APIManagementException {
        Auth0KeyManagerSettings s = settings();
        AppRequest r = new AppRequest();
        Map<String, Object> props = additionalProperties(info);
        r.clientName = info.getClientName();
        r.owner = firstText(info.getParameter(ApplicationConstants.OAUTH_CLIENT_USERNAME), info.getAppOwner());
        r.keyType = Auth0KeyManagerSettings.text(info.getParameter(ApplicationConstants.APP_KEY_TYPE));
        r.appType = firstText(props.get(APP_TYPE), DEFAULT_APP_TYPE).toLowerCase(Locale.ROOT);
        if (!APP_TYPES.contains(r.appType)) {
            throw error(APP_TYPE + " must be one of non_interactive, regular_web, spa, native, got \"" + r.appType + "\"");
        }
        r.authMethod = firstText(props.get(TOKEN_ENDPOINT_AUTH_METHOD), DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD).toLowerCase(Locale.ROOT);
        if (!AUTH_METHODS.contains(r.authMethod)) {
            throw error(TOKEN_ENDPOINT_AUTH_METHOD + " must be one of client_secret_post, client_secret_basic, none, got \""
                    + r.authMethod + "\"");
        }
        if ("none".equals(r.authMethod) && !("spa".equals(r.appType) || "native".equals(r.appType))) {
            throw error(TOKEN_ENDPOINT_AUTH_METHOD + " none is only for spa and native applications; "
                    + r.appType + " applications authenticate with a secret");
        }
        String audience = Auth0KeyManagerSettings.text(props.get(AUDIENCE_OF_API));
        r.audienceGiven = audience != null;
        r.audience = audience != null ? audience : s.apiAudience;
        if (r.audience == null && !forUpdate) {
            throw error(AUDIENCE_OF_API + " is required: this key manager has no " + API_AUDIENCE + " to fall back to");
        }
        refuseAudience(r.audience, s);
        List<String> grants = list(info.getParameter(JSON_GRANT_TYPES));
        if (grants.isEmpty() && !forUpdate) {
            grants = Collections.singletonList(GRANT_TYPE_CLIENT_CREDENTIALS);
        }
        for (String g : grants) {
            if (!AUTH0_GRANT_TYPES.contains(g)) {
                throw error(JSON_GRANT_TYPES + ": Auth0 applications cannot use the grant type \"" + g + "\"");
            }
        }
        r.grantTypes = grants.isEmpty() ? null : grants;
        r.callbacks = list(info.getCallBackURL());
        if (r.grantTypes != null && (r.grantTypes.contains("authorization_code") || r.grantTypes.contains("implicit"))
                && r.callbacks.isEmpty()) {
            throw error("callback_url is required for the authorization_code and implicit grant types");
        }
        Object tokenScope = info.getParameter(TOKEN_SCOPE);
        r.scopesGiven = tokenScope != null;
        r.scopes = auth0Scopes(list(tokenScope));
        return r;
    }

    private ApplicationSpec spec(AppRequest r, boolean withName) {
        ApplicationSpec spec = new ApplicationSpec()
                .appType(r.appType)
                .tokenEndpointAuthMethod(r.authMethod)
                .callbacks(r.callbacks);
        if (r.grantTypes != null) {
            spec.grantTypes(r.grantTypes);
        }
        if (withName) {
            spec.name(ApplicationNames.name(tenantDomain, r.owner, r.clientName, r.keyType));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        putMeta(meta, META_OWNER, r.owner);
        putMeta(meta, META_APPLICATION, r.clientName);
        putMeta(meta, META_KEY_TYPE, r.keyType);
        putMeta(meta, META_TENANT, tenantDomain);
        putMeta(meta, META_AUDIENCE, r.audience);
        spec.clientMetadata(meta);
        return spec;
    }

    @Override
    public OAuthApplicationInfo createApplication(OAuthAppRequest request) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        AppRequest r = appRequest(info, false);
        Auth0Client c = client();
        Auth0Application app;
        try {
            app = c.createClient(spec(r, true));
        } catch (Auth0Exception e) {
            throw failed("creating the Auth0 application", e);
        }
        try {
            c.createClientGrant(app.clientId(), r.audience, r.scopes);
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
        remember(app.clientId(), r.audience);
        LOG.info("Created Auth0 application " + app.clientId() + " (" + app.name() + ") with a grant to " + r.audience
                + " for scopes " + r.scopes);
        return toInfo(app, r.audience, null);
    }

    @Override
    public OAuthApplicationInfo updateApplication(OAuthAppRequest request) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        String clientId = info.getClientId();
        if (isBlank(clientId)) {
            throw error("client_id is required to update an application");
        }
        AppRequest r = appRequest(info, true);
        Auth0Client c = client();
        try {
            Auth0Application existing = c.getClient(clientId);
            String previousAudience = existing.clientMetadata().get(META_AUDIENCE);
            if (r.audience == null) {
                r.audience = previousAudience;
            }
            if (r.audience == null) {
                throw error(AUDIENCE_OF_API + " is required: this key manager has no " + API_AUDIENCE + " to fall back to");
            }
            // also when the audience is the application's stored one: a grant is written for it below
            refuseAudience(r.audience, settings());
            boolean renamed = r.clientName != null && (r.owner != null || r.keyType != null);
            Auth0Application updated = c.updateClient(clientId, spec(r, renamed));
            ensureGrant(c, clientId, r.audience, r.scopesGiven ? r.scopes : null);
            if (previousAudience != null && !previousAudience.equals(r.audience)) {
                for (ClientGrant old : c.findClientGrants(clientId, previousAudience)) {
                    deleteGrantQuietly(c, old);
                }
            }
            remember(clientId, r.audience);
            return toInfo(updated, r.audience, info.getClientSecret());
        } catch (Auth0Exception e) {
            throw failed("updating Auth0 application " + clientId, e);
        }
    }

    /**
     * Developers choose the audience (and the scopes) in the Developer Portal, and the grant is created with this key
     * manager's own create:client_grants permission: without a limit a developer could grant their application any
     * API of the tenant, internal ones included, with any of its scopes. Only the operator's allowed_api_audiences
     * (by default just api_audience) pass; the Management API never does, however it is spelt, as a grant there
     * would hand a developer's application the tenant's administration (read:client_keys, create:clients, ...).
     */
    private void refuseAudience(String audience, Auth0KeyManagerSettings s) throws APIManagementException {
        if (audience == null) {
            return;
        }
        refuseManagementApi(audience, s);
        if (!s.audienceAllowed(audience)) {
            LOG.warn("Auth0 key manager \"" + s.name + "\": refused " + AUDIENCE_OF_API + " \"" + shorten(audience)
                    + "\", which is not in " + ALLOWED_API_AUDIENCES + " (" + describeAllowed(s) + ")");
            throw error(AUDIENCE_OF_API + " \"" + shorten(audience) + "\" is not an API this key manager may grant: "
                    + "it is not in " + ALLOWED_API_AUDIENCES + " (" + describeAllowed(s) + "); an administrator can "
                    + "add it in the Admin Portal");
        }
    }

    /** The Developer Portal never hands out grants or tokens for the tenant's own administration. */
    private void refuseManagementApi(String audience, Auth0KeyManagerSettings s) throws APIManagementException {
        if (isManagementApi(audience, s)) {
            throw error(AUDIENCE_OF_API + " must be the identifier of one of your APIs in Auth0, not the Auth0 "
                    + "Management API (" + audience + ")");
        }
    }

    private static String describeAllowed(Auth0KeyManagerSettings s) {
        List<String> allowed = new ArrayList<>();
        if (s.apiAudience != null) {
            allowed.add(s.apiAudience);
        }
        for (String a : s.allowedAudiences) {
            if (!allowed.contains(a)) {
                allowed.add(a);
            }
        }
        return allowed.isEmpty() ? "none allowed: set " + API_AUDIENCE + " or " + ALLOWED_API_AUDIENCES
                : "allowed: " + join(allowed, ", ");
    }

    private static String shorten(String value) {
        return value.length() > 200 ? value.substring(0, 200) + "..." : value;
    }

    /** {@code https://HOST/api/v2} (any case, trailing slashes) on the tenant's own domain or one of its issuers' hosts. */
    static boolean isManagementApi(String audience, Auth0KeyManagerSettings s) {
        URI a;
        try {
            a = new URI(audience.trim());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        String path = a.getPath() == null ? "" : a.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (a.getHost() == null || !"/api/v2".equalsIgnoreCase(path)) {
            return false;
        }
        List<String> tenantUrls = new ArrayList<>(s.acceptedIssuers);
        tenantUrls.add(s.managementAudience);
        tenantUrls.add(s.managementApiUrl);
        for (String url : tenantUrls) {
            try {
                String host = url == null ? null : new URI(url.trim()).getHost();
                if (host != null && host.equalsIgnoreCase(a.getHost())) {
                    return true;
                }
            } catch (java.net.URISyntaxException e) {
                // not a URL: cannot name the tenant's host
            }
        }
        return false;
    }

    /** Creates the grant, or updates the scopes of the existing one (an existing grant is not an error). */
    private void ensureGrant(Auth0Client c, String clientId, String audience, List<String> scopes) throws Auth0Exception {
        List<ClientGrant> grants = c.findClientGrants(clientId, audience);
        if (grants.isEmpty()) {
            try {
                c.createClientGrant(clientId, audience, scopes == null ? Collections.<String>emptyList() : scopes);
                return;
            } catch (Auth0Exception e) {
                if (!e.isConflict()) {
                    throw e;
                }
                grants = c.findClientGrants(clientId, audience); // created meanwhile by someone else
            }
        }
        for (ClientGrant g : grants) {
            if (scopes != null && !new LinkedHashSet<>(g.scopes()).equals(new LinkedHashSet<>(scopes))) {
                c.updateClientGrant(g.id(), scopes);
            }
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

    /** The application changed owner in APIM: the Auth0 application's name and metadata follow. */
    @Override
    public OAuthApplicationInfo updateApplicationOwner(OAuthAppRequest request, String owner) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        String clientId = info.getClientId();
        if (isBlank(clientId)) {
            throw error("client_id is required to change an application's owner");
        }
        if (isBlank(owner)) {
            throw error("the new owner is required");
        }
        Auth0Client c = client();
        try {
            Auth0Application existing = c.getClient(clientId);
            Map<String, String> meta = new LinkedHashMap<>(existing.clientMetadata());
            String application = firstText(meta.get(META_APPLICATION), info.getClientName());
            String keyType = firstText(meta.get(META_KEY_TYPE), info.getParameter(ApplicationConstants.APP_KEY_TYPE));
            putMeta(meta, META_OWNER, owner);
            ApplicationSpec spec = new ApplicationSpec().clientMetadata(meta);
            if (application != null) {
                spec.name(ApplicationNames.name(tenantDomain, owner, application, keyType));
            }
            Auth0Application updated = c.updateClient(clientId, spec);
            return toInfo(updated, meta.get(META_AUDIENCE), info.getClientSecret());
        } catch (Auth0Exception e) {
            throw failed("changing the owner of Auth0 application " + clientId, e);
        }
    }

    @Override
    public OAuthApplicationInfo retrieveApplication(String clientId) throws APIManagementException {
        if (isBlank(clientId)) {
            throw error("client_id is required to retrieve an application");
        }
        try {
            Auth0Application app = client().getClient(clientId);
            String audience = app.clientMetadata().get(META_AUDIENCE);
            remember(clientId, audience);
            return toInfo(app, audience, null);
        } catch (Auth0Exception e) {
            throw failed("reading Auth0 application " + clientId, e);
        }
    }

    @Override
    public void deleteApplication(String clientId) throws APIManagementException {
        if (isBlank(clientId)) {
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
            audienceByClient.remove(clientId);
        } catch (Auth0Exception e) {
            throw failed("deleting Auth0 application " + clientId, e);
        }
    }

    @Override
    public OAuthApplicationInfo mapOAuthApplication(OAuthAppRequest request) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        String clientId = info.getClientId();
        String secret = info.getClientSecret();
        if (isBlank(clientId)) {
            throw error("client_id is required to map an existing Auth0 application");
        }
        if (isBlank(secret)) {
            throw error("client_secret is required to map an existing Auth0 application");
        }
        Auth0Application app;
        try {
            app = client().getClient(clientId);
        } catch (Auth0Exception e) {
            if (e.isNotFound()) {
                throw error("Auth0 application " + clientId + " does not exist; it cannot be mapped");
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
        String audience = firstText(additionalProperties(info).get(AUDIENCE_OF_API), app.clientMetadata().get(META_AUDIENCE));
        refuseAudience(audience, settings());
        remember(clientId, audience == null ? settings().apiAudience : audience);
        return toInfo(app, audience, secret);
    }

    @Override
    public String getNewApplicationConsumerSecret(AccessTokenRequest request) throws APIManagementException {
        if (request == null || isBlank(request.getClientId())) {
            throw error("client_id is required to regenerate a client secret");
        }
        try {
            Auth0Application app = client().rotateClientSecret(request.getClientId());
            if (isBlank(app.clientSecret())) {
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
        audienceByClient.remove(clientId);
    }

    // ------------------------------------------------------------------ tokens

    @Override
    public AccessTokenInfo getNewApplicationAccessToken(AccessTokenRequest request) throws APIManagementException {
        if (request == null) {
            throw error("no token request was given");
        }
        String clientId = request.getClientId();
        if (isBlank(clientId)) {
            throw error("client_id is required to get an access token");
        }
        if (isBlank(request.getClientSecret())) {
            throw error("client_secret is required to get an access token");
        }
        if (request.getGrantType() != null && !GRANT_TYPE_CLIENT_CREDENTIALS.equals(request.getGrantType())) {
            throw error("Auth0 tokens are issued here with the client_credentials grant only, not \"" + request.getGrantType() + "\"");
        }
        String audience = audienceFor(clientId, request);
        List<String> wanted = auth0Scopes(request.getScope() == null ? Collections.<String>emptyList() : Arrays.asList(request.getScope()));
        TokenResponse token;
        try {
            token = client().clientCredentialsToken(clientId, request.getClientSecret(), audience, wanted);
        } catch (Auth0Exception e) {
            throw failed("getting a token for " + clientId + " and " + audience, e);
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

    private String audienceFor(String clientId, AccessTokenRequest request) throws APIManagementException {
        String audience = Auth0KeyManagerSettings.text(request.getRequestParam(AUDIENCE_OF_API));
        if (audience == null) {
            audience = audienceByClient.get(clientId);
        }
        if (audience == null) {
            try {
                audience = client().getClient(clientId).clientMetadata().get(META_AUDIENCE);
            } catch (Auth0Exception e) {
                if (!e.isNotFound()) {
                    throw failed("reading Auth0 application " + clientId, e);
                }
            }
        }
        if (audience == null) {
            audience = settings().apiAudience;
        }
        if (audience == null) {
            throw error("no audience is known for " + clientId + ": set " + AUDIENCE_OF_API + " on the application or "
                    + API_AUDIENCE + " on the key manager");
        }
        // No allow-list here: a token request writes nothing, Auth0 itself refuses audiences the application holds
        // no grant for, and the developer holds the client secret anyway. Refusing would only break applications
        // created before allowed_api_audiences existed.
        refuseManagementApi(audience, settings());
        remember(clientId, audience);
        return audience;
    }

    @Override
    public AccessTokenInfo getTokenMetaData(String accessToken) throws APIManagementException {
        AccessTokenInfo info = new AccessTokenInfo();
        info.setTokenValid(false);
        info.setKeyManager(settings().name);
        TokenGuard g = guard;
        if (g == null) {
            return invalid(info, "not_configured", "this key manager has no " + API_AUDIENCE + " or "
                    + ALLOWED_API_AUDIENCES + " to validate tokens for");
        }
        if (isBlank(accessToken)) {
            return invalid(info, "token_missing", "no token was given");
        }
        GuardDecision d;
        try {
            d = g.verify(accessToken.trim());
        } catch (RuntimeException e) {
            // thrown, not answered: APIM caches an invalid answer for the token cache's lifetime (15 min by default)
            LOG.error("Auth0 token validation failed unexpectedly: " + e.getClass().getSimpleName());
            throw error("the token could not be validated (internal error " + e.getClass().getSimpleName()
                    + "); try again");
        }
        if (d.reason() == dev.apimauth0.core.token.Reason.KEYS_UNAVAILABLE) {
            // transient: answering invalid would keep a genuine token rejected after the JWKS is back
            throw error("the signing keys of " + settings().issuer + " are unavailable (" + d.reason().code()
                    + "); try again");
        }
        if (d.outcome() == GuardDecision.Outcome.ACCEPTED) {
            VerifiedToken t = d.token();
            info.setTokenValid(true);
            info.setAccessToken(accessToken);
            info.setConsumerKey(t.authorizedParty());
            info.setEndUserName(t.subject());
            info.setScope(t.scopes().toArray(new String[0]));
            long iat = t.issuedAt() > 0 ? t.issuedAt() : System.currentTimeMillis() / 1000;
            info.setIssuedTime(iat * 1000L);
            info.setValidityPeriod(Math.max(0, t.expiresAt() - iat) * 1000L);
            info.setApplicationToken("client-credentials".equals(String.valueOf(t.claims().get("gty"))));
            info.addParameter("exp", t.expiresAt());
            info.addParameter("sub", t.subject());
            return info;
        }
        if (d.outcome() == GuardDecision.Outcome.PASS_THROUGH) {
            return invalid(info, "issuer_untrusted", "the token was not issued by this Auth0 tenant");
        }
        return invalid(info, d.reason() == null ? "invalid_token" : d.reason().code(),
                d.description() == null ? "the token is not valid" : d.description());
    }

    private static AccessTokenInfo invalid(AccessTokenInfo info, String reason, String description) {
        info.setTokenValid(false);
        info.setErrorcode(API_AUTH_INVALID_CREDENTIALS);
        info.addParameter(TOKEN_INFO_REASON, reason);
        info.addParameter(TOKEN_INFO_DESCRIPTION, description);
        return info;
    }

    @Override
    public boolean canHandleToken(String accessToken) throws APIManagementException {
        if (isBlank(accessToken)) {
            return false;
        }
        TokenGuard g = guard;
        if (g != null) {
            return g.isOurs(accessToken.trim());
        }
        return issuedHere(accessToken.trim());
    }

    /** Without a guard (no api_audience): a JWT whose iss is this tenant's, read without trusting it. */
    private boolean issuedHere(String token) {
        Auth0KeyManagerSettings s = settings;
        String[] parts = token.split("\\.", -1);
        if (s == null || parts.length != 3 || token.length() > 16384) {
            return false;
        }
        try {
            Map<String, Object> claims = JSON.readValue(java.util.Base64.getUrlDecoder().decode(parts[1]),
                    new TypeReference<Map<String, Object>>() { });
            return s.acceptedIssuers.contains(String.valueOf(claims.get("iss")));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public Map<String, String> getUserClaims(String username, Map<String, Object> properties) throws APIManagementException {
        Map<String, String> out = new LinkedHashMap<>();
        Object token = properties == null ? null : properties.get(ACCESS_TOKEN);
        TokenGuard g = guard;
        if (!(token instanceof String) || g == null) {
            return out;
        }
        GuardDecision d = g.verify(((String) token).trim());
        if (d.outcome() != GuardDecision.Outcome.ACCEPTED) {
            return out;
        }
        // Auth0 client_credentials tokens carry no user: the claims of the verified token are all there is
        for (Map.Entry<String, Object> e : d.token().claims().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Collection) {
                StringBuilder sb = new StringBuilder();
                for (Object item : (Collection<?>) v) {
                    sb.append(sb.length() == 0 ? "" : " ").append(item);
                }
                out.put(e.getKey(), sb.toString());
            } else if (v != null) {
                out.put(e.getKey(), String.valueOf(v));
            }
        }
        return out;
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
        Map<String, Object> params = parseObject(jsonInput, "application JSON");
        OAuthApplicationInfo target = info == null ? new OAuthApplicationInfo() : info;
        Object callback = params.get(ApplicationConstants.APP_CALLBACK_URL);
        if (callback != null && isBlank(target.getCallBackURL())) {
            target.setCallBackURL(Auth0KeyManagerSettings.text(callback));
        }
        List<String> grants = list(params.get(JSON_GRANT_TYPES));
        if ((grants.contains("authorization_code") || grants.contains("implicit")) && isBlank(target.getCallBackURL())) {
            throw error("callback_url is required for the authorization_code and implicit grant types");
        }
        if (params.get(JSON_CLIENT_ID) != null) {
            target.setClientId(Auth0KeyManagerSettings.text(params.get(JSON_CLIENT_ID)));
        }
        if (params.get(JSON_CLIENT_SECRET) != null) {
            target.setClientSecret(Auth0KeyManagerSettings.text(params.get(JSON_CLIENT_SECRET)));
        }
        if (params.get(ApplicationConstants.OAUTH_CLIENT_NAME) != null && isBlank(target.getClientName())) {
            target.setClientName(Auth0KeyManagerSettings.text(params.get(ApplicationConstants.OAUTH_CLIENT_NAME)));
        }
        target.putAll(params);
        // application fields are checked now, so a bad value is refused before any call to Auth0
        Map<String, Object> props = additionalProperties(target);
        String appType = Auth0KeyManagerSettings.text(props.get(APP_TYPE));
        if (appType != null && !APP_TYPES.contains(appType.toLowerCase(Locale.ROOT))) {
            throw error(APP_TYPE + " must be one of non_interactive, regular_web, spa, native, got \"" + appType + "\"");
        }
        String method = Auth0KeyManagerSettings.text(props.get(TOKEN_ENDPOINT_AUTH_METHOD));
        if (method != null && !AUTH_METHODS.contains(method.toLowerCase(Locale.ROOT))) {
            throw error(TOKEN_ENDPOINT_AUTH_METHOD + " must be one of client_secret_post, client_secret_basic, none, got \""
                    + method + "\"");
        }
        return target;
    }

    @Override
    public AccessTokenRequest buildAccessTokenRequestFromJSON(String jsonInput, AccessTokenRequest request)
            throws APIManagementException {
        if (isBlank(jsonInput)) {
            return request;
        }
        Map<String, Object> params = parseObject(jsonInput, "token request JSON");
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
            out.setScope(list(scopes).toArray(new String[0]));
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
        if (isBlank(app.getClientId())) {
            throw error("the application has no client_id (consumer key) to request a token with");
        }
        if (isBlank(app.getClientSecret())) {
            throw error("the application has no client_secret (consumer secret) to request a token with");
        }
        out.setClientId(app.getClientId());
        out.setClientSecret(app.getClientSecret());
        out.setGrantType(GRANT_TYPE_CLIENT_CREDENTIALS);
        Object tokenScope = app.getParameter(TOKEN_SCOPE);
        if (tokenScope != null) {
            out.setScope(list(tokenScope).toArray(new String[0]));
        }
        Object validity = app.getParameter(ApplicationConstants.VALIDITY_PERIOD);
        if (validity != null) {
            out.setValidityPeriod(validity(validity));
        }
        String audience = Auth0KeyManagerSettings.text(additionalProperties(app).get(AUDIENCE_OF_API));
        if (audience != null) {
            out.addRequestParam(AUDIENCE_OF_API, audience);
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
        if (isBlank(scopeName)) {
            throw error("a scope name is required to delete a scope");
        }
        writeScopes("deleting scope " + scopeName, Collections.<Scope>emptyList(), Collections.singleton(scopeName));
    }

    @Override
    public Scope getScopeByName(String name) throws APIManagementException {
        ResourceServerScopes store = scopeStore();
        if (store == null || isBlank(name)) {
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
        if (isBlank(k)) {
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
        if (isBlank(d)) {
            d = s.getName();
        }
        return isBlank(d) ? s.getKey() : d;
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
            info.setCallBackURL(join(app.callbacks(), ","));
        }
        info.addParameter(ApplicationConstants.OAUTH_CLIENT_ID, app.clientId());
        if (app.name() != null) {
            info.addParameter(ApplicationConstants.OAUTH_CLIENT_NAME, app.name());
        }
        // space-separated, as APIM's own key managers report grant types to the Developer Portal
        info.addParameter(JSON_GRANT_TYPES, join(app.grantTypes(), " "));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(APP_TYPE, app.appType());
        props.put(TOKEN_ENDPOINT_AUTH_METHOD, app.tokenEndpointAuthMethod());
        if (audience != null) {
            props.put(AUDIENCE_OF_API, audience);
        }
        info.addParameter(JSON_ADDITIONAL_PROPERTIES, props);
        return info;
    }

    private Map<String, Object> additionalProperties(OAuthApplicationInfo info) throws APIManagementException {
        Object p = info.getParameter(JSON_ADDITIONAL_PROPERTIES);
        if (p == null) {
            return Collections.emptyMap();
        }
        if (p instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) p).entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue());
            }
            return out;
        }
        String text = String.valueOf(p).trim();
        if (text.isEmpty()) {
            return Collections.emptyMap();
        }
        return parseObject(text, JSON_ADDITIONAL_PROPERTIES);
    }

    private Map<String, Object> parseObject(String json, String what) throws APIManagementException {
        if (isBlank(json)) {
            throw error(what + " is empty");
        }
        try {
            Object parsed = JSON.readValue(json, Object.class);
            if (!(parsed instanceof Map)) {
                throw error(what + " must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) parsed;
            return map;
        } catch (IOException e) {
            throw error(what + " is not valid JSON");
        }
    }

    /** Values given as a list, an array, or a string separated by commas or spaces. */
    static List<String> list(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof Collection || value instanceof Object[]) {
            Collection<?> items = value instanceof Collection ? (Collection<?>) value : Arrays.asList((Object[]) value);
            for (Object item : items) {
                out.addAll(list(item));
            }
            return out;
        }
        String s = String.valueOf(value).trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1); // Arrays.toString form, as APIM stores tokenScope
        }
        for (String part : s.split("[,\\s]+")) {
            String p = part.trim();
            if (!p.isEmpty() && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Requested scopes minus APIM's internal ones, which no Auth0 API defines. */
    private static List<String> auth0Scopes(List<String> requested) {
        List<String> out = new ArrayList<>();
        for (String s : requested) {
            if (!WSO2_ONLY_SCOPES.contains(s) && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private long validity(Object value) throws APIManagementException {
        String v = Auth0KeyManagerSettings.text(value);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw error(ApplicationConstants.VALIDITY_PERIOD + " must be a whole number of seconds, got \"" + v + "\"");
        }
    }

    private void remember(String clientId, String audience) {
        if (clientId == null || audience == null) {
            return;
        }
        if (audienceByClient.size() >= MAX_AUDIENCE_CACHE) {
            audienceByClient.clear();
        }
        audienceByClient.put(clientId, audience);
    }

    private static OAuthApplicationInfo requireInfo(OAuthAppRequest request) throws APIManagementException {
        if (request == null || request.getOAuthApplicationInfo() == null) {
            throw new APIManagementException("Auth0 key manager: the request carries no OAuth application");
        }
        return request.getOAuthApplicationInfo();
    }

    private static void putMeta(Map<String, String> meta, String key, String value) {
        if (value != null && !value.isEmpty()) {
            meta.put(key, value.length() > 255 ? value.substring(0, 255) : value);
        }
    }

    private static String firstText(Object a, Object b) {
        String s = Auth0KeyManagerSettings.text(a);
        return s != null ? s : Auth0KeyManagerSettings.text(b);
    }

    private static boolean isBlank(String s) {
        return s == null || s.trim().isEmpty();
    }

    private static String join(Collection<String> values, String sep) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (sb.length() > 0) {
                sb.append(sep);
            }
            sb.append(v);
        }
        return sb.toString();
    }

    private APIManagementException error(String message) {
        Auth0KeyManagerSettings s = settings;
        return new APIManagementException("Auth0 key manager \"" + (s == null ? "Auth0" : s.name) + "\": " + message);
    }

    private APIManagementException failed(String what, Auth0Exception e) {
        Auth0KeyManagerSettings s = settings;
        String m = "Auth0 key manager \"" + (s == null ? "Auth0" : s.name) + "\": " + what + " failed: " + e.getMessage();
        LOG.error(m);
        return new APIManagementException(m, e);
    }
}
