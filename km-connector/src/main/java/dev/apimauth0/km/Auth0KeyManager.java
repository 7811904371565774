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
public class Auth0KeyManager implements KeyManager, java.io.Closeable {

    private static final Log LOG = LogFactory.getLog(Auth0KeyManager.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> APP_TYPES = new HashSet<>(Arrays.asList("non_interactive", "regular_web", "spa", "native"));
    private static final Set<String> AUTH_METHODS = new HashSet<>(Arrays.asList("client_secret_post", "client_secret_basic", "none"));
    /**
     * Every grant type an Auth0 application can hold (Auth0's Management API, CreateClientRequestContent.grant_types),
     * by the names Auth0 and the Admin Portal use. All are passed to Auth0; tokens are issued here for
     * client_credentials only, and the others are refused only when such a token is asked of this key manager.
     */
    static final Set<String> AUTH0_GRANT_TYPES = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            "client_credentials", "authorization_code", "implicit", "refresh_token", "password",
            "http://auth0.com/oauth/grant-type/password-realm", "http://auth0.com/oauth/grant-type/mfa-oob",
            "http://auth0.com/oauth/grant-type/mfa-otp", "http://auth0.com/oauth/grant-type/mfa-recovery-code",
            "http://auth0.com/oauth/grant-type/passwordless/otp", "urn:openid:params:grant-type:ciba",
            "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "urn:ietf:params:oauth:grant-type:token-exchange",
            "urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token")));
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
        this.profiles = new ApplicationProfiles(newClient, s);
        this.grantScopes = new GrantScopes(newClient);
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
                : join(s.allowedAudiences, ", ")) + ", scope sync " + (s.syncScopes() ? "on" : "off"));
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

    /** What the Developer Portal asked for, checked before anything is written to Auth0. */
    private static final class AppRequest {
        String clientName;
        String owner;
        String keyType;
        String appType;
        boolean appTypeGiven;
        String authMethod;
        boolean authMethodGiven;
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
        r.appTypeGiven = Auth0KeyManagerSettings.text(props.get(APP_TYPE)) != null;
        r.appType = firstText(props.get(APP_TYPE), DEFAULT_APP_TYPE).toLowerCase(Locale.ROOT);
        if (!APP_TYPES.contains(r.appType)) {
            throw error(APP_TYPE + " must be one of non_interactive, regular_web, spa, native, got \"" + r.appType + "\"");
        }
        r.authMethodGiven = Auth0KeyManagerSettings.text(props.get(TOKEN_ENDPOINT_AUTH_METHOD)) != null;
        r.authMethod = firstText(props.get(TOKEN_ENDPOINT_AUTH_METHOD), DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD).toLowerCase(Locale.ROOT);
        if (!AUTH_METHODS.contains(r.authMethod)) {
            throw error(TOKEN_ENDPOINT_AUTH_METHOD + " must be one of client_secret_post, client_secret_basic, none, got \""
                    + r.authMethod + "\"");
        }
        if (!forUpdate) {
            refuseAuthMethodNone(r.authMethod, r.appType);
        }
        String audience = Auth0KeyManagerSettings.text(props.get(AUDIENCE_OF_API));
        r.audienceGiven = audience != null;
        // an update without audience keeps the application's own, read back from Auth0 (see updateApplication)
        r.audience = audience != null ? audience : forUpdate ? null : s.apiAudience;
        if (r.audience == null && !forUpdate) {
            throw error(AUDIENCE_OF_API + " is required: this key manager has no " + API_AUDIENCE + " to fall back to");
        }
        refuseAudience(r.audience, s);
        List<String> grants = list(info.getParameter(JSON_GRANT_TYPES));
        if (grants.isEmpty() && !forUpdate) {
            grants = Collections.singletonList(GRANT_TYPE_CLIENT_CREDENTIALS);
        }
        List<String> unknown = new ArrayList<>();
        for (String g : grants) {
            if (!AUTH0_GRANT_TYPES.contains(g)) {
                unknown.add(g);
            }
        }
        if (!unknown.isEmpty()) {
            throw error(JSON_GRANT_TYPES + ": Auth0 has no grant type " + join(unknown, ", ") + "; Auth0 applications can "
                    + "use " + join(AUTH0_GRANT_TYPES, ", ") + " (an administrator can remove the others from the key "
                    + "manager's grant types in the Admin Portal)");
        }
        r.grantTypes = grants.isEmpty() ? null : grants;
        r.callbacks = list(info.getCallBackURL());
        if (r.grantTypes != null && (r.grantTypes.contains("authorization_code") || r.grantTypes.contains("implicit"))
                && r.callbacks.isEmpty()) {
            throw error("callback_url is required for the authorization_code and implicit grant types");
        }
        Object tokenScope = info.getParameter(TOKEN_SCOPE);
        r.scopesGiven = tokenScope != null;
        r.scopes = GrantScopes.meaningful(list(tokenScope));
        return r;
    }

    private void refuseAuthMethodNone(String authMethod, String appType) throws APIManagementException {
        if ("none".equals(authMethod) && !("spa".equals(appType) || "native".equals(appType))) {
            throw error(TOKEN_ENDPOINT_AUTH_METHOD + " none is only for spa and native applications; "
                    + appType + " applications authenticate with a secret");
        }
    }

    private ApplicationSpec spec(AppRequest r, boolean withName) {
        ApplicationSpec spec = new ApplicationSpec().callbacks(r.callbacks);
        if (r.appTypeGiven) {
            spec.appType(r.appType);
        }
        if (r.authMethodGiven) {
            spec.tokenEndpointAuthMethod(r.authMethod);
        }
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

    /**
     * Generate Keys. Reproduces AbstractApplicationRegistrationWorkflowExecutor.dogenerateKeysForApplication
     * (9.0.174): the request carries the application name as client name, username, key_type, the portal's
     * additionalProperties, grant_types and tokenScope ("default" and the scopes picked).
     */
    @Override
    public OAuthApplicationInfo createApplication(OAuthAppRequest request) throws APIManagementException {
        OAuthApplicationInfo info = requireInfo(request);
        AppRequest r = appRequest(info, false);
        r.appTypeGiven = true;
        r.authMethodGiven = true;
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
        ApplicationSpec spec = spec(r, true);
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
                    + " applications named \"" + name + "\" (" + join(ids, ", ") + "); delete the extra ones in the "
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
        if (isBlank(clientId)) {
            throw error("client_id is required to update an application");
        }
        AppRequest r = appRequest(info, true);
        Auth0Client c = client();
        try {
            Auth0Application existing = c.getClient(clientId);
            ApplicationProfile before = profiles.of(existing);
            String previousAudience = before.granted ? before.audience : null;
            if (r.audience == null) {
                r.audience = before.audience != null ? before.audience : settings().apiAudience;
            }
            if (r.audience == null) {
                throw error(AUDIENCE_OF_API + " is required: this key manager has no " + API_AUDIENCE + " to fall back to");
            }
            boolean audienceChanged = !r.audience.equals(previousAudience);
            List<String> add = r.scopesGiven ? r.scopes : Collections.<String>emptyList();
            if (audienceChanged || r.audienceGiven || !add.isEmpty()) {
                // a grant is written for it below, with this key manager's own permissions
                refuseAudience(r.audience, settings());
            } else {
                refuseManagementApi(r.audience, settings());
            }
            refuseAuthMethodNone(r.authMethodGiven ? r.authMethod : existing.tokenEndpointAuthMethod(),
                    r.appTypeGiven ? r.appType : existing.appType());
            Set<String> defined = null;
            if (!add.isEmpty() || (audienceChanged && previousAudience != null)) {
                defined = grantScopes.definedOn(r.audience);
                grantScopes.refuseUndefined(r.audience, add, defined, settings().name);
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
            Auth0Application updated = c.updateClient(clientId, spec(r, renamed));
            grantScopes.ensure(clientId, r.audience, add, defined);
            if (previousAudience != null && audienceChanged) {
                for (ClientGrant old : c.findClientGrants(clientId, previousAudience)) {
                    deleteGrantQuietly(c, old);
                }
            }
            profiles.remember(new ApplicationProfile(clientId, r.audience, true, updated.tokenEndpointAuthMethod(),
                    updated.grantTypes(), updated.callbacks()));
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
        if (isBlank(clientId)) {
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
            String keyType = firstText(meta.get(META_KEY_TYPE), info.getParameter(ApplicationConstants.APP_KEY_TYPE));
            if (application == null) {
                // the stock connector named applications owner + application + "_" + key type
                String[] legacy = LegacyNames.split(existing.name(), oldOwner);
                if (legacy != null) {
                    application = legacy[0];
                    keyType = firstText(keyType, legacy[1]);
                }
            }
            putMeta(meta, META_OWNER, owner);
            putMeta(meta, META_APPLICATION, application);
            putMeta(meta, META_KEY_TYPE, keyType);
            putMeta(meta, META_TENANT, tenantDomain);
            ApplicationProfile profile = profiles.of(existing);
            putMeta(meta, META_AUDIENCE, profile.audience);
            ApplicationSpec spec = new ApplicationSpec().clientMetadata(meta);
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
        if (isBlank(clientId)) {
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
        String given = Auth0KeyManagerSettings.text(additionalProperties(info).get(AUDIENCE_OF_API));
        String audience = given != null ? given : profile.audience != null ? profile.audience : settings().apiAudience;
        if (given != null) {
            refuseAudience(given, settings());
        } else if (audience != null) {
            refuseManagementApi(audience, settings());
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
        if (isBlank(clientId)) {
            throw error("client_id is required to get an access token");
        }
        if (isBlank(request.getClientSecret())) {
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
        refuseManagementApi(audience, settings());
        List<String> wanted = GrantScopes.meaningful(request.getScope() == null
                ? Collections.<String>emptyList() : list(Arrays.asList(request.getScope())));
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
            refuseAudience(audience, settings());
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
        // JWTGenerator.populateCustomClaims (9.0.174) passes the token under APIConstants.KeyManager.ACCESS_TOKEN
        Object token = properties == null ? null : properties.get(ACCESS_TOKEN);
        if (token == null && properties != null) {
            token = properties.get(LEGACY_ACCESS_TOKEN);
        }
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
        Map<String, Object> props = additionalProperties(app);
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
            // the portal reads the callback from the info and, in the generate and map responses, from the JSON
            // of its parameters (redirect_uris, as APIM's own key manager writes it)
            String callbacks = join(app.callbacks(), ",");
            info.setCallBackURL(callbacks);
            info.addParameter(ApplicationConstants.OAUTH_REDIRECT_URIS, callbacks);
            info.addParameter(ApplicationConstants.APP_CALLBACK_URL, callbacks);
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
        return KeyManagerError.badRequest("Auth0 key manager \"" + (s == null ? "Auth0" : s.name) + "\": " + message);
    }

    private APIManagementException failed(String what, Auth0Exception e) {
        Auth0KeyManagerSettings s = settings;
        String m = "Auth0 key manager \"" + (s == null ? "Auth0" : s.name) + "\": " + what + " failed: " + e.getMessage();
        LOG.error(m);
        return KeyManagerError.fromAuth0(m, e);
    }
}
