package dev.apimauth0.km;

import dev.apimauth0.auth0.client.Auth0Client;
import dev.apimauth0.auth0.client.Auth0ClientConfig;
import dev.apimauth0.core.config.InvalidSettingException;
import dev.apimauth0.core.config.ProviderConfig;
import dev.apimauth0.core.config.TokenGuardConfig;
import dev.apimauth0.core.token.TokenGuard;
import dev.apimauth0.core.token.TokenGuards;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.wso2.carbon.apimgt.api.APIManagementException;
import org.wso2.carbon.apimgt.api.model.API;
import org.wso2.carbon.apimgt.api.model.AccessTokenInfo;
import org.wso2.carbon.apimgt.api.model.AccessTokenRequest;
import org.wso2.carbon.apimgt.api.model.KeyManager;
import org.wso2.carbon.apimgt.api.model.KeyManagerConfiguration;
import org.wso2.carbon.apimgt.api.model.OAuthAppRequest;
import org.wso2.carbon.apimgt.api.model.OAuthApplicationInfo;
import org.wso2.carbon.apimgt.api.model.Scope;
import org.wso2.carbon.apimgt.api.model.URITemplate;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static dev.apimauth0.km.Auth0KeyManagerConstants.*;

/**
 * APIM 4.0.0 key manager backed by an Auth0 tenant: a facade over the parts one load builds (applications, token
 * service, token metadata, scope sync), with the application field rules, the audience policy and the scope policy
 * in classes of their own.
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

    /** Everything one load produced, replaced as a whole, so that each call sees one consistent set of parts. */
    private static final class Loaded {
        final KeyManagerConfiguration configuration;
        final Auth0KeyManagerSettings settings;
        final Auth0Client client;
        final TokenGuard guard;
        /** What each Auth0 application's tokens need (audience, auth method), recovered from Auth0. */
        final ApplicationProfiles profiles;
        final Applications applications;
        final TokenService tokenService;
        final TokenMetadata tokenMetadata;
        final ScopeSync scopeSync;

        Loaded(KeyManagerConfiguration configuration, Auth0KeyManagerSettings settings, Auth0Client client,
               TokenGuard guard, boolean validating, String tenantDomain) {
            this.configuration = configuration;
            this.settings = settings;
            this.client = client;
            this.guard = guard;
            this.profiles = new ApplicationProfiles(client, settings);
            GrantScopes grantScopes = new GrantScopes(client);
            this.applications = new Applications(settings, client, profiles, grantScopes, tenantDomain, configuration);
            this.tokenService = new TokenService(settings, client, profiles, grantScopes);
            this.tokenMetadata = new TokenMetadata(settings, guard, validating);
            this.scopeSync = new ScopeSync(settings, settings.apiAudience == null ? null
                    : new ResourceServerScopes(client, settings.apiAudience));
        }

        void close() {
            client.close();
            guard.close();
        }
    }

    private volatile Loaded loaded;
    private volatile String tenantDomain;

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
        Loaded old = this.loaded;
        this.loaded = new Loaded(config, s, new Auth0Client(clientConfig), newGuard, !validAudiences.isEmpty(),
                tenantDomain);
        ReplacedInstances.replace(tenantDomain, s.name, this, ReplacedInstances.GRACE_MILLIS);
        if (old != null) {
            old.close();
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
        Loaded l = loaded;
        if (l != null) {
            l.close();
        }
    }

    @Override
    public KeyManagerConfiguration getKeyManagerConfiguration() throws APIManagementException {
        Loaded l = loaded;
        return l == null ? null : l.configuration;
    }

    @Override
    public String getType() {
        Loaded l = loaded;
        return l != null && l.configuration.getType() != null ? l.configuration.getType() : DEFAULT_TYPE;
    }

    @Override
    public void setTenantDomain(String tenantDomain) {
        this.tenantDomain = tenantDomain;
    }

    private Loaded loaded() throws APIManagementException {
        Loaded l = loaded;
        if (l == null) {
            throw KeyManagerError.unavailable("Auth0 key manager: loadConfiguration has not run");
        }
        return l;
    }

    /** The key manager's name for messages, also before a load. */
    private String name() {
        Loaded l = loaded;
        return l == null ? null : l.settings.name;
    }

    // ------------------------------------------------------------------ applications

    @Override
    public OAuthApplicationInfo createApplication(OAuthAppRequest request) throws APIManagementException {
        return loaded().applications.createApplication(request);
    }

    @Override
    public OAuthApplicationInfo updateApplication(OAuthAppRequest request) throws APIManagementException {
        return loaded().applications.updateApplication(request);
    }

    @Override
    public OAuthApplicationInfo updateApplicationOwner(OAuthAppRequest request, String oldOwner) throws APIManagementException {
        return loaded().applications.updateApplicationOwner(request, oldOwner);
    }

    @Override
    public OAuthApplicationInfo retrieveApplication(String clientId) throws APIManagementException {
        return loaded().applications.retrieveApplication(clientId);
    }

    @Override
    public void deleteApplication(String clientId) throws APIManagementException {
        loaded().applications.deleteApplication(clientId);
    }

    @Override
    public OAuthApplicationInfo mapOAuthApplication(OAuthAppRequest request) throws APIManagementException {
        return loaded().applications.mapOAuthApplication(request);
    }

    @Override
    public String getNewApplicationConsumerSecret(AccessTokenRequest request) throws APIManagementException {
        return loaded().applications.getNewApplicationConsumerSecret(request);
    }

    @Override
    public void deleteMappedApplication(String clientId) throws APIManagementException {
        Loaded l = loaded;
        if (l != null) {
            l.applications.deleteMappedApplication(clientId);
        }
    }

    // ------------------------------------------------------------------ tokens

    @Override
    public AccessTokenInfo getNewApplicationAccessToken(AccessTokenRequest request) throws APIManagementException {
        return loaded().tokenService.getNewApplicationAccessToken(request);
    }

    @Override
    public AccessTokenInfo getTokenMetaData(String accessToken) throws APIManagementException {
        return loaded().tokenMetadata.metaData(accessToken);
    }

    @Override
    public boolean canHandleToken(String accessToken) throws APIManagementException {
        Loaded l = loaded;
        return l != null && l.tokenMetadata.canHandle(accessToken);
    }

    @Override
    public Map<String, String> getUserClaims(String username, Map<String, Object> properties) throws APIManagementException {
        Loaded l = loaded;
        return l == null ? new LinkedHashMap<String, String>() : l.tokenMetadata.userClaims(properties);
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
        return JsonRequests.buildFromJSON(name(), new OAuthApplicationInfo(), jsonInput);
    }

    @Override
    public OAuthApplicationInfo buildFromJSON(OAuthApplicationInfo info, String jsonInput) throws APIManagementException {
        return JsonRequests.buildFromJSON(name(), info, jsonInput);
    }

    @Override
    public AccessTokenRequest buildAccessTokenRequestFromJSON(String jsonInput, AccessTokenRequest request)
            throws APIManagementException {
        return JsonRequests.buildAccessTokenRequestFromJSON(name(), jsonInput, request);
    }

    @Override
    public AccessTokenRequest buildAccessTokenRequestFromOAuthApp(OAuthApplicationInfo app, AccessTokenRequest request)
            throws APIManagementException {
        return JsonRequests.buildAccessTokenRequestFromOAuthApp(name(), app, request);
    }

    // ------------------------------------------------------------------ scopes

    @Override
    public void registerScope(Scope scope) throws APIManagementException {
        loaded().scopeSync.registerScope(scope);
    }

    @Override
    public void updateScope(Scope scope) throws APIManagementException {
        loaded().scopeSync.updateScope(scope);
    }

    @Override
    public void deleteScope(String scopeName) throws APIManagementException {
        loaded().scopeSync.deleteScope(scopeName);
    }

    @Override
    public Scope getScopeByName(String name) throws APIManagementException {
        return loaded().scopeSync.getScopeByName(name);
    }

    @Override
    public Map<String, Scope> getAllScopes() throws APIManagementException {
        return loaded().scopeSync.getAllScopes();
    }

    @Override
    public boolean isScopeExists(String name) throws APIManagementException {
        return loaded().scopeSync.isScopeExists(name);
    }

    @Override
    public void validateScopes(Set<Scope> scopesToValidate) throws APIManagementException {
        loaded().scopeSync.validateScopes(scopesToValidate);
    }

    @Override
    public void attachResourceScopes(API api, Set<URITemplate> uriTemplates) throws APIManagementException {
        loaded().scopeSync.attachResourceScopes(api, uriTemplates);
    }

    @Override
    public void updateResourceScopes(API api, Set<String> oldLocalScopeKeys, Set<Scope> newLocalScopes,
                                     Set<URITemplate> oldURITemplates, Set<URITemplate> newURITemplates)
            throws APIManagementException {
        loaded().scopeSync.updateResourceScopes(api, oldLocalScopeKeys, newLocalScopes, oldURITemplates, newURITemplates);
    }

    @Override
    public void detachResourceScopes(API api, Set<URITemplate> uriTemplates) throws APIManagementException {
        loaded().scopeSync.detachResourceScopes(api, uriTemplates);
    }

    @Override
    public Map<String, Set<Scope>> getScopesForAPIS(String apiIdsString) throws APIManagementException {
        return loaded().scopeSync.getScopesForAPIS(apiIdsString);
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
}
